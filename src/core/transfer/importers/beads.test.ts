import { describe, expect, it } from 'vitest';
import { fixtureStream, fixtureText } from '../../../../test/support/import-fixtures.js';
import { parseImport } from './parse-import.js';

/** What issues.jsonl holds, counted from the JSON lines themselves. */
function sourceCounts() {
  const lines = fixtureText('beads', 'issues.jsonl')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { _type: string; comments?: unknown[]; labels?: unknown[]; dependencies?: unknown[] });
  const issues = lines.filter((l) => l._type === 'issue');
  return {
    issues: issues.length,
    comments: issues.reduce((n, i) => n + (i.comments?.length ?? 0), 0),
    labels: issues.reduce((n, i) => n + (i.labels?.length ?? 0), 0),
    dependencies: issues.reduce((n, i) => n + (i.dependencies?.length ?? 0), 0),
  };
}

describe('beads importer', () => {
  it('reads every issue with its comments, labels and dependencies; a memory line is not a ticket', async () => {
    const src = sourceCounts();
    const { items, omitted } = await parseImport('beads', fixtureStream('beads', 'issues.jsonl'));
    expect(items).toHaveLength(src.issues);
    expect(items.reduce((n, i) => n + i.comments.length, 0)).toBe(src.comments);
    expect(items.reduce((n, i) => n + i.labels.length, 0)).toBe(src.labels);
    const links = items.reduce((n, i) => n + i.blockedBy.length + i.related.length + (i.parent ? 1 : 0), 0);
    expect(links).toBe(src.dependencies);
    expect(omitted).toEqual([
      { externalId: 'release-process', origin: 'line 8', reason: 'a beads memory record, not an issue' },
    ]);
    expect(items.find((i) => i.externalId === 'bd-a1b2.1')).toMatchObject({
      status: 'in_progress',
      statusCategory: 'started',
      type: 'feature',
      priority: 'P0',
      assignees: ['bob'],
      author: 'bob',
      parent: 'bd-a1b2',
      blockedBy: ['bd-c3d4'],
      dueDate: '2026-02-15',
      estimate: 240,
      estimateUnit: 'minutes',
      description:
        'Email + password login form.\n\n## Design\n\nOne form, errors inline.\n\n## Acceptance criteria\n\n- invalid emails are rejected\n- errors show next to the field',
    });
    expect(items.find((i) => i.externalId === 'bd-c3d4')).toMatchObject({
      statusCategory: 'done',
      closedAt: Date.parse('2026-01-07T16:30:00Z'),
      extra: expect.objectContaining({ close_reason: 'Green on main' }),
    });
    expect(items.find((i) => i.externalId === 'bd-e5f6')!.related).toEqual(['bd-a1b2.1']); // discovered-from
  });

  it('refuses a line cut short naming it, or skips it', async () => {
    await expect(parseImport('beads', fixtureStream('beads', 'broken.jsonl'))).rejects.toThrow(
      /^beads: line 4: not JSON/,
    );
    const { items, skipped } = await parseImport('beads', fixtureStream('beads', 'broken.jsonl'), { skipBad: true });
    expect(items.map((i) => i.externalId)).not.toContain('bd-c3d4');
    expect(skipped).toEqual([{ origin: 'line 4', reason: expect.stringMatching(/^not JSON/) }]);
  });

  it('refuses a priority that is not a number', async () => {
    const line = JSON.stringify({ id: 'bd-1', title: 'x', status: 'open', priority: 'high' });
    await expect(parseImport('beads', `${line}\n`)).rejects.toThrow(/line 1: bd-1: priority should be a number 0-4/);
  });
});

import { describe, expect, it } from 'vitest';
import { fixtureStream } from '../../../../test/support/import-fixtures.js';
import { jiraTime } from './jira.js';
import { parseImport } from './parse-import.js';

describe('Jira importer', () => {
  // issues.csv: 7 issues, 6 comments (Comment columns), 7 label values (Labels columns), 3 parents
  // (Parent ids 10001 x2, 10002), 2 Blocks cells (one link seen from both ends), 2 Relates cells, 1 Duplicate
  it('reads repeated columns: every label, comment, sprint, link and parent the export has', async () => {
    const { items, skipped } = await parseImport('jira', fixtureStream('jira', 'issues.csv'), {
      baseUrl: 'https://acme.atlassian.net',
    });
    expect(skipped).toEqual([]);
    expect(items).toHaveLength(7);
    expect(items.reduce((n, i) => n + i.comments.length, 0)).toBe(6);
    expect(items.reduce((n, i) => n + i.labels.length, 0)).toBe(7);
    expect(items.filter((i) => i.parent).map((i) => [i.externalId, i.parent])).toEqual([
      ['SHOP-2', 'SHOP-1'],
      ['SHOP-3', 'SHOP-2'],
      ['SHOP-7', 'SHOP-1'],
    ]);
    const card = items.find((i) => i.externalId === 'SHOP-2')!;
    expect(card).toMatchObject({
      url: 'https://acme.atlassian.net/browse/SHOP-2',
      type: 'Story',
      status: 'Done',
      statusCategory: 'done',
      priority: 'Highest',
      labels: ['payment', 'backend'],
      assignees: ['Bob Smith'],
      author: 'Alice Ng',
      estimate: 5,
      estimateUnit: 'points',
      milestone: '2026.1',
      blocks: ['SHOP-4'],
      createdAt: Date.UTC(2026, 0, 3, 10, 15),
      closedAt: Date.UTC(2026, 0, 16, 17, 45),
      extra: expect.objectContaining({ sprints: ['SHOP Sprint 1', 'SHOP Sprint 2'], components: ['Payments', 'Web'] }),
    });
    expect(card.comments[1]).toEqual({
      at: Date.UTC(2026, 0, 16, 17, 40),
      author: '557058:0a1b2c3d-aaaa-4bbb-8ccc-000000000001',
      body: 'Shipped; thanks!',
    });
    const rounding = items.find((i) => i.externalId === 'SHOP-5')!;
    expect(rounding.statusCategory).toBe('cancelled'); // Done, but resolved Won't Do
    expect(rounding.comments[1]!.body).toBe("Old code path; won't do.\nSee SHOP-1.");
    expect(items.find((i) => i.externalId === 'SHOP-4')).toMatchObject({
      blockedBy: ['SHOP-2'],
      related: ['SHOP-5'],
      estimate: 240,
      estimateUnit: 'minutes',
    });
    expect(items.find((i) => i.externalId === 'SHOP-6')!.duplicateOf).toBe('SHOP-5');
    expect(items.find((i) => i.externalId === 'SHOP-3')!.dueDate).toBe('2026-01-30');
  });

  it("reads Jira's default time format and ISO-like ones, as UTC", () => {
    expect(jiraTime('05/Jan/26 9:00 AM', 'x', 'f')).toBe(Date.UTC(2026, 0, 5, 9));
    expect(jiraTime('05/Jan/26 12:30 PM', 'x', 'f')).toBe(Date.UTC(2026, 0, 5, 12, 30));
    expect(jiraTime('05/Jan/26 12:30 AM', 'x', 'f')).toBe(Date.UTC(2026, 0, 5, 0, 30));
    expect(jiraTime('2026-01-05 21:15', 'x', 'f')).toBe(Date.UTC(2026, 0, 5, 21, 15));
    expect(() => jiraTime('yesterday', 'line 3', 'Created')).toThrow(/Created is not a time/);
  });

  it('reads the newer "Work item" headers', async () => {
    const { items } = await parseImport('jira', 'Summary,Work item key,Work item type,Status\nA,WI-1,Task,To Do\n');
    expect(items[0]).toMatchObject({ externalId: 'WI-1', type: 'Task', statusCategory: 'todo' });
  });

  it('refuses a row with broken quoting naming its line, or skips it', async () => {
    await expect(parseImport('jira', fixtureStream('jira', 'broken.csv'))).rejects.toThrow(
      /^jira: line 5: unexpected " " after a closing quote/,
    );
    const { items, skipped } = await parseImport('jira', fixtureStream('jira', 'broken.csv'), { skipBad: true });
    expect(items.map((i) => i.externalId)).toEqual(['SHOP-1', 'SHOP-2', 'SHOP-3', 'SHOP-5', 'SHOP-6', 'SHOP-7']);
    expect(skipped).toEqual([{ origin: 'line 5', reason: 'unexpected " " after a closing quote' }]);
  });
});

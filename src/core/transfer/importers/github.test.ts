import { describe, expect, it } from 'vitest';
import { fixtureStream, fixtureText } from '../../../../test/support/import-fixtures.js';
import { parseImport } from './parse-import.js';

/** What gh-issues.json holds, counted straight from the JSON rather than through the parser. */
function sourceCounts() {
  const issues = JSON.parse(fixtureText('github', 'gh-issues.json')) as {
    comments: unknown[];
    labels: unknown[];
    blockedBy: unknown[];
    parent: unknown;
  }[];
  return {
    issues: issues.length,
    comments: issues.reduce((n, i) => n + i.comments.length, 0),
    labels: issues.reduce((n, i) => n + i.labels.length, 0),
    blockedBy: issues.reduce((n, i) => n + i.blockedBy.length, 0),
    parents: issues.filter((i) => i.parent !== null).length,
  };
}

describe('GitHub importer', () => {
  it('reads gh issue list --json: every issue, comment, label, parent and blocker the file has', async () => {
    const src = sourceCounts();
    const { items, skipped, omitted } = await parseImport('github', fixtureStream('github', 'gh-issues.json'));
    expect(skipped).toEqual([]);
    expect(omitted).toEqual([]);
    expect(items).toHaveLength(src.issues);
    expect(items.reduce((n, i) => n + i.comments.length, 0)).toBe(src.comments);
    expect(items.reduce((n, i) => n + i.labels.length, 0)).toBe(src.labels);
    expect(items.reduce((n, i) => n + i.blockedBy.length, 0)).toBe(src.blockedBy);
    expect(items.filter((i) => i.parent !== null)).toHaveLength(src.parents);
    const login = items.find((i) => i.externalId === 'acme/web#2')!;
    expect(login).toMatchObject({
      url: 'https://github.com/acme/web/issues/2',
      title: 'Login page',
      status: 'open',
      statusCategory: 'todo',
      type: 'Feature',
      labels: ['frontend', 'auth'],
      assignees: ['bob', 'carol'],
      author: 'bob',
      milestone: 'v1.0',
      parent: 'acme/web#6',
      blockedBy: ['acme/web#1'],
      blocks: ['acme/web#4'],
      createdAt: Date.parse('2026-01-06T10:00:00Z'),
    });
    expect(login.comments[0]).toEqual({
      author: 'carol',
      body: 'Design is in Figma, page 3.',
      at: Date.parse('2026-01-08T11:00:00Z'),
    });
    expect(items.find((i) => i.externalId === 'acme/web#3')).toMatchObject({
      status: 'closed/not_planned',
      statusCategory: 'cancelled',
      closedAt: Date.parse('2026-01-12T09:00:00Z'),
    });
    expect(items.find((i) => i.externalId === 'acme/web#5')!.status).toBe('closed/duplicate');
    expect(items.find((i) => i.externalId === 'acme/web#7')).toMatchObject({
      status: 'open',
      type: null,
      description: '',
    });
  });

  it('reads one issue from gh issue view --json', async () => {
    const { items } = await parseImport('github', fixtureText('github', 'gh-view.json'));
    expect(items.map((i) => [i.externalId, i.comments.length])).toEqual([['acme/web#2', 2]]);
  });

  it('reads REST pages one after another, attaches the comments pages by issue_url, and skips the pull request', async () => {
    const { items, omitted } = await parseImport('github', fixtureStream('github', 'rest.json'));
    expect(items).toHaveLength(7);
    expect(omitted).toEqual([
      { externalId: 'acme/web#8', origin: 'line 1', reason: expect.stringMatching(/pull request/) },
    ]);
    expect(items.reduce((n, i) => n + i.comments.length, 0)).toBe(sourceCounts().comments);
    // the same issues as gh's JSON, read from snake_case
    const gh = await parseImport('github', fixtureStream('github', 'gh-issues.json'));
    const shape = (i: (typeof items)[number]) => [
      i.externalId,
      i.status,
      i.type,
      i.labels,
      i.assignees,
      i.parent,
      i.comments,
    ];
    expect(items.map(shape)).toEqual(gh.items.map(shape));
    expect(items.find((i) => i.externalId === 'acme/web#4')!.parent).toBe('acme/web#6'); // from parent_issue_url
  });

  it('imports pull requests when asked', async () => {
    const { items } = await parseImport('github', fixtureStream('github', 'rest.json'), { includePullRequests: true });
    expect(items.find((i) => i.externalId === 'acme/web#8')).toMatchObject({
      type: 'pull_request',
      url: 'https://github.com/acme/web/pull/8',
    });
  });

  it('refuses a malformed issue naming its line, or with skipBad lists it and reads the rest', async () => {
    await expect(parseImport('github', fixtureStream('github', 'broken.json'))).rejects.toMatchObject({
      code: 'validation',
      details: { origin: 'line 205' },
      message: expect.stringMatching(/^github: line 205: not valid JSON/),
    });
    const { items, skipped } = await parseImport('github', fixtureStream('github', 'broken.json'), { skipBad: true });
    expect(items).toHaveLength(6);
    expect(skipped).toEqual([{ origin: 'line 205', reason: expect.stringMatching(/not valid JSON/) }]);
  });
});

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/temp.js';
import type { Docket, Project } from '../../core/docket.js';
import { openDocket } from '../../open.js';

// Snippets come with the ranked rows when they can; these are the paths where they cannot: a filter
// that rejects the whole first ranked batch (the filtered join takes over) and comment-only hits.
describe('search snippets on SQLite', () => {
  const tmp = tempDir();
  let docket: Docket;
  let doc: Project;

  beforeAll(async () => {
    docket = await openDocket(join(tmp.dir, 'search.db'), { synchronous: 'off' });
    await docket.createProject({ key: 'doc' });
    doc = docket.project('doc', { actor: 'alice' });
    // 120 tasks that name the word in their title outrank the bugs that only mention it.
    for (let n = 0; n < 120; n++) await doc.create({ title: `alpha task ${n}`, description: 'routine work' });
    for (let n = 0; n < 3; n++) {
      await doc.create({ title: `crash ${n}`, type: 'bug', description: `the parser fails on alpha input ${n}` });
    }
    const quiet = await doc.create({ title: 'quiet bug', type: 'bug', description: 'nothing to see' });
    await doc.comment(quiet.id, 'seen with alpha builds too');
  });
  afterAll(async () => {
    await docket.close();
    tmp.cleanup();
  });

  it('marks the matches in snippets of the ranked rows', async () => {
    const hits = await doc.search({ query: 'alpha', limit: 5 });
    expect(hits).toHaveLength(5);
    for (const h of hits) expect(h.snippet).toContain('**alpha**');
  });

  it('still makes snippets when a filter sends the search past the first ranked rows', async () => {
    const hits = await doc.search({ query: 'alpha', type: 'bug' });
    expect(hits.map((h) => h.ticket.title).sort()).toEqual(['crash 0', 'crash 1', 'crash 2']);
    for (const h of hits) expect(h.snippet).toMatch(/fails on \*\*alpha\*\* input/);
  });

  it('shows the title for a ticket found only through a comment', async () => {
    const hits = await doc.search({ query: 'alpha', type: 'bug', includeComments: true });
    const quiet = hits.find((h) => h.ticket.title === 'quiet bug');
    expect(quiet?.snippet).toBe('quiet bug');
  });
});

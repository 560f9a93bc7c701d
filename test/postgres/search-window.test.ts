import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../../src/domain/search-query.js';
import { searchTickets } from '../../src/store/postgres/search.js';
import { docketTypes, ident, Statements } from '../../src/store/postgres/statements.js';
import type { TicketFilterSpec } from '../../src/store/store.js';
import { PG_ENABLED, sharedSchema } from '../support/postgres.js';
import { createWindowTickets } from '../support/window-tickets.js';

// Past RANK_WINDOW matches, a search ranks only the newest ones; these use small windows on a real
// server, through the store function the library calls, so each side of the window is visible.
describe.skipIf(!PG_ENABLED)('postgres: search ranking window', () => {
  let db: Awaited<ReturnType<typeof sharedSchema>>;
  let client: pg.Client;
  let s: Statements;
  let projectId: number;
  const search = async (text: string, filter: TicketFilterSpec = {}, window = 10, comments = false) =>
    (await searchTickets(s, projectId, { query: parseSearchQuery(text), filter, limit: 10, comments }, window)).map(
      (h) => h.ticket.number,
    );

  beforeAll(async () => {
    db = await sharedSchema();
    const docket = await db.open();
    await docket.createProject({ key: 'doc' });
    const doc = docket.project('doc', { actor: 'alice' });
    await createWindowTickets(doc);
    // Comments with a word no ticket holds, oldest on #1.
    for (const n of [1, 2, 3]) await doc.comment(n, `gamma noted on ${n}`);
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query(`SET search_path TO ${ident(db.schema)}`);
    s = new Statements(client, docketTypes(pg.types));
    projectId = Number((await client.query('SELECT id FROM projects WHERE key = $1', ['doc'])).rows[0].id);
  });
  afterAll(async () => {
    await client?.end();
    await db?.cleanup();
  });

  it('ranks every match exactly while they fit the window', async () => {
    expect((await search('beta', {}, 100))[0]).toBe(1);
  });

  it('ranks only the newest matches once there are more than the window', async () => {
    const hits = await search('beta');
    expect(hits.sort((a, b) => a - b)).toEqual([22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);
    const spec = { query: parseSearchQuery('beta'), filter: {}, limit: 1, comments: false };
    const hit = (await searchTickets(s, projectId, spec, 10))[0];
    expect(hit?.snippet).toContain('\uE000beta\uE001');
  });

  it('takes the newest matches that pass the filters', async () => {
    expect((await search('beta', { types: ['bug'] }, 4)).sort((a, b) => a - b)).toEqual([21, 24, 27, 30]);
  });

  it('takes the matches from the search index when too few of the newest tickets match', async () => {
    // #32-#36 hold the word, then ten newer tickets without it: the first band (the window's ten
    // newest tickets) finds none, so every match comes from the index, the title match first.
    const docket = await db.open();
    const doc = docket.project('doc', { actor: 'alice' });
    await doc.create({ title: 'omega', description: 'omega' });
    for (let n = 0; n < 4; n++) await doc.create({ title: `older ${n}`, description: 'mentions omega once' });
    for (let n = 0; n < 10; n++) await doc.create({ title: `newer ${n}` });
    const hits = await search('omega', {}, 10);
    expect(hits[0]).toBe(32);
    expect(hits.sort((a, b) => a - b)).toEqual([32, 33, 34, 35, 36]);
  });

  it('windows comments by their own age', async () => {
    expect((await search('gamma', {}, 10, true)).sort((a, b) => a - b)).toEqual([1, 2, 3]);
    expect((await search('gamma', {}, 2, true)).sort((a, b) => a - b)).toEqual([2, 3]);
  });
});

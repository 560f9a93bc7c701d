import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/temp.js';
import type { Docket, Project } from '../../core/docket.js';
import { parseSearchQuery } from '../../domain/search-query.js';
import { openDocket } from '../../open.js';
import type { TicketFilterSpec } from '../tickets.js';
import type { SqliteDatabase } from './driver.js';
import { PREFIX_WORDS, snippetsInOnePass, speller, spellPrefix, toFts5, VOCABULARY_TABLES } from './search.js';
import { Statements } from './statements.js';
import { searchTickets } from './tickets.js';
import { createWindowTickets } from '../../../test/support/window-tickets.js';

/**
 * The store's statements straight on a test file (or on a connection wrapping it), with the vocabulary
 * tables a store makes on opening, and the id of project `doc`.
 */
function storeStatements(db: unknown): { s: Statements; projectId: number } {
  const s = new Statements(db as SqliteDatabase);
  for (const sql of VOCABULARY_TABLES) s.db.exec(sql);
  const project = s.one<{ id: number }>('SELECT id FROM projects WHERE key = ?', 'doc');
  return { s, projectId: project!.id };
}

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
    for (const h of hits) expect(h.snippet).toContain('\uE000alpha\uE001');
  });

  it('still makes snippets when a filter sends the search past the first ranked rows', async () => {
    const hits = await doc.search({ query: 'alpha', type: 'bug' });
    expect(hits.map((h) => h.ticket.title).sort()).toEqual(['crash 0', 'crash 1', 'crash 2']);
    for (const h of hits) expect(h.snippet).toMatch(/fails on \uE000alpha\uE001 input/);
  });

  it('shows the title for a ticket found only through a comment', async () => {
    const hits = await doc.search({ query: 'alpha', type: 'bug', includeComments: true });
    const quiet = hits.find((h) => h.ticket.title === 'quiet bug');
    expect(quiet?.snippet).toBe('quiet bug');
  });
});

// Past RANK_WINDOW matches, a search ranks only the newest ones; these use a window of 10 on a real
// file, through the store function the library calls, so each side of the window is visible.
describe('search ranking window on SQLite', () => {
  const tmp = tempDir();
  const path = join(tmp.dir, 'window.db');
  let docket: Docket;
  let s: Statements;
  let projectId: number;
  const search = (text: string, filter: TicketFilterSpec = {}, window = 10) =>
    searchTickets(s, projectId, { query: parseSearchQuery(text), filter, limit: 5, comments: false }, window).map(
      (h) => h.ticket.number,
    );

  beforeAll(async () => {
    docket = await openDocket(path, { synchronous: 'off' });
    await docket.createProject({ key: 'doc' });
    const doc = docket.project('doc', { actor: 'alice' });
    await createWindowTickets(doc);
    ({ s, projectId } = storeStatements(new Database(path)));
  });
  afterAll(async () => {
    s.db.close();
    await docket.close();
    tmp.cleanup();
  });

  it('ranks every match exactly while they fit the window', () => {
    expect(search('beta', {}, 100)[0]).toBe(1);
  });

  it('ranks only the newest matches once there are more than the window', () => {
    const hits = search('beta');
    expect(hits).toHaveLength(5);
    // ranked over every match, #1 (the word in a short title) would come first
    for (const n of hits) expect(n).toBeGreaterThan(21);
  });

  it('ranks the window best first, newest first among equals, with snippets', () => {
    const hits = searchTickets(
      s,
      projectId,
      { query: parseSearchQuery('beta'), filter: {}, limit: 10, comments: false },
      10,
    );
    expect(hits.map((h) => h.ticket.number)).toEqual([31, 30, 29, 28, 27, 26, 25, 24, 23, 22]);
    for (const h of hits) expect(h.snippet).toContain('\uE000beta\uE001');
  });

  it('takes the newest matches that pass the filters when the window holds too few of them', () => {
    const bugs = searchTickets(
      s,
      projectId,
      { query: parseSearchQuery('beta'), filter: { types: ['bug'] }, limit: 5, comments: false },
      4,
    );
    expect(bugs.map((h) => h.ticket.number)).toEqual(expect.arrayContaining([30, 27, 24, 21]));
    expect(bugs).toHaveLength(4);
    // #21 lies before the window (#28-#31): its snippet is sought on its own, and marked all the same
    for (const h of bugs) expect(h.snippet).toContain('\uE000beta\uE001');
  });

  it('makes snippets in one pass only where the pass reads no more than the window', () => {
    // the ranked window's lowest rowid is 28: ids from 28 up are inside it
    expect(snippetsInOnePass('("beta")', [31, 28], 28)).toBe(true);
    expect(snippetsInOnePass('("beta")', [31, 21], 28)).toBe(false);
    // under the window every match was ranked with its snippet; a straggler is sought
    expect(snippetsInOnePass('("beta")', [5], undefined)).toBe(false);
    // a prefix FTS5 reads itself is merged once, not once per ticket
    expect(snippetsInOnePass('("zeta" *)', [5], undefined)).toBe(true);
  });
});

// A prefix is searched as the OR of its words when it has few words and more matches than the
// window; these compare what that OR matches with what FTS5 matches for the prefix itself.
describe('prefixes spelled out as their words on SQLite', () => {
  const tmp = tempDir();
  const path = join(tmp.dir, 'prefix.db');
  let docket: Docket;
  let doc: Project;
  let s: Statements;
  let projectId: number;
  // Words at the edges of the ranges too (autg, auti, auth9, authé folded to authe, authß).
  const WORDS = [
    ...['auth', 'author', 'authorize', 'authentication', 'audit', 'aura', 'beta', 'bet', 'café', 'cafe'],
    ...['autg', 'auti', 'auth9', 'authé', 'authß'],
  ];
  const matches = (match: string) =>
    s
      .all<{ id: number }>('SELECT rowid AS id FROM tickets_fts WHERE tickets_fts MATCH ? ORDER BY rowid', match)
      .map((r) => r.id);

  beforeAll(async () => {
    docket = await openDocket(path, { synchronous: 'off' });
    await docket.createProject({ key: 'doc' });
    doc = docket.project('doc', { actor: 'alice' });
    const rng = fc.sample(fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }), {
      numRuns: 60,
      seed: 7,
    });
    for (const [n, words] of rng.entries()) {
      await doc.create({ title: `ticket ${n}`, description: words.join(' ') });
    }
    // Only comments hold authz: three of them, on tickets whose own text holds no auth word.
    for (let n = 0; n < 3; n++) {
      const quiet = await doc.create({ title: `quiet ${n}`, description: 'nothing to see' });
      await doc.comment(quiet.id, `only a comment says authz ${n}`);
    }
    ({ s, projectId } = storeStatements(new Database(path)));
  });
  afterAll(async () => {
    s.db.close();
    await docket.close();
    tmp.cleanup();
  });

  it('spells a prefix with few, common words out, and leaves the others to FTS5', () => {
    const spell = speller(s, 'tickets_fts', 3);
    // In byte order, as the index holds them; authé is indexed folded, as authe.
    expect(spell('auth')).toEqual(['auth', 'auth9', 'authe', 'authentication', 'author', 'authorize', 'authß']);
    expect(spell('autg')).toEqual(['autg']); // the range stops before auti
    expect(spell('zz')).toBeUndefined(); // no words
    expect(spell('café')).toBeUndefined(); // the tokenizer folds it: only FTS5 knows how
    expect(speller(s, 'tickets_fts', 10_000)('auth')).toBeUndefined(); // too few matches for the window
    expect(
      spellPrefix(
        Array.from({ length: PREFIX_WORDS + 1 }, (_, i) => ({ term: `w${i}`, doc: 1000 })),
        3,
      ),
    ).toBe(undefined);
  });

  it('matches exactly what the prefix matches, alone and combined', () => {
    const spell = speller(s, 'tickets_fts', 1);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            word: fc.constantFrom('a', 'au', 'aut', 'auth', 'autho', 'authe', 'b', 'be', 'bet', 'caf', 'c', 'x'),
            prefix: fc.boolean(),
            exclude: fc.boolean(),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        (terms) => {
          const text = terms.map((t) => `${t.exclude ? '-' : ''}${t.word}${t.prefix ? '*' : ''}`).join(' ');
          if (terms.every((t) => t.exclude)) return;
          const query = parseSearchQuery(text);
          expect(matches(toFts5(query, spell))).toEqual(matches(toFts5(query)));
        },
      ),
      { numRuns: 200, seed: 11 },
    );
  });

  it('finds, ranks and marks the words of a spelled prefix through the library', () => {
    const hits = searchTickets(
      s,
      projectId,
      { query: parseSearchQuery('autho*'), filter: {}, limit: 100, comments: false },
      3,
    );
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.snippet).toMatch(/\uE000(author|authorize)\uE001/);
  });

  it('spells a prefix out from the words of comments for the comments it searches', () => {
    expect(speller(s, 'tickets_fts', 0)('authz')).toBeUndefined();
    expect(speller(s, 'comments_fts', 2)('auth')).toEqual(['authz']);
    // auth* is spelled out on both sides past a window of 2; with the tickets' words (no authz) on
    // the comments' side, the two newest comments, and so their quiet tickets, would be missed.
    const hits = searchTickets(
      s,
      projectId,
      { query: parseSearchQuery('auth*'), filter: {}, limit: 100, comments: true },
      2,
    );
    const quiet = hits.filter((h) => h.ticket.title.startsWith('quiet')).map((h) => h.ticket.title);
    expect(quiet.sort()).toEqual(['quiet 1', 'quiet 2']);
  });
});

// A prefix left to FTS5 (here, more words than PREFIX_WORDS) past the window: its snippets come in
// one statement, where one per ticket would merge the prefix's lists once for each.
describe('snippets of a prefix FTS5 reads itself, past the window', () => {
  const tmp = tempDir();
  const path = join(tmp.dir, 'many.db');
  let docket: Docket;
  const log: string[] = [];
  let s: Statements;
  let projectId: number;

  beforeAll(async () => {
    docket = await openDocket(path, { synchronous: 'off' });
    await docket.createProject({ key: 'doc' });
    const doc = docket.project('doc', { actor: 'alice' });
    for (let n = 0; n < PREFIX_WORDS + 8; n++) await doc.create({ title: `zeta${n} item`, description: 'plain words' });
    const db = new Database(path);
    const logged = {
      prepare(sql: string) {
        const st = db.prepare(sql);
        const noted = <T>(run: () => T): T => {
          log.push(sql);
          return run();
        };
        const wrap = {
          run: (...p: unknown[]) => noted(() => st.run(...p)),
          get: (...p: unknown[]) => noted(() => st.get(...p)),
          all: (...p: unknown[]) => noted(() => st.all(...p)),
          raw: (on?: boolean) => {
            st.raw(on);
            return wrap;
          },
        };
        return wrap;
      },
      exec: (sql: string) => db.exec(sql),
      close: () => db.close(),
    };
    ({ s, projectId } = storeStatements(logged));
  });
  afterAll(async () => {
    s.db.close();
    await docket.close();
    tmp.cleanup();
  });

  it('makes every snippet in one statement and marks each match', () => {
    expect(speller(s, 'tickets_fts', 3)('zeta')).toBeUndefined(); // too many words: FTS5 reads the prefix
    log.length = 0;
    const hits = searchTickets(
      s,
      projectId,
      { query: parseSearchQuery('zeta*'), filter: {}, limit: 10, comments: false },
      3,
    );
    expect(hits).toHaveLength(3);
    for (const h of hits) expect(h.snippet).toMatch(/\uE000zeta\d+\uE001/);
    expect(log.filter((sql) => sql.includes('snippet(')).length).toBe(1);
  });
});

describe('vacuum on SQLite', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('merges each search index into one segment, and search finds the same', async () => {
    const path = join(tmp.dir, 'vacuum.db');
    const docket = await openDocket(path, { synchronous: 'off' });
    try {
      await docket.createProject({ key: 'doc' });
      const doc = docket.project('doc', { actor: 'alice' });
      // Each create commits its own small segment; FTS5 merges them only now and then.
      for (let n = 0; n < 40; n++) {
        const t = await doc.create({ title: `gamma ${n}`, description: `delta work ${n}` });
        await doc.comment(t.id, `gamma note ${n}`);
      }
      const segments = (index: string) => {
        const db = new Database(path, { readonly: true });
        try {
          return (db.prepare(`SELECT count(DISTINCT segid) AS n FROM ${index}_idx`).get() as { n: number }).n;
        } finally {
          db.close();
        }
      };
      expect(segments('tickets_fts')).toBeGreaterThan(1);
      expect(segments('comments_fts')).toBeGreaterThan(1);
      const before = (await doc.search({ query: 'gamma', limit: 100, includeComments: true })).map((h) => h.ticket.id);
      await docket.maintenance.vacuum();
      expect(segments('tickets_fts')).toBe(1);
      expect(segments('comments_fts')).toBe(1);
      const after = (await doc.search({ query: 'gamma', limit: 100, includeComments: true })).map((h) => h.ticket.id);
      expect(after.sort()).toEqual(before.sort());
      expect(after).toHaveLength(40);
    } finally {
      await docket.close();
    }
  });
});

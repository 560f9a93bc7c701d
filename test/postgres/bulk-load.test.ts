import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { bulkLoad } from '../../bench/lib/pg-bulk.js';
import { type Docket, storeOf } from '../../src/core/docket.js';
import { PG_ENABLED, sharedSchema } from '../support/postgres.js';
import { busyProject, exportLines, freshDocket } from '../transfer/helpers.js';

// The benchmarks' bulk loader (bench/lib/pg-bulk.ts) must give the store Docket itself would have
// written: the same exports, counts, search index, numbering, feed and tokens.

async function exports(docket: Docket): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const p of await docket.projects()) out[p.key] = await exportLines(docket, p.key);
  return out;
}

describe.skipIf(!PG_ENABLED)('bulk loading a SQLite store into PostgreSQL with COPY', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  for (const tenancy of ['shared', 'schema'] as const) {
    it(`copies every project as Docket wrote it (${tenancy} tenancy)`, async () => {
      const source = await freshDocket();
      cleanups.push(source.cleanup);
      await source.docket.createProject({ key: 'ops', name: 'Operations', prefix: 'OPS-' });
      const ops = source.docket.project('ops', { actor: 'ann' });
      const first = await ops.create({
        title: 'Rotate keys\tnow — «über» ✓',
        description: 'a\\b\nline 2\r',
        labels: ['sec', 'a.b'],
      });
      await ops.move(first.id, 'in_progress');
      await ops.comment(first.id, 'tab\there, newline\nthere');
      await ops.reference(first.id, { kind: 'branch', key: 'ops-1-rotate', url: 'https://example.com/b' });
      await busyProject(source.docket);
      await ops.create({ title: 'After the other project', assignee: 'ann' });
      const token = await source.docket.createToken({ projects: ['ops'], scope: 'write', entity: 'ann' });
      const before = await exports(source.docket);
      const board = await source.docket.project('doc').board({ view: 'summary' });
      await source.docket.close();

      const db = await sharedSchema({ tenancy });
      cleanups.push(() => db.cleanup());
      const loaded = await bulkLoad(source.path, db.url, { tenancy, schema: db.schema });
      expect(loaded.rows).toMatchObject({ projects: 2, tickets: 6, comments: 3, tokens: 1 });

      const pg = await db.open();
      expect(await exports(pg)).toEqual(before);
      expect(await pg.project('doc').board({ view: 'summary' })).toEqual(board);
      // The generated search columns and their index are filled.
      expect((await pg.project('ops').search({ query: 'über' })).map((h) => h.ticket.id)).toEqual(['OPS-1']);
      expect((await pg.project('ops').search({ query: 'line' })).map((h) => h.ticket.id)).toEqual(['OPS-1']);
      expect((await pg.project('doc').search({ query: 'release' })).map((h) => h.ticket.id)).toEqual(['DOC-2']);
      // Numbering, ids and feed positions continue where the source stopped, and counts stay live.
      const next = await pg.project('ops', { actor: 'ann' }).create({ title: 'Next', assignee: 'ann' });
      expect(next.id).toBe('OPS-3');
      expect((await pg.project('ops').list({ assignee: 'ann' })).items.map((t) => t.id)).toEqual(['OPS-2', 'OPS-3']);
      const counts = await pg.project('ops').countByEntity();
      expect(counts).toEqual([
        { entity: 'ann', count: 2 },
        { entity: null, count: 1 },
      ]);
      const feed = await storeOf(pg).read(async (tx) => {
        const project = await tx.projects.byKey('ops');
        return tx.activity.events(project!.id, { after: 0 });
      });
      const seqs = feed.map((e) => e.id);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      expect((await pg.authenticate(token.secret))?.entity).toBe('ann');
      expect((await pg.project('ops').references(first.id)).map((r) => r.key)).toEqual(['ops-1-rotate']);
      const tenants = await storeOf(pg).read((tx) => tx.projects.all());
      expect(tenants.map((p) => p.key)).toEqual(['doc', 'ops']);
    });
  }

  it('refuses a database that already has one of the projects, and writes nothing', async () => {
    const source = await freshDocket();
    cleanups.push(source.cleanup);
    await busyProject(source.docket);
    await source.docket.close();
    const db = await sharedSchema();
    cleanups.push(() => db.cleanup());
    const pg = await db.open();
    await pg.createProject({ key: 'doc' });
    await expect(bulkLoad(source.path, db.url, { schema: db.schema })).rejects.toThrow(/already has project doc/);
    expect(await pg.project('doc').list({})).toMatchObject({ items: [] });
  });

  it('refuses a store with a table it would not copy, instead of leaving its rows behind', async () => {
    const source = await freshDocket();
    cleanups.push(source.cleanup);
    await busyProject(source.docket);
    await source.docket.close();
    const raw = new Database(source.path);
    raw.exec("CREATE TABLE mystery (id INTEGER PRIMARY KEY, note TEXT); INSERT INTO mystery (note) VALUES ('x')");
    raw.close();
    const db = await sharedSchema();
    cleanups.push(() => db.cleanup());
    await expect(bulkLoad(source.path, db.url, { schema: db.schema })).rejects.toThrow(/does not copy table mystery/);
    const pg = await db.open();
    expect(await pg.projects()).toEqual([]);
  });
});

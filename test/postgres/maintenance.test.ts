import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { doctor } from '../../src/index.js';
import { PG_ENABLED, sharedSchema } from '../support/postgres.js';

type Shared = Awaited<ReturnType<typeof sharedSchema>>;

describe.skipIf(!PG_ENABLED)('postgres: maintenance', () => {
  let db: Shared;
  afterEach(() => db.cleanup());

  async function seeded() {
    db = await sharedSchema();
    const docket = await db.open();
    await docket.createProject({ key: 'doc' });
    const doc = docket.project('doc', { actor: 'ann' });
    for (let i = 0; i < 5; i++) await doc.create({ title: `ticket ${i}` });
    await doc.comment(1, 'a note');
    return docket;
  }

  async function sql(text: string): Promise<void> {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  }

  it('finds nothing wrong with a healthy store, vacuums it and reports its size', async () => {
    const docket = await seeded();
    expect(await docket.maintenance.integrityCheck()).toEqual([]);
    await docket.maintenance.vacuum();
    const stats = await docket.maintenance.stats();
    expect(stats.bytes).toBeGreaterThan(0);
    expect(stats.live_rows).toBeGreaterThan(0);
    expect((await doctor(docket)).problems).toEqual([]);
  });

  it('points backups at pg_dump and maps pragmas to PostgreSQL settings it will not change', async () => {
    const docket = await seeded();
    await expect(docket.maintenance.backup('/tmp/x.db')).rejects.toMatchObject({
      code: 'unsupported',
      message: expect.stringContaining('pg_dump'),
    });
    expect(await docket.maintenance.getPragma('journal_mode')).toBe('wal');
    expect(['full', 'normal', 'off']).toContain(await docket.maintenance.getPragma('synchronous'));
    expect(['incremental', 'none']).toContain(await docket.maintenance.getPragma('vacuum_mode'));
    await expect(docket.maintenance.setPragma('synchronous', 'off')).rejects.toMatchObject({
      code: 'unsupported',
      message: expect.stringContaining('synchronous_commit'),
    });
  });

  it('lets doctor find and rebuild drifted counts, and raise a counter left behind', async () => {
    const docket = await seeded();
    await sql(`UPDATE "${db.schema}".ticket_counts SET n = n + 7; UPDATE "${db.schema}".counters SET last_number = 2`);
    const found = await doctor(docket);
    expect(found.problems.join('\n')).toMatch(/ticket counts/);
    expect(found.problems.join('\n')).toMatch(/counter \(2\) is behind/);
    const fixed = await doctor(docket, { fix: true });
    expect(fixed.fixed).toHaveLength(2);
    expect((await doctor(docket)).problems).toEqual([]);
    expect((await docket.project('doc').board()).open).toBe(5);
    expect((await docket.project('doc').create({ title: 'after repair' })).number).toBe(6);
  });

  it('reports history that points at a missing event as damage', async () => {
    const docket = await seeded();
    await sql(`DELETE FROM "${db.schema}".events WHERE kind = 'ticket.commented'`);
    expect(await docket.maintenance.integrityCheck()).toEqual([expect.stringContaining('missing events')]);
  });
});

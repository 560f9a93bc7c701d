import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, tenantSchemaName } from '../../src/store/postgres/schema.js';
import { PG_ENABLED, sharedSchema } from '../support/postgres.js';

type Db = Awaited<ReturnType<typeof sharedSchema>>;

async function indexes(url: string, schema: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ name: string }>(
      "SELECT indexname AS name FROM pg_indexes WHERE schemaname = $1 AND tablename = 'tickets' AND indexname LIKE 'tickets_open%' ORDER BY 1",
      [schema],
    );
    return r.rows.map((row) => row.name);
  } finally {
    await c.end();
  }
}

// The open-ticket indexes (only/indexes.ts) reaches stores created before it, in both tenancies.
describe.skipIf(!PG_ENABLED)('postgres: the open-ticket indexes', () => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.cleanup();
    db = undefined;
  });

  it('an older store gains them (and the count slots) in the main schema and in every project schema when opened', async () => {
    db = await sharedSchema({ tenancy: 'schema' });
    const docket = await db.open();
    await docket.createProject({ key: 'ops' });
    const ops = docket.project('ops', { actor: 'ann' });
    for (const labels of [['ui'], ['api'], ['ui', 'api']]) await ops.create({ title: 'x', labels });
    await docket.close();
    const tenant = tenantSchemaName(db.schema, 'ops');
    expect(await indexes(db.url, tenant)).toEqual(['tickets_open_cover', 'tickets_open_labels']);

    // Back two steps: the old index, one count row per key (the slots came after), and that version.
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    for (const s of [db.schema, tenant]) {
      await c.query(
        `DROP INDEX "${s}".tickets_open_cover, "${s}".tickets_open_labels; CREATE INDEX tickets_open ON "${s}".tickets (project_id, number) WHERE closed_at IS NULL`,
      );
      await c.query(
        `DELETE FROM "${s}".ticket_counts; ALTER TABLE "${s}".ticket_counts DROP CONSTRAINT ticket_counts_pkey, DROP COLUMN slot, ` +
          'ADD PRIMARY KEY (project_id, type, status, assignee); ' +
          `INSERT INTO "${s}".ticket_counts SELECT project_id, type, status, coalesce(assignee, ''), count(*) FROM "${s}".tickets GROUP BY 1, 2, 3, 4`,
      );
    }
    await c.query(`UPDATE "${db.schema}".meta SET value = $1 WHERE key = 'version'`, [String(SCHEMA_VERSION - 2)]);
    await c.end();

    const reopened = await db.open();
    expect(await indexes(db.url, db.schema)).toEqual(['tickets_open_cover', 'tickets_open_labels']);
    expect(await indexes(db.url, tenant)).toEqual(['tickets_open_cover', 'tickets_open_labels']);
    const page = await reopened.project('ops').list({ state: 'open', label: 'ui', order: 'desc' });
    expect(page.items.map((t) => t.number)).toEqual([3, 1]);
    // The count slots came with it: counts still add up, and keep doing so after a write.
    await reopened.project('ops', { actor: 'ann' }).create({ title: 'y' });
    const board = await reopened.project('ops').board();
    expect(board.open + board.closed).toBe(4);
    expect((await reopened.doctor()).problems).toEqual([]);
  });
});

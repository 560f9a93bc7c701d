import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { mainSchemaDdl, projectSchemaDdl } from '../../src/store/postgres/schema.js';
import { PG_ENABLED, sharedSchema } from '../support/postgres.js';

type Shared = Awaited<ReturnType<typeof sharedSchema>>;

async function query<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(text, values)).rows;
  } finally {
    await c.end();
  }
}

const tablesIn = async (url: string, schema: string) =>
  (
    await query<{ name: string }>(url, 'SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 ORDER BY 1', [
      schema,
    ])
  ).map((r) => r.name);

describe.skipIf(!PG_ENABLED)('postgres: one schema per project', () => {
  let db: Shared;
  afterEach(() => db.cleanup());

  it('puts each new project in its own schema and keeps projects apart', async () => {
    db = await sharedSchema({ tenancy: 'schema' });
    const docket = await db.open();
    await docket.createProject({ key: 'doc' });
    await docket.createProject({ key: 'ops-team' });
    const doc = docket.project('doc', { actor: 'ann' });
    const ops = docket.project('ops-team', { actor: 'bob' });
    const a = await doc.create({ title: 'Login fails' });
    await ops.create({ title: 'Rotate login keys' });
    await doc.comment(a.id, 'seen on staging');

    expect(await tablesIn(db.url, `${db.schema}_doc`)).toContain('tickets');
    expect(await tablesIn(db.url, `${db.schema}_ops-team`)).toContain('tickets');
    const rows = await query<{ n: number }>(db.url, `SELECT count(*)::int AS n FROM "${db.schema}_doc".tickets`);
    expect(rows[0]!.n).toBe(1);
    const shared = await query<{ n: number }>(db.url, `SELECT count(*)::int AS n FROM "${db.schema}".tickets`);
    expect(shared[0]!.n).toBe(0);

    expect((await doc.search('login')).map((h) => h.ticket.id)).toEqual(['DOC-1']);
    expect((await ops.search('login')).map((h) => h.ticket.id)).toEqual(['OPS-TEAM-1']);
    expect((await doc.changes(0)).map((e) => e.kind)).toEqual([
      'project.created',
      'ticket.created',
      'ticket.commented',
    ]);
    expect((await doc.detail(a.id)).history.map((h) => h.field)).toEqual(['created', 'comment']);
  });

  it('keeps projects made before the switch where they are', async () => {
    db = await sharedSchema();
    const before = await db.open();
    await before.createProject({ key: 'old' });
    await before.project('old').create({ title: 'from before' });
    await before.close();
    const after = await db.open({ tenancy: 'schema' });
    await after.createProject({ key: 'new' });
    await after.project('new').create({ title: 'after' });
    expect((await after.project('old').get(1)).title).toBe('from before');
    expect((await after.project('new').get(1)).title).toBe('after');
    expect(await tablesIn(db.url, `${db.schema}_old`)).toEqual([]);
    expect(await tablesIn(db.url, `${db.schema}_new`)).toContain('tickets');
  });

  it('gives hosts DDL that creates a project schema Docket then uses as it is', async () => {
    db = await sharedSchema({ tenancy: 'schema' });
    const docket = await db.open(); // creates the main schema
    const ddl = projectSchemaDdl('hosted', db.schema);
    expect(ddl).toContain(`CREATE SCHEMA IF NOT EXISTS "${db.schema}_hosted"`);
    await query(db.url, ddl);
    await docket.createProject({ key: 'hosted' });
    const t = await docket.project('hosted').create({ title: 'made in a hosted schema' });
    expect(t.id).toBe('HOSTED-1');
    expect((await docket.project('hosted').search('host')).length).toBe(0);
    expect((await docket.project('hosted').search('host*')).length).toBe(1);
  });

  it('gives hosts DDL for the whole main schema that Docket accepts as current', async () => {
    db = await sharedSchema({}, false);
    await query(db.url, mainSchemaDdl(db.schema, 'english'));
    const docket = await db.open();
    await docket.createProject({ key: 'doc' });
    await docket.project('doc').create({ title: 'Logins are failing' });
    expect((await docket.project('doc').search('login')).length).toBe(1); // english stems
  });
});

describe.skipIf(!PG_ENABLED)('postgres: search language', () => {
  let db: Shared;
  afterEach(() => db.cleanup());

  it('stems with a language when asked, and keeps it fixed afterwards', async () => {
    db = await sharedSchema({ searchLanguage: 'english' });
    const docket = await db.open();
    await docket.createProject({ key: 'doc' });
    const doc = docket.project('doc');
    await doc.create({ title: 'Logins are failing', description: 'Several users reported it' });
    expect((await doc.search('login fail')).map((h) => h.ticket.number)).toEqual([1]);
    expect((await doc.search('"logins are failing"')).map((h) => h.ticket.number)).toEqual([1]);
    await expect(db.open({ searchLanguage: 'simple' })).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining("searches in 'english'"),
    });
    const again = await db.open();
    expect((await again.project('doc').search('failed')).length).toBe(1);
  });

  it('refuses a language PostgreSQL does not know, naming the ones it does', async () => {
    db = await sharedSchema({ searchLanguage: 'klingon' });
    await expect(db.open()).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining('english'),
    });
  });
});

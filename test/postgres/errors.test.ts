import net from 'node:net';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openDocket } from '../../src/open.js';
import { PG_ENABLED, PG_URL, sharedSchema, testDatabaseUrl } from '../support/postgres.js';

type Shared = Awaited<ReturnType<typeof sharedSchema>>;

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const withPath = (url: string, change: (u: URL) => void) => {
  const u = new URL(url);
  change(u);
  return u.toString();
};

describe.skipIf(!PG_ENABLED)('postgres: errors say what to do', () => {
  let db: Shared | undefined;
  afterEach(async () => {
    await db?.cleanup();
    db = undefined;
  });

  it('names the server and says the connection was refused, with no password or stack', async () => {
    const port = await closedPort();
    const error = await openDocket(`postgres://ann:s3cret@127.0.0.1:${port}/docket`).catch((e) => e);
    expect(error).toMatchObject({ name: 'DocketError', code: 'storage' });
    expect(error.message).toContain(`127.0.0.1:${port}/docket`);
    expect(error.message).toContain('connection refused');
    expect(error.message).not.toContain('s3cret');
    expect(JSON.stringify(error.details)).not.toContain('s3cret');
  });

  it('says a missing database does not exist and how to create it', async () => {
    const url = withPath(await testDatabaseUrl(), (u) => {
      u.pathname = '/docket_no_such_database';
    });
    const error = await openDocket(url).catch((e) => e);
    expect(error).toMatchObject({ code: 'storage' });
    expect(error.message).toMatch(/docket_no_such_database.*does not exist/);
    expect(error.message).toContain('createdb');
  });

  it('says the login was refused for an unknown user', async () => {
    const url = withPath(await testDatabaseUrl(), (u) => {
      u.username = 'docket_nobody';
    });
    const error = await openDocket(url).catch((e) => e);
    expect(error).toMatchObject({ code: 'storage' });
    expect(error.message).toContain('refused the login');
  });

  it('refuses a malformed URL, a bad schema name and bad settings as validation errors', async () => {
    await expect(openDocket('postgres://[::1')).rejects.toMatchObject({ code: 'validation' });
    await expect(openDocket(PG_URL, { postgres: { schema: 'Bad Name' } })).rejects.toMatchObject({
      code: 'validation',
    });
    for (const postgres of [{ poolSize: 0 }, { maxAttempts: 0 }, { lockTimeoutMs: Number.NaN }, { tenancy: 'x' }]) {
      await expect(openDocket(PG_URL, { postgres: postgres as object })).rejects.toMatchObject({ code: 'validation' });
    }
  });

  it('with create off, says there is no Docket schema and how to make one', async () => {
    db = await sharedSchema({}, false);
    const error = await openDocket(db.url, { create: false, postgres: { schema: db.schema } }).catch((e) => e);
    expect(error).toMatchObject({ code: 'not_found' });
    expect(error.message).toContain('docket init');
  });

  it("refuses a schema that holds someone else's tables", async () => {
    db = await sharedSchema({}, false);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query(`CREATE SCHEMA "${db.schema}"; CREATE TABLE "${db.schema}".orders (id int)`);
    await c.end();
    await expect(db.open()).rejects.toMatchObject({
      code: 'storage',
      message: expect.stringContaining('not Docket'),
    });
  });

  it('refuses text PostgreSQL cannot store as validation, leaving nothing behind', async () => {
    db = await sharedSchema();
    const docket = await db.open();
    await docket.createProject({ key: 'doc' });
    const doc = docket.project('doc');
    await expect(doc.create({ title: 'ok', description: 'nul \u0000 inside' })).rejects.toMatchObject({
      code: 'validation',
    });
    expect((await doc.list()).items).toEqual([]);
    expect((await doc.create({ title: 'next' })).number).toBe(1);
  });

  it('gives up on a row another transaction holds too long, saying the database is busy', async () => {
    db = await sharedSchema();
    const docket = await db.open({ lockTimeoutMs: 200 });
    await docket.createProject({ key: 'doc' });
    const doc = docket.project('doc', { actor: 'ann' });
    await doc.create({ title: 'held' });
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query(`BEGIN; SELECT 1 FROM "${db.schema}".tickets FOR UPDATE`);
      await expect(doc.move(1, 'in_progress')).rejects.toMatchObject({
        code: 'storage',
        message: expect.stringContaining('busy'),
      });
      await holder.query('ROLLBACK');
      expect((await doc.move(1, 'in_progress')).status).toBe('in_progress');
    } finally {
      await holder.end();
    }
  });

  it('says the store is closed after close', async () => {
    db = await sharedSchema();
    const docket = await db.open();
    await docket.close();
    await expect(docket.projects()).rejects.toMatchObject({ code: 'storage', message: 'the store is closed' });
  });
});

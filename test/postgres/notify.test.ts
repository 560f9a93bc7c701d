import { storeOf } from '../../src/core/docket.js';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { ChangeFeed } from '../../src/core/feed.js';
import type { ChangeEvent } from '../../src/domain/events.js';
import type { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { PG_ENABLED, sharedSchema } from '../support/postgres.js';

type Shared = Awaited<ReturnType<typeof sharedSchema>>;

const until = async (check: () => boolean | Promise<boolean>, ms = 20_000, meanwhile?: () => Promise<unknown>) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await meanwhile?.();
    await new Promise((r) => setTimeout(r, meanwhile ? 100 : 20));
  }
};

describe.skipIf(!PG_ENABLED)('postgres: change notifications across instances', () => {
  let db: Shared;
  afterEach(() => db.cleanup());

  it('tells a second instance which project changed, after commit only', async () => {
    db = await sharedSchema();
    const a = await db.open();
    const b = await db.open();
    await a.createProject({ key: 'doc' });
    await a.createProject({ key: 'ops' });
    const heard: string[] = [];
    const stop = storeOf(b).onChange!((project) => heard.push(project));
    await (storeOf(b) as PostgresStore).listening();

    await a.project('doc', { actor: 'ann' }).create({ title: 'one' });
    await a.project('ops', { actor: 'ann' }).create({ title: 'two' });
    await until(() => heard.length === 2);
    expect(heard).toEqual(['doc', 'ops']);

    // a refused write commits nothing and notifies nothing
    await expect(a.project('doc', { actor: 'ann' }).move(1, 'nowhere')).rejects.toMatchObject({
      code: 'invalid_transition',
    });
    await a.project('doc', { actor: 'ann' }).comment(1, 'marker');
    await until(() => heard.length === 3);
    expect(heard).toEqual(['doc', 'ops', 'doc']);
    stop();
  });

  it("wakes another instance's change feed at once, without waiting for its poll", async () => {
    db = await sharedSchema();
    const a = await db.open();
    const b = await db.open();
    await a.createProject({ key: 'doc' });
    const feed = new ChangeFeed(b, 3_600_000); // an hour between polls: only a notification can deliver in time
    const seen: ChangeEvent[] = [];
    const stop = feed.subscribe('doc', null, (events) => seen.push(...events));
    await (storeOf(b) as PostgresStore).listening();
    await until(() => (feed as unknown as { channels: Map<string, unknown> }).channels.has('doc'));

    const doc = a.project('doc', { actor: 'ann' });
    const t = await doc.create({ title: 'Live' });
    await doc.move(t.id, 'in_progress');
    await until(() => seen.length === 2);
    expect(seen.map((e) => [e.kind, e.ticket])).toEqual([
      ['ticket.created', 'DOC-1'],
      ['ticket.moved', 'DOC-1'],
    ]);
    expect(seen[1]!.changes).toEqual([{ field: 'status', old: 'backlog', new: 'in_progress' }]);
    stop();
    feed.close();
  });

  it('listens again after the server drops its connection', async () => {
    db = await sharedSchema();
    const a = await db.open();
    const b = await db.open();
    await a.createProject({ key: 'doc' });
    const heard: string[] = [];
    const stop = storeOf(b).onChange!((p) => heard.push(p));
    await (storeOf(b) as PostgresStore).listening();
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      const killed = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1 AND pid <> pg_backend_pid()',
        [`LISTEN "docket_changes_${db.schema}"`],
      );
      expect(killed.rowCount).toBe(1);
    } finally {
      await admin.end();
    }
    // keep writing until a notification gets through the new connection
    const doc = a.project('doc', { actor: 'ann' });
    await until(
      () => heard.length > 0,
      20_000,
      () => doc.create({ title: 'ping' }),
    );
    expect(heard[0]).toBe('doc');
    stop();
  });

  it('closes its listening connection with the last subscriber and with the store', async () => {
    db = await sharedSchema();
    const a = await db.open();
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    const listeners = async () =>
      (
        await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = $1', [
          `LISTEN "docket_changes_${db.schema}"`,
        ])
      ).rows[0].n as number;
    try {
      const stop = storeOf(a).onChange!(() => {});
      await (storeOf(a) as PostgresStore).listening();
      expect(await listeners()).toBe(1);
      stop();
      await until(async () => (await listeners()) === 0);
      storeOf(a).onChange!(() => {});
      await (storeOf(a) as PostgresStore).listening();
      expect(await listeners()).toBe(1);
      await a.close();
      await until(async () => (await listeners()) === 0);
    } finally {
      await admin.end();
    }
  });
});

import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { PG_ENABLED, sharedSchema } from '../support/postgres.js';

type Shared = Awaited<ReturnType<typeof sharedSchema>>;

/** The advisory lock class of a project's feed positions (src/store/postgres/activity.ts FEED_LOCK). */
const FEED_LOCK = 0x444f434b;

/**
 * The rows every write of a project used to hold through its commit (the feed clock, the ready count)
 * no longer make a project's writes commit one at a time; what they kept (feed order, counts) holds.
 */
describe.skipIf(!PG_ENABLED)('postgres: no project-wide row held through a commit', () => {
  let db: Shared;
  let raw: pg.Client | undefined;
  afterEach(async () => {
    await raw?.end();
    raw = undefined;
    await db.cleanup();
  });

  async function rawClient(): Promise<pg.Client> {
    raw = new pg.Client({ connectionString: db.url });
    await raw.connect();
    await raw.query(`SET search_path TO "${db.schema}"`);
    return raw;
  }

  /** A store with project DOC holding one ticket, a Docket on it, and a bare connection to it. */
  async function oneTicket() {
    db = await sharedSchema();
    const docket = await db.open();
    await docket.createProject({ key: 'doc' });
    const doc = docket.project('doc', { actor: 'ann' });
    await doc.create({ title: 'first' });
    return { docket, doc, c: await rawClient() };
  }

  it("commits a write while another holds its project's feed lock, and places its events once that ends", async () => {
    const { doc, c } = await oneTicket();
    const { rows } = await c.query<{ id: string }>("SELECT id FROM projects WHERE key = 'doc'");
    const projectId = Number(rows[0]!.id);

    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock($1, $2)', [FEED_LOCK, projectId]);
    let answered = false;
    const write = doc.create({ title: 'second' }).then((t) => {
      answered = true;
      return t;
    });
    // The ticket is committed (another connection sees it) while its events still wait for a place.
    const seen = async () =>
      (await c.query("SELECT count(*)::int AS n FROM tickets WHERE title = 'second'")).rows[0].n as number;
    for (let i = 0; i < 200 && (await seen()) === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await seen()).toBe(1);
    const unplaced = await c.query('SELECT kind FROM events WHERE seq IS NULL');
    expect(unplaced.rows.map((r) => r.kind)).toEqual(['ticket.created']);
    expect(answered).toBe(false);
    await c.query('COMMIT');

    // The writer places its own events before it answers, so its change is in the feed at once.
    expect((await write).number).toBe(2);
    const feed = await doc.changes(0);
    expect(feed.map((e) => [e.kind, e.ticket])).toEqual([
      ['project.created', null],
      ['ticket.created', 'DOC-1'],
      ['ticket.created', 'DOC-2'],
    ]);
    expect(feed.map((e) => e.id)).toEqual([1, 2, 3]);
  });

  it('places events a writer left without a place (it stopped after its commit) with the next write, in order', async () => {
    const { doc, c } = await oneTicket();
    const t = await c.query<{ id: string; project_id: string }>('SELECT id, project_id FROM tickets');
    await c.query("INSERT INTO events (project_id, ticket_id, kind, actor, at) VALUES ($1, $2, 'ticket.commented', 'bob', 1)", [
      t.rows[0]!.project_id,
      t.rows[0]!.id,
    ]);
    expect((await doc.changes(0)).map((e) => e.kind)).toEqual(['project.created', 'ticket.created']);

    await doc.comment(1, 'after');
    const feed = await doc.changes(0);
    expect(feed.map((e) => [e.id, e.kind, e.actor])).toEqual([
      [1, 'project.created', null],
      [2, 'ticket.created', 'ann'],
      [3, 'ticket.commented', 'bob'],
      [4, 'ticket.commented', 'ann'],
    ]);
    expect((await c.query('SELECT count(*)::int AS n FROM events WHERE seq IS NULL')).rows[0].n).toBe(0);
  });

  it('gives every event of many writers on two instances one place each, in an order that respects each ticket', async () => {
    db = await sharedSchema();
    const a = await db.open();
    const b = await db.open();
    await a.createProject({ key: 'doc' });
    const on = [a.project('doc', { actor: 'ann' }), b.project('doc', { actor: 'bob' })];
    await Promise.all(Array.from({ length: 24 }, (_, i) => on[i % 2]!.create({ title: `t${i}` })));
    await Promise.all(
      Array.from({ length: 24 }, async (_, i) => {
        const p = on[i % 2]!;
        await p.comment(i + 1, 'one');
        await p.comment(i + 1, 'two');
      }),
    );
    const feed = await on[0]!.changes(0, 1000);
    expect(feed.map((e) => e.id)).toEqual(Array.from({ length: feed.length }, (_, i) => i + 1));
    expect(feed).toHaveLength(1 + 24 * 3);
    // Per ticket: created, then its two comments in the order they were written.
    for (let n = 1; n <= 24; n++) {
      const mine = feed.filter((e) => e.ticket === `DOC-${n}`).map((e) => e.kind);
      expect(mine).toEqual(['ticket.created', 'ticket.commented', 'ticket.commented']);
    }
  });

  it("sums a count key's slots in boards and in doctor's check", async () => {
    db = await sharedSchema();
    const docket = await db.open();
    await docket.createProject({ key: 'doc' });
    const doc = docket.project('doc', { actor: 'ann' });
    for (let i = 0; i < 3; i++) await doc.create({ title: `t${i}` });
    const before = await doc.board();
    const c = await rawClient();
    // Spread the key's count over three slots, as three connections' writes would.
    const key = await c.query<{ slot: number; n: number }>('SELECT slot, n FROM ticket_counts WHERE n = 3');
    expect(key.rows).toHaveLength(1);
    await c.query('UPDATE ticket_counts SET n = 1 WHERE n = 3');
    await c.query(
      'INSERT INTO ticket_counts (project_id, type, status, assignee, slot, n) ' +
        'SELECT project_id, type, status, assignee, s, 1 FROM ticket_counts, (VALUES (11), (12)) v(s) WHERE n = 1',
    );
    expect(await doc.board()).toEqual(before);
    expect((await docket.doctor()).problems).toEqual([]);
  });
});

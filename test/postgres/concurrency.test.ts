import { afterEach, describe, expect, it } from 'vitest';
import type { Docket } from '../../src/core/docket.js';
import { ChangeFeed } from '../../src/core/feed.js';
import { PG_ENABLED, sharedSchema } from '../support/postgres.js';

// Several Docket instances on one database, each with its own pool, as two `docket serve` processes
// would be. Every check here is about outcomes (who won, which numbers exist), never about timing.

type Shared = Awaited<ReturnType<typeof sharedSchema>>;

describe.skipIf(!PG_ENABLED)('postgres: concurrent writers', () => {
  let db: Shared;
  afterEach(() => db.cleanup());

  async function instances(n: number, poolSize = 8): Promise<Docket[]> {
    db = await sharedSchema({ poolSize });
    const first = await db.open();
    await first.createProject({ key: 'doc' });
    const rest = await Promise.all(Array.from({ length: n - 1 }, () => db.open()));
    return [first, ...rest];
  }

  it('claim-next from many pooled clients never hands one ticket to two agents', async () => {
    const [a, b] = await instances(2);
    const seed = a!.project('doc', { actor: 'seed' });
    for (let i = 0; i < 30; i++) await seed.create({ title: `job ${i}`, priority: i % 3 === 0 ? 'high' : 'medium' });

    const agents = Array.from({ length: 12 }, (_, i) => (i % 2 ? a! : b!).project('doc', { actor: `agent-${i}` }));
    const claimed = await Promise.all(
      agents.map(async (agent) => {
        const mine: number[] = [];
        for (;;) {
          const t = await agent.claimNext();
          if (!t) return mine;
          expect(t.assignee).toBe(agent.actor);
          mine.push(t.number);
        }
      }),
    );

    const all = claimed.flat();
    expect(all).toHaveLength(30);
    expect(new Set(all).size).toBe(30);
    const listed = (await seed.list({ limit: 100 })).items;
    for (const [i, numbers] of claimed.entries()) {
      for (const n of numbers) expect(listed.find((t) => t.number === n)!.assignee).toBe(`agent-${i}`);
    }
    // one claim event per ticket: no claim was written twice
    const claims = (await seed.changes(0, 1000)).filter((e) => e.kind === 'ticket.claimed');
    expect(claims).toHaveLength(30);
  });

  it('numbers concurrent creates from two instances without gaps or duplicates', async () => {
    const [a, b] = await instances(2);
    const writers = Array.from({ length: 8 }, (_, i) => (i % 2 ? a! : b!).project('doc', { actor: `w${i}` }));
    const made = await Promise.all(
      writers.map(async (w, i) => {
        const numbers: number[] = [];
        for (let j = 0; j < 15; j++) numbers.push((await w.create({ title: `t ${i}.${j}` })).number);
        return numbers;
      }),
    );
    const numbers = made.flat().sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    const events = await writers[0]!.changes(0, 1000);
    expect(events.filter((e) => e.kind === 'ticket.created')).toHaveLength(120);
    // each instance's next create continues the same sequence
    expect((await writers[1]!.create({ title: 'next' })).number).toBe(121);
  });

  it('hands out event ids in commit order, so a feed reading "after N" never skips a late commit', async () => {
    const [a, b] = await instances(2);
    const seen: number[] = [];
    let cursor = 0;
    let writing = true;
    const reader = a!.project('doc');
    const follow = (async () => {
      while (writing) {
        for (const e of await reader.changes(cursor, 500)) {
          seen.push(e.id);
          cursor = e.id;
        }
      }
    })();
    await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const p = (i % 2 ? a! : b!).project('doc', { actor: `w${i}` });
        for (let j = 0; j < 12; j++) {
          const t = await p.create({ title: `t${i}.${j}` });
          await p.comment(t.id, 'noted');
        }
      }),
    );
    writing = false;
    await follow;
    for (const e of await reader.changes(cursor, 500)) seen.push(e.id);
    const all = (await reader.changes(0, 1000)).map((e) => e.id);
    expect(all).toHaveLength(1 + 144); // project.created, then a create and a comment per round
    expect(seen).toEqual(all);
  });

  it('links the same pair both ways at once: one wins, the other is a cycle, no storage error', async () => {
    const [a, b] = await instances(2);
    const pa = a!.project('doc', { actor: 'ann' });
    const pb = b!.project('doc', { actor: 'bob' });
    for (let round = 0; round < 4; round++) {
      const x = await pa.create({ title: `x${round}` });
      const y = await pa.create({ title: `y${round}` });
      const results = await Promise.allSettled([pa.link(x.id, 'blocks', y.id), pb.link(y.id, 'blocks', x.id)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(failed.reason).toMatchObject({ code: 'link_cycle' });
    }
  });

  it('keeps both of two schema changes made at once on two instances', async () => {
    const [a, b] = await instances(2);
    const pa = a!.project('doc', { actor: 'ann' });
    const pb = b!.project('doc', { actor: 'bob' });
    await Promise.all([
      pa.addState('review', { type: 'task' }),
      pb.addState('qa', { type: 'task' }),
      pa.addPriority('someday'),
      pb.addEntity({ slug: 'carol' }),
    ]);
    const schema = await pa.schema();
    const task = schema.types.find((w) => w.type === 'task')!;
    expect(task.states).toEqual(expect.arrayContaining(['review', 'qa']));
    expect(schema.priorities).toContain('someday');
    expect((await pb.entities()).map((e) => e.slug)).toContain('carol');
  });

  it('keeps all of eight schema changes made at once on two instances', async () => {
    const [a, b] = await instances(2);
    const pa = a!.project('doc', { actor: 'ann' });
    const pb = b!.project('doc', { actor: 'bob' });
    const names = Array.from({ length: 8 }, (_, i) => `step${i}`);
    await Promise.all(names.map((name, i) => (i % 2 ? pb : pa).addState(name, { type: 'task' })));
    const task = (await pa.schema()).types.find((w) => w.type === 'task')!;
    expect(task.states).toEqual(expect.arrayContaining(names));
  });

  it('does not let a state be removed while a ticket moves into it', async () => {
    const [a, b] = await instances(2);
    const pa = a!.project('doc', { actor: 'ann' });
    const pb = b!.project('doc', { actor: 'bob' });
    for (let round = 0; round < 5; round++) {
      await pa.addState(`s${round}`, { type: 'task' });
      await pa.addTransition('backlog', `s${round}`, { type: 'task' });
      const t = await pa.create({ title: `r${round}`, type: 'task' });
      await Promise.allSettled([pb.move(t.id, `s${round}`), pa.removeState(`s${round}`, { type: 'task' })]);
      const status = (await pa.get(t.id)).status;
      const states = (await pa.schema()).types.find((w) => w.type === 'task')!.states;
      expect(states).toContain(status);
    }
  });

  it('creates a project once when two instances try at the same moment', async () => {
    db = await sharedSchema();
    const [a, b] = await Promise.all([db.open(), db.open()]);
    const results = await Promise.allSettled([a.createProject({ key: 'ops' }), b.createProject({ key: 'ops' })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({
      code: 'already_exists',
    });
  });

  it('replays an idempotent create sent to two instances at once as one ticket', async () => {
    const [a, b] = await instances(2);
    const request = { title: 'Once only', idempotencyKey: 'req-1' };
    const [x, y] = await Promise.all([
      a!.project('doc', { actor: 'ann' }).create(request),
      b!.project('doc', { actor: 'ann' }).create(request),
    ]);
    expect(x.number).toBe(y.number);
    expect((await a!.project('doc').list()).items).toHaveLength(1);
  });
});

describe.skipIf(!PG_ENABLED)('postgres: eight agents on two instances', () => {
  let db: Shared;
  afterEach(() => db.cleanup());

  it('mixes creates, claims, comments and moves with zero errors, and the other instance sees every change', async () => {
    db = await sharedSchema({ poolSize: 6 });
    const a = await db.open();
    const b = await db.open();
    await a.createProject({ key: 'doc' });
    const feed = new ChangeFeed(b, 60_000); // polls once a minute: only notifications can make it prompt
    const streamed: number[] = [];
    const stop = feed.subscribe('doc', 0, (events) => streamed.push(...events.map((e) => e.id)));

    const created: number[] = [];
    const claimed: number[] = [];
    let acknowledged = 0;
    await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const agent = (i % 2 ? a : b).project('doc', { actor: `agent-${i}` });
        let mine: number | undefined;
        let holding: number | undefined;
        for (let j = 0; j < 24; j++) {
          const step = j % 4;
          if (step === 1) {
            const t = await agent.claimNext();
            // Nothing ready (the others hold or finished every ticket) writes nothing, so no event.
            if (!t) continue;
            holding = t.number;
            claimed.push(holding);
          } else if (step === 2 && mine !== undefined) {
            await agent.comment(mine, `note ${j}`);
          } else if (step === 3 && holding !== undefined) {
            await agent.move(holding, 'done');
            holding = undefined;
          } else {
            mine = (await agent.create({ title: `agent ${i} job ${j}` })).number;
            created.push(mine);
          }
          acknowledged++;
        }
      }),
    );

    expect(new Set(claimed).size).toBe(claimed.length);
    expect(created.sort((x, y) => x - y)).toEqual(Array.from({ length: created.length }, (_, i) => i + 1));
    const events = await a.project('doc').changes(0, 1000);
    expect(events).toHaveLength(acknowledged + 1);
    await until(() => streamed.length === events.length);
    expect(streamed).toEqual(events.map((e) => e.id));
    stop();
    feed.close();
  });
});

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

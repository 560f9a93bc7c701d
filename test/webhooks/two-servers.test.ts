import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Docket } from '../../src/core/docket.js';
import { openDocket } from '../../src/open.js';
import { ensureBuilt } from '../mcp/binary.js';
import { freshDatabase } from '../postgres/fresh-database.js';
import { PG_ENABLED } from '../support/postgres.js';
import { startReceiver } from '../support/receiver.js';
import { kill, serveProcess, sleep, waitFor } from './serve-process.js';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** How many requests each event got, by event id. */
const perEvent = (r: Receiver) => {
  const n = new Map<number, number>();
  for (const b of r.bodies()) n.set(b.eventId as number, (n.get(b.eventId as number) ?? 0) + 1);
  return n;
};

/**
 * Two `docket serve` processes on one PostgreSQL database, both delivering: leases (FOR UPDATE SKIP
 * LOCKED) make each attempt go out once, and when one dies mid-delivery the other carries on.
 */
describe.skipIf(!PG_ENABLED)('webhooks from two docket serve instances on one PostgreSQL database', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let docket: Docket;
  const children: ChildProcess[] = [];
  const receivers: Receiver[] = [];
  beforeAll(async () => {
    ensureBuilt();
    db = await freshDatabase('webhooks');
    docket = await openDocket(db.url, { create: true });
    await docket.createProject({ key: 'team' });
    await docket.project('team').setConfig('webhook_allow_private', true);
  }, 180_000);
  afterAll(async () => {
    for (const c of children) await kill(c);
    for (const r of receivers) await r.close();
    await docket?.close();
    await db?.drop();
  });

  it('delivers each event once per subscription with no fault, and at least once when one dies', async () => {
    const team = docket.project('team', { actor: 'writer' });
    let slow = 0;
    for (let i = 0; i < 2; i++) receivers.push(await startReceiver(() => ({ status: 200, delayMs: slow })));
    for (const r of receivers) await team.addWebhook({ url: r.url, events: ['created'] });
    const a = await serveProcess(db.url);
    const b = await serveProcess(db.url);
    children.push(a, b);

    for (let i = 1; i <= 60; i++) await team.create({ title: `t${i}` });
    const all = (n: number) => receivers.every((r) => perEvent(r).size >= n);
    expect(await waitFor(() => all(60), 30_000)).toBe(true);
    await sleep(500);
    for (const r of receivers) {
      expect([...perEvent(r).values()].every((n) => n === 1)).toBe(true);
      expect(r.got).toHaveLength(60);
      const titles = r.bodies().map((x) => (x.ticket as { title: string }).title);
      expect(titles).toEqual(Array.from({ length: 60 }, (_, i) => `t${i + 1}`));
    }

    // Now a slow receiver, and one instance killed while its requests are in flight.
    slow = 150;
    for (let i = 61; i <= 90; i++) await team.create({ title: `t${i}` });
    await sleep(1000);
    await kill(a);
    expect(await waitFor(() => all(90), 45_000)).toBe(true);
    for (const r of receivers) {
      const ids = new Map<number, Set<string>>();
      for (const x of r.bodies()) ids.set(x.eventId as number, (ids.get(x.eventId as number) ?? new Set()).add(x.id));
      expect([...ids.values()].every((s) => s.size === 1)).toBe(true);
    }
  }, 120_000);
});

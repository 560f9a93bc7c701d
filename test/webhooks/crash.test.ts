import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDocket } from '../../src/open.js';
import { ensureBuilt } from '../mcp/binary.js';
import { startReceiver } from '../support/receiver.js';
import { tempDir } from '../support/temp.js';
import { kill, serveProcess, sleep, waitFor } from './serve-process.js';

/**
 * The outbox's promise, tested the hard way: `docket serve` is killed with SIGKILL 20 times while a
 * writer creates tickets and a slow receiver takes its time. After the last restart every committed
 * event reaches the receiver at least once, and every repeat carries the delivery id of the first.
 */
describe('webhooks survive a server killed mid-delivery (the built binary, SQLite)', () => {
  beforeAll(() => ensureBuilt(), 180_000);
  const tmp = tempDir('docket-crash-');
  const db = join(tmp.dir, 'docket.db');
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) await kill(c);
    await receiver?.close();
    tmp.cleanup();
  });

  it('delivers every committed event at least once, duplicates with the same delivery id', async () => {
    receiver = await startReceiver(() => ({ status: 200, delayMs: 20 }));
    const docket = await openDocket(db, { create: true });
    await docket.createProject({ key: 'crash' });
    const doc = docket.project('crash', { actor: 'writer' });
    await doc.setConfig('webhook_allow_private', true);
    await doc.addWebhook({ url: receiver.url, events: ['created'] });

    let writing = true;
    let created = 0;
    const writer = (async () => {
      while (writing) {
        await doc.create({ title: `t${created + 1}` });
        created++;
        await sleep(50);
      }
    })();

    for (let i = 0; i < 20; i++) {
      const server = await serveProcess(db);
      children.push(server);
      await sleep(250 + Math.floor(Math.random() * 400));
      await kill(server);
    }
    writing = false;
    await writer;
    children.push(await serveProcess(db));

    const numbers = () => new Set(receiver.bodies().map((b) => (b.ticket as { number: number }).number));
    const all = await waitFor(() => numbers().size >= created, 45_000);
    await docket.close();
    expect(created).toBeGreaterThan(50);
    expect(all).toBe(true);
    expect([...numbers()].sort((a, b) => a - b)).toEqual(Array.from({ length: created }, (_, i) => i + 1));
    // A repeat is the same delivery: one delivery id per event, however often it came.
    const idsByEvent = new Map<number, Set<string>>();
    for (const b of receiver.bodies()) {
      const ids = idsByEvent.get(b.eventId as number) ?? new Set();
      ids.add(b.id);
      idsByEvent.set(b.eventId as number, ids);
    }
    expect([...idsByEvent.values()].every((ids) => ids.size === 1)).toBe(true);
    expect(receiver.got.every((g) => g.headers['docket-delivery'] === JSON.parse(g.body).id)).toBe(true);
    console.log(
      `crash test: ${created} events, ${receiver.got.length} requests (${receiver.got.length - created} repeats)`,
    );
  }, 120_000);
});

import { describe, expect, it } from 'vitest';
import type { DeliveryChange, NewWebhook, StoreTx } from '../../../src/store/store.js';
import { addProject, T0, useStore } from './fixture.js';
import { STORES } from './stores.js';

for (const backend of STORES) {
  describe(`webhooks part [${backend.name}]`, () => {
    const fx = useStore(backend);
    const hook = (projectId: number, fields: Partial<NewWebhook> = {}): NewWebhook => ({
      projectId,
      url: 'https://example.com/hook',
      kinds: ['ticket.created'],
      filterType: null,
      filterLabel: 'ops',
      secret: 'whsec_0123456789abcdef',
      format: 'json',
      active: true,
      pausedReason: null,
      cursor: 0,
      createdAt: T0,
      ...fields,
    });
    const enqueue = (tx: StoreTx, webhookId: number, events: number[], at = T0) =>
      tx.webhooks.enqueue(
        events.map((e) => ({
          uid: `u-${webhookId}-${e}`,
          webhookId,
          eventId: e,
          kind: 'ticket.created',
          createdAt: at,
        })),
      );
    const done = (attempts: number, at: number): DeliveryChange => ({
      status: 'delivered',
      attempts,
      nextAt: at,
      lastError: null,
      responseCode: 200,
      lastAt: at,
    });

    it('stores subscriptions per project, changes, pauses and removes them with their log', async () => {
      const ops = await fx.write((tx) => addProject(tx, 'ops'));
      const [a, b] = await fx.write(async (tx) => [
        await tx.webhooks.insert(hook(fx.doc)),
        await tx.webhooks.insert(hook(ops, { format: 'slack' })),
      ]);
      await fx.read(async (tx) => {
        expect(await tx.webhooks.get(a)).toEqual({ ...hook(fx.doc), id: a });
        expect((await tx.webhooks.list(fx.doc)).map((w) => w.id)).toEqual([a]);
        expect((await tx.webhooks.list()).map((w) => [w.id, w.format])).toEqual([
          [a, 'json'],
          [b, 'slack'],
        ]);
      });
      expect(await fx.write((tx) => tx.webhooks.update(a, { active: false, pausedReason: 'why', cursor: 7 }))).toBe(
        true,
      );
      expect(await fx.read((tx) => tx.webhooks.get(a))).toMatchObject({
        active: false,
        pausedReason: 'why',
        cursor: 7,
      });
      expect(await fx.write((tx) => tx.webhooks.take(a))).toBeUndefined();
      expect(await fx.write((tx) => tx.webhooks.update(a + 99, { cursor: 1 }))).toBe(false);
      await fx.write((tx) => enqueue(tx, a, [1, 2]));
      expect(await fx.write((tx) => tx.webhooks.remove(a))).toBe(true);
      expect(await fx.write((tx) => tx.webhooks.remove(a))).toBe(false);
      expect(await fx.read((tx) => tx.webhooks.deliveries(a, 10))).toEqual([]);
    });

    it('queues one delivery per event, ignores repeats, and lists the log newest first', async () => {
      const a = await fx.write((tx) => tx.webhooks.insert(hook(fx.doc)));
      await fx.write((tx) => enqueue(tx, a, [3, 4, 5]));
      await fx.write((tx) =>
        tx.webhooks.enqueue([{ uid: 'other', webhookId: a, eventId: 4, kind: 'ticket.created', createdAt: T0 }]),
      );
      const log = await fx.read((tx) => tx.webhooks.deliveries(a, 10));
      expect(log.map((d) => [d.eventId, d.uid, d.status, d.attempts])).toEqual([
        [5, `u-${a}-5`, 'pending', 0],
        [4, `u-${a}-4`, 'pending', 0],
        [3, `u-${a}-3`, 'pending', 0],
      ]);
      expect((await fx.read((tx) => tx.webhooks.deliveries(a, 1, log[0]!.id))).map((d) => d.eventId)).toEqual([4]);
      expect(await fx.read((tx) => tx.webhooks.delivery(log[2]!.id))).toEqual(log[2]);
    });

    it('leases the oldest run of one subscription once, keeps order, and settles only with the lease', async () => {
      const a = await fx.write((tx) => tx.webhooks.insert(hook(fx.doc)));
      await fx.write((tx) => enqueue(tx, a, [1, 2, 3]));
      const lease = { now: T0 + 10, until: T0 + 1000, token: 'me' };
      const run = await fx.write((tx) => tx.webhooks.claim(lease, 2));
      expect(run.map((d) => d.eventId)).toEqual([1, 2]);
      // Leased: nobody else gets the head or anything after it until the lease ends.
      expect(await fx.write((tx) => tx.webhooks.claim({ ...lease, token: 'other' }, 5))).toEqual([]);
      expect(await fx.write((tx) => tx.webhooks.settle([{ id: run[0]!.id, change: done(1, T0 + 20) }], 'other'))).toBe(
        0,
      );
      expect(
        await fx.write((tx) =>
          tx.webhooks.settle(
            [
              { id: run[0]!.id, change: done(1, T0 + 20) },
              {
                id: run[1]!.id,
                change: { ...done(1, T0 + 20), status: 'pending', nextAt: T0 + 500, responseCode: 503 },
              },
            ],
            'me',
          ),
        ),
      ).toBe(2);
      // The head (event 2) waits for its retry; event 3 waits behind it.
      expect(await fx.write((tx) => tx.webhooks.claim({ now: T0 + 100, until: T0 + 900, token: 'x' }, 5))).toEqual([]);
      const retry = await fx.write((tx) => tx.webhooks.claim({ now: T0 + 600, until: T0 + 900, token: 'y' }, 5));
      expect(retry.map((d) => [d.eventId, d.attempts, d.responseCode])).toEqual([
        [2, 1, 503],
        [3, 0, null],
      ]);
      // An expired lease is taken over.
      const again = await fx.write((tx) => tx.webhooks.claim({ now: T0 + 901, until: T0 + 2000, token: 'z' }, 1));
      expect(again.map((d) => d.uid)).toEqual([retry[0]!.uid]);
      expect(await fx.write((tx) => tx.webhooks.settle([{ id: again[0]!.id, change: done(2, T0 + 950) }], 'y'))).toBe(
        0,
      );
      expect(await fx.write((tx) => tx.webhooks.settle([{ id: again[0]!.id, change: done(2, T0 + 950) }], null))).toBe(
        1,
      );
    });

    it('claims nothing from a paused subscription, and each subscription in its own order', async () => {
      const [a, b] = await fx.write(async (tx) => [
        await tx.webhooks.insert(hook(fx.doc)),
        await tx.webhooks.insert(hook(fx.doc)),
      ]);
      await fx.write(async (tx) => {
        await enqueue(tx, a, [1, 2]);
        await enqueue(tx, b, [1, 2]);
        await tx.webhooks.update(a, { active: false });
      });
      const run = await fx.write((tx) => tx.webhooks.claim({ now: T0, until: T0 + 10, token: 't' }, 10));
      expect(run.map((d) => [d.webhookId, d.eventId])).toEqual([
        [b, 1],
        [b, 2],
      ]);
      expect(await fx.write((tx) => tx.webhooks.claim({ now: T0, until: T0 + 10, token: 't' }, 10))).toEqual([]);
    });

    it('prunes finished deliveries older than a time, never pending ones', async () => {
      const a = await fx.write((tx) => tx.webhooks.insert(hook(fx.doc)));
      await fx.write((tx) => enqueue(tx, a, [1, 2]));
      const [second, first] = await fx.read((tx) => tx.webhooks.deliveries(a, 10));
      await fx.write((tx) => tx.webhooks.settle([{ id: first!.id, change: done(1, T0 + 5) }], null));
      expect(await fx.write((tx) => tx.webhooks.prune(T0 + 10))).toBe(1);
      expect((await fx.read((tx) => tx.webhooks.deliveries(a, 10))).map((d) => d.id)).toEqual([second!.id]);
    });
  });
}

import { describe, expect, it } from 'vitest';
import { addProject, addTicket, T0, useStore } from './fixture.js';
import { STORES } from './stores.js';

for (const backend of STORES) {
  describe(`replies part [${backend.name}]`, () => {
    const fx = useStore(backend);

    it('reserves a reply, completes it, and deletes it', async () => {
      await fx.write((tx) => tx.replies.put({ key: 'k1', fingerprint: 'f1', reply: null, createdAt: T0 }));
      expect(await fx.read((tx) => tx.replies.get('k1'))).toEqual({
        key: 'k1',
        fingerprint: 'f1',
        reply: null,
        createdAt: T0,
      });
      const done = { key: 'k1', fingerprint: 'f1', reply: '{"status":201}', createdAt: T0 + 1 };
      await fx.write((tx) => tx.replies.put(done));
      expect(await fx.read((tx) => tx.replies.get('k1'))).toEqual(done);
      await fx.write((tx) => tx.replies.delete('k1'));
      expect(await fx.read((tx) => tx.replies.get('k1'))).toBeUndefined();
    });

    it('prunes replies older than a time and says how many', async () => {
      await fx.write(async (tx) => {
        for (const n of [1, 2, 3])
          await tx.replies.put({ key: `k${n}`, fingerprint: 'f', reply: 'r', createdAt: T0 + n });
      });
      expect(await fx.write((tx) => tx.replies.prune(T0 + 3))).toBe(2);
      await fx.read(async (tx) => {
        expect(await tx.replies.get('k2')).toBeUndefined();
        expect(await tx.replies.get('k3')).toMatchObject({ createdAt: T0 + 3 });
      });
      expect(await fx.write((tx) => tx.replies.prune(T0))).toBe(0);
    });

    it('remembers the ticket a keyed create made, per project, and pages the keys in key order', async () => {
      const ops = await fx.store.write((tx) => addProject(tx, 'ops'));
      const [a, b] = await fx.write(async (tx) => {
        const a = await addTicket(tx, fx.doc);
        const b = await addTicket(tx, fx.doc);
        await tx.replies.putCreated({ projectId: fx.doc, key: 'kb', requestHash: 'h2', ticketId: b.id, at: T0 + 2 });
        await tx.replies.putCreated({ projectId: fx.doc, key: 'ka', requestHash: 'h1', ticketId: a.id, at: T0 + 1 });
        return [a, b];
      });
      await fx.read(async (tx) => {
        expect(await tx.replies.created(fx.doc, 'ka')).toEqual({ requestHash: 'h1', ticketId: a!.id });
        expect(await tx.replies.created(fx.doc, 'kc')).toBeUndefined();
        expect(await tx.replies.createdPage(fx.doc, '', 10)).toEqual([
          { key: 'ka', requestHash: 'h1', ticketNumber: 1, createdAt: T0 + 1 },
          { key: 'kb', requestHash: 'h2', ticketNumber: 2, createdAt: T0 + 2 },
        ]);
        expect((await tx.replies.createdPage(fx.doc, 'ka', 10)).map((r) => r.key)).toEqual(['kb']);
        expect((await tx.replies.createdPage(fx.doc, '', 1)).map((r) => r.key)).toEqual(['ka']);
      });
      await fx.read(async (tx) => {
        expect(await tx.replies.created(ops, 'ka')).toBeUndefined();
        expect(await tx.replies.createdPage(ops, '', 10)).toEqual([]);
      }, 'ops');
      expect(b!.number).toBe(2);
    });
  });
}

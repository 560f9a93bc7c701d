import { describe, expect, it } from 'vitest';
import { addTicket, T0, useStore } from './fixture.js';
import { STORES } from './stores.js';

for (const backend of STORES) {
  describe(`upkeep part [${backend.name}]`, () => {
    const fx = useStore(backend);
    /** 1: todo; 2: done, closed; 3: done, not closed; 4: todo, closed; 5: a bug, done, not closed. */
    const seed = () =>
      fx.write(async (tx) => {
        await addTicket(tx, fx.doc, { updatedAt: T0 + 1 });
        await addTicket(tx, fx.doc, { status: 'done', closedAt: T0 + 2, updatedAt: T0 + 2 });
        await addTicket(tx, fx.doc, { status: 'done', updatedAt: T0 + 3 });
        await addTicket(tx, fx.doc, { closedAt: T0 + 4, updatedAt: T0 + 4 });
        await addTicket(tx, fx.doc, { type: 'bug', status: 'done', updatedAt: T0 + 5 });
      });

    it('tallies the real tickets per type, status and whether closed', async () => {
      await seed();
      expect(await fx.read((tx) => tx.upkeep.tally(fx.doc))).toEqual([
        { type: 'bug', status: 'done', closed: false, count: 1 },
        { type: 'task', status: 'done', closed: false, count: 1 },
        { type: 'task', status: 'done', closed: true, count: 1 },
        { type: 'task', status: 'todo', closed: false, count: 1 },
        { type: 'task', status: 'todo', closed: true, count: 1 },
      ]);
    });

    it('closes terminal tickets of one type at their last update and reopens the others', async () => {
      await seed();
      const synced = await fx.write((tx) => tx.upkeep.syncClosedAt(fx.doc, 'task', ['done']));
      expect(synced).toEqual({ closed: 1, reopened: 1 });
      const closedAt = await fx.read(async (tx) =>
        (await tx.tickets.list(fx.doc, { limit: 10, order: 'asc' })).map((t) => t.closedAt),
      );
      expect(closedAt).toEqual([null, T0 + 2, T0 + 3, null, null]);
      expect(await fx.write((tx) => tx.upkeep.syncClosedAt(fx.doc, 'task', ['done']))).toEqual({
        closed: 0,
        reopened: 0,
      });
    });

    it('finds nothing stale in a sound store, rebuilds counts, and refuses an unknown name', async () => {
      await seed();
      expect(await fx.write((tx) => tx.upkeep.staleDerived())).toEqual([]);
      await fx.write((tx) => tx.upkeep.rebuildDerived('ticket_counts'));
      expect(await fx.write((tx) => tx.upkeep.staleDerived())).toEqual([]);
      expect(await fx.read((tx) => tx.counts.byAssignee(fx.doc))).toEqual([{ key: null, count: 5 }]);
      await expect(fx.write((tx) => tx.upkeep.rebuildDerived('no_such_thing'))).rejects.toMatchObject({
        code: 'validation',
      });
    });
  });
}

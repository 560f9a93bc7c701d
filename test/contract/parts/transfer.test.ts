import { describe, expect, it } from 'vitest';
import { addTicket, draft, T0, useStore } from './fixture.js';
import { STORES } from './stores.js';

for (const backend of STORES) {
  describe(`transfer part [${backend.name}]`, () => {
    const fx = useStore(backend);

    it('restores a ticket with its number, version and timestamps, leaving the counter alone', async () => {
      const exported = { ...draft(fx.doc, 41, { labels: ['old'], updatedAt: T0 + 9, closedAt: T0 + 8 }), version: 7 };
      const id = await fx.write((tx) => tx.transfer.restoreTicket(exported));
      await fx.read(async (tx) => {
        expect(await tx.tickets.get(fx.doc, 41)).toEqual({ ...exported, id });
        expect(await tx.transfer.lastNumber(fx.doc)).toBe(0);
        expect(await tx.transfer.maxNumber(fx.doc)).toBe(41);
        const labelled = await tx.tickets.list(fx.doc, { label: 'old', limit: 5, order: 'asc' });
        expect(labelled.map((t) => t.number)).toEqual([41]);
      });
    });

    it('sets the counter so numbering carries on after the restored tickets', async () => {
      await fx.write((tx) => addTicket(tx, fx.doc));
      await fx.write(async (tx) => {
        await tx.transfer.restoreTicket({ ...draft(fx.doc, 12), version: 1 });
        await tx.transfer.setLastNumber(fx.doc, await tx.transfer.maxNumber(fx.doc));
      });
      expect(await fx.read((tx) => tx.transfer.lastNumber(fx.doc))).toBe(12);
      expect(await fx.write((tx) => tx.projects.nextNumber(fx.doc))).toBe(13);
    });

    it('reads 0 for a project with no tickets yet', async () => {
      await fx.read(async (tx) => {
        expect(await tx.transfer.lastNumber(fx.doc)).toBe(0);
        expect(await tx.transfer.maxNumber(fx.doc)).toBe(0);
      });
    });
  });
}

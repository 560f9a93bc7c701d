import { describe, expect, it } from 'vitest';
import { addTicket, useStore } from './fixture.js';
import { STORES } from './stores.js';

for (const backend of STORES) {
  describe(`maintenance [${backend.name}]`, () => {
    const fx = useStore(backend);
    const many = () =>
      fx.write(async (tx) => {
        for (let n = 0; n < 300; n++) await addTicket(tx, fx.doc, { labels: [`l${n % 7}`], title: `bulk ${n}` });
      });

    it('settles after a bulk load, and the store checks out whole', async () => {
      await many();
      await fx.store.maintenance.settle();
      await fx.store.maintenance.settle();
      expect(await fx.store.maintenance.integrityCheck()).toEqual([]);
      expect((await fx.store.maintenance.stats()).bytes).toBeGreaterThan(0);
      const page = await fx.read((tx) => tx.tickets.list(fx.doc, { label: 'l3', limit: 2, order: 'desc' }));
      expect(page.map((t) => t.number)).toEqual([298, 291]);
    });

    it('vacuums a store in use and reads the same afterwards', async () => {
      await many();
      await fx.store.maintenance.vacuum();
      expect(await fx.read((tx) => tx.transfer.maxNumber(fx.doc))).toBe(300);
      expect(await fx.store.maintenance.integrityCheck()).toEqual([]);
    });

    it('names its journal mode, and refuses a setting it does not know', async () => {
      expect(typeof (await fx.store.maintenance.getPragma('journal_mode'))).toBe('string');
      await expect(fx.store.maintenance.setPragma('synchronous', 'sometimes')).rejects.toMatchObject({
        code: expect.stringMatching(/^(validation|unsupported)$/),
      });
    });
  });
}

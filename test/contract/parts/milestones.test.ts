import { describe, expect, it } from 'vitest';
import type { NewMilestone } from '../../../src/store/milestones.js';
import { addProject, addTicket, T0, useStore } from './fixture.js';
import { STORES } from './stores.js';

const DAY = 86_400_000;

const milestone = (projectId: number, key: string, more: Partial<NewMilestone> = {}): NewMilestone => ({
  projectId,
  key,
  name: key.toUpperCase(),
  description: '',
  dueAt: null,
  dueDay: false,
  closedAt: null,
  createdAt: T0,
  ...more,
});

for (const backend of STORES) {
  describe(`milestones part [${backend.name}]`, () => {
    const fx = useStore(backend);

    it('inserts, finds by key, lists by due date (none last), edits and removes', async () => {
      await fx.write(async (tx) => {
        await tx.milestones.insert(milestone(fx.doc, 'later'));
        await tx.milestones.insert(milestone(fx.doc, 'v2', { dueAt: T0 + 2 * DAY, dueDay: true }));
        await tx.milestones.insert(milestone(fx.doc, 'v1', { dueAt: T0 + DAY, description: 'first' }));
      });
      await fx.read(async (tx) => {
        expect((await tx.milestones.list(fx.doc)).map((m) => m.key)).toEqual(['v1', 'v2', 'later']);
        expect(await tx.milestones.get(fx.doc, 'v2')).toMatchObject({
          key: 'v2',
          name: 'V2',
          dueAt: T0 + 2 * DAY,
          dueDay: true,
          closedAt: null,
        });
        expect(await tx.milestones.get(fx.doc, 'v9')).toBeUndefined();
      });
      await fx.write((tx) => tx.milestones.update(fx.doc, 'v1', { key: 'v1.0', closedAt: T0 + 5, dueDay: true }));
      await fx.read(async (tx) => {
        expect(await tx.milestones.get(fx.doc, 'v1')).toBeUndefined();
        expect(await tx.milestones.get(fx.doc, 'v1.0')).toMatchObject({
          closedAt: T0 + 5,
          dueDay: true,
          description: 'first',
        });
      });
      await fx.write((tx) => tx.milestones.remove(fx.doc, 'later'));
      expect((await fx.read((tx) => tx.milestones.list(fx.doc))).map((m) => m.key)).toEqual(['v1.0', 'v2']);
    });

    it('keeps each project’s milestones apart', async () => {
      const other = await fx.store.write((tx) => addProject(tx, 'ops'));
      await fx.write((tx) => tx.milestones.insert(milestone(fx.doc, 'v1')));
      await fx.write((tx) => tx.milestones.insert(milestone(other, 'v1', { name: 'Ops v1' })), 'ops');
      expect((await fx.read((tx) => tx.milestones.get(fx.doc, 'v1')))?.name).toBe('V1');
      expect((await fx.read((tx) => tx.milestones.get(other, 'v1'), 'ops'))?.name).toBe('Ops v1');
      expect(await fx.read((tx) => tx.milestones.get(other, 'v2'), 'ops')).toBeUndefined();
    });

    it('counts progress: tickets and estimates, all and closed', async () => {
      await fx.write(async (tx) => {
        await tx.milestones.insert(milestone(fx.doc, 'v1'));
        await tx.milestones.insert(milestone(fx.doc, 'v2'));
        await addTicket(tx, fx.doc, { milestone: 'v1', estimate: 3 });
        await addTicket(tx, fx.doc, { milestone: 'v1', estimate: 2.5, closedAt: T0 + 1, status: 'done' });
        await addTicket(tx, fx.doc, { milestone: 'v1' });
        await addTicket(tx, fx.doc, { milestone: 'v2', estimate: 1 });
        await addTicket(tx, fx.doc, { estimate: 8 });
      });
      await fx.read(async (tx) => {
        expect(await tx.milestones.progress(fx.doc)).toEqual([
          { key: 'v1', total: 3, closed: 1, estimate: 5.5, closedEstimate: 2.5 },
          { key: 'v2', total: 1, closed: 0, estimate: 1, closedEstimate: 0 },
        ]);
        expect(await tx.milestones.progress(fx.doc, ['v2', 'none'])).toEqual([
          { key: 'v2', total: 1, closed: 0, estimate: 1, closedEstimate: 0 },
        ]);
        expect(await tx.milestones.progress(fx.doc, [])).toEqual([]);
      });
    });

    it('gives the estimate open at each instant, from creation and closing times', async () => {
      await fx.write(async (tx) => {
        await tx.milestones.insert(milestone(fx.doc, 'v1'));
        await addTicket(tx, fx.doc, { milestone: 'v1', estimate: 3, createdAt: T0 });
        await addTicket(tx, fx.doc, { milestone: 'v1', estimate: 2, createdAt: T0 + DAY, closedAt: T0 + 2 * DAY });
        await addTicket(tx, fx.doc, { estimate: 100, createdAt: T0 });
      });
      const at = [T0 - 1, T0, T0 + DAY, T0 + 2 * DAY, T0 + 3 * DAY];
      expect(await fx.read((tx) => tx.milestones.openEstimateAt(fx.doc, 'v1', at))).toEqual([0, 3, 5, 3, 3]);
      expect(await fx.read((tx) => tx.milestones.openEstimateAt(fx.doc, 'v1', []))).toEqual([]);
    });
  });
}

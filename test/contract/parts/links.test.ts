import { describe, expect, it } from 'vitest';
import type { LinkType } from '../../../src/domain/links.js';
import type { StoreTx } from '../../../src/store/store.js';
import { addTicket, T0, useStore } from './fixture.js';
import { STORES } from './stores.js';

for (const backend of STORES) {
  describe(`links part [${backend.name}]`, () => {
    const fx = useStore(backend);
    const link = (tx: StoreTx, sourceId: number, type: LinkType, targetId: number) =>
      tx.links.insert({ projectId: fx.doc, sourceId, targetId, type, actor: 'al', at: T0 });
    /** Tickets 1-4; 1 blocks 2, 2 blocks 3, 4 is the parent of 1. */
    const seed = () =>
      fx.write(async (tx) => {
        const t = [];
        for (let n = 0; n < 4; n++) t.push((await addTicket(tx, fx.doc)).id);
        const [a, b, c, d] = t as [number, number, number, number];
        const ids = { ab: await link(tx, a, 'blocks', b), bc: await link(tx, b, 'blocks', c) };
        return { a, b, c, d, ...ids, da: await link(tx, d, 'parent', a) };
      });

    it("lists a ticket's links from both ends, oldest first, with the other end", async () => {
      const s = await seed();
      const of = await fx.read((tx) => tx.links.of(s.a));
      expect(of.map((l) => [l.type, l.outgoing, l.other.number])).toEqual([
        ['blocks', true, 2],
        ['parent', false, 4],
      ]);
      expect(of[0]).toMatchObject({ id: s.ab, sourceId: s.a, targetId: s.b });
      expect(of[0]!.other).toEqual({ id: s.b, number: 2, title: 'ticket 2', status: 'todo', closedAt: null });
    });

    it('gets a link in its project, and finds one by its ends and type only', async () => {
      const s = await seed();
      await fx.read(async (tx) => {
        expect(await tx.links.get(fx.doc, s.bc)).toEqual({ id: s.bc, type: 'blocks', sourceId: s.b, targetId: s.c });
        expect(await tx.links.find({ sourceId: s.a, targetId: s.b, type: 'blocks' })).toBe(s.ab);
        expect(await tx.links.find({ sourceId: s.b, targetId: s.a, type: 'blocks' })).toBeUndefined();
        expect(await tx.links.find({ sourceId: s.a, targetId: s.b, type: 'related' })).toBeUndefined();
      });
    });

    it('follows links of one type forwards only', async () => {
      const s = await seed();
      await fx.read(async (tx) => {
        expect(await tx.links.reachable({ sourceId: s.a, targetId: s.c, type: 'blocks' })).toBe(true);
        expect(await tx.links.reachable({ sourceId: s.c, targetId: s.a, type: 'blocks' })).toBe(false);
        expect(await tx.links.reachable({ sourceId: s.d, targetId: s.c, type: 'blocks' })).toBe(false);
        expect(await tx.links.reachable({ sourceId: s.d, targetId: s.b, type: 'parent' })).toBe(false);
      });
    });

    it('counts incoming links and the open tickets that block one', async () => {
      const s = await seed();
      await fx.write((tx) => link(tx, s.d, 'blocks', s.c));
      await fx.read(async (tx) => {
        expect(await tx.links.incoming(s.c, 'blocks')).toBe(2);
        expect(await tx.links.incoming(s.c, 'parent')).toBe(0);
        expect(await tx.links.openBlockers(s.c)).toBe(2);
      });
      await fx.write((tx) => tx.tickets.update(s.b, { status: 'done', closedAt: T0 }, T0));
      expect(await fx.read((tx) => tx.links.openBlockers(s.c))).toBe(1);
    });

    it("pages a project's links by ticket number, after an id", async () => {
      const s = await seed();
      const all = await fx.read((tx) => tx.links.page(fx.doc, 0, 10));
      expect(all.map((l) => [l.sourceNumber, l.type, l.targetNumber])).toEqual([
        [1, 'blocks', 2],
        [2, 'blocks', 3],
        [4, 'parent', 1],
      ]);
      expect(all[0]).toMatchObject({ id: s.ab, createdBy: 'al', createdAt: T0 });
      const rest = await fx.read((tx) => tx.links.page(fx.doc, all[0]!.id, 1));
      expect(rest.map((l) => l.id)).toEqual([s.bc]);
    });

    it('deletes a link, and finds no links across projects', async () => {
      const s = await seed();
      await fx.write((tx) => tx.links.delete(s.ab));
      await fx.read(async (tx) => {
        expect(await tx.links.get(fx.doc, s.ab)).toBeUndefined();
        expect((await tx.links.of(s.a)).map((l) => l.id)).toEqual([s.da]);
        expect(await tx.links.crossProject()).toEqual([]);
      });
    });
  });
}

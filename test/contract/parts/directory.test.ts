import { describe, expect, it } from 'vitest';
import { addProject, T0, useStore } from './fixture.js';
import { STORES } from './stores.js';

for (const backend of STORES) {
  describe(`directory part [${backend.name}]`, () => {
    const fx = useStore(backend);

    it('adds entities, updates name and kind in place, lists them by slug, deletes one', async () => {
      await fx.write(async (tx) => {
        await tx.directory.putEntity(fx.doc, { slug: 'zoe', name: 'Zoe', kind: 'person', createdAt: T0 });
        await tx.directory.putEntity(fx.doc, { slug: 'ops', name: 'Ops', kind: 'team', createdAt: T0 + 1 });
        await tx.directory.putEntity(fx.doc, { slug: 'zoe', name: 'Zoe Bot', kind: 'agent', createdAt: T0 + 2 });
      });
      await fx.read(async (tx) => {
        expect(await tx.directory.entities(fx.doc)).toEqual([
          { slug: 'ops', name: 'Ops', kind: 'team', createdAt: T0 + 1 },
          { slug: 'zoe', name: 'Zoe Bot', kind: 'agent', createdAt: T0 },
        ]);
        expect(await tx.directory.entity(fx.doc, 'ops')).toEqual({
          slug: 'ops',
          name: 'Ops',
          kind: 'team',
          createdAt: T0 + 1,
        });
        expect(await tx.directory.entity(fx.doc, 'nobody')).toBeUndefined();
      });
      await fx.write((tx) => tx.directory.deleteEntity(fx.doc, 'zoe'));
      expect((await fx.read((tx) => tx.directory.entities(fx.doc))).map((e) => e.slug)).toEqual(['ops']);
    });

    it('adds, renames and deletes categories', async () => {
      await fx.write(async (tx) => {
        await tx.directory.addCategory(fx.doc, { slug: 'web', createdAt: T0 });
        await tx.directory.addCategory(fx.doc, { slug: 'api', createdAt: T0 + 1 });
      });
      expect(await fx.read((tx) => tx.directory.categories(fx.doc))).toEqual([
        { slug: 'api', createdAt: T0 + 1 },
        { slug: 'web', createdAt: T0 },
      ]);
      await fx.write((tx) => tx.directory.renameCategory(fx.doc, 'web', 'site'));
      await fx.read(async (tx) => {
        expect(await tx.directory.category(fx.doc, 'site')).toEqual({ slug: 'site', createdAt: T0 });
        expect(await tx.directory.category(fx.doc, 'web')).toBeUndefined();
      });
      await fx.write((tx) => tx.directory.deleteCategory(fx.doc, 'api'));
      expect(await fx.read((tx) => tx.directory.categories(fx.doc))).toEqual([{ slug: 'site', createdAt: T0 }]);
    });

    it("keeps each project's names to itself", async () => {
      const ops = await fx.store.write((tx) => addProject(tx, 'ops'));
      await fx.write(async (tx) => {
        await tx.directory.putEntity(fx.doc, { slug: 'zoe', name: 'Zoe', kind: 'person', createdAt: T0 });
        await tx.directory.addCategory(fx.doc, { slug: 'web', createdAt: T0 });
      });
      await fx.write(async (tx) => {
        await tx.directory.putEntity(ops, { slug: 'zoe', name: 'Other Zoe', kind: 'agent', createdAt: T0 });
        await tx.directory.deleteCategory(ops, 'web');
      }, 'ops');
      await fx.read(async (tx) => {
        expect(await tx.directory.entity(fx.doc, 'zoe')).toMatchObject({ name: 'Zoe', kind: 'person' });
        expect(await tx.directory.categories(fx.doc)).toEqual([{ slug: 'web', createdAt: T0 }]);
      });
      await fx.read(async (tx) => {
        expect((await tx.directory.entities(ops)).map((e) => e.name)).toEqual(['Other Zoe']);
        expect(await tx.directory.categories(ops)).toEqual([]);
      }, 'ops');
    });
  });
}

import { describe, expect, it } from 'vitest';
import { addProject, T0, useStore } from './fixture.js';
import { STORES } from './stores.js';

for (const backend of STORES) {
  describe(`projects part [${backend.name}]`, () => {
    const fx = useStore(backend);

    it('finds a project by key, lists every project by key, and knows no other key', async () => {
      const ops = await fx.store.write((tx) => addProject(tx, 'ops'));
      await fx.store.write((tx) => addProject(tx, 'app'));
      await fx.store.read(async (tx) => {
        expect(await tx.projects.byKey('ops')).toEqual({
          id: ops,
          key: 'ops',
          name: 'OPS',
          schemaVersion: 1,
          createdAt: T0,
        });
        expect((await tx.projects.all()).map((p) => p.key)).toEqual(['app', 'doc', 'ops']);
        expect(await tx.projects.byKey('nope')).toBeUndefined();
      });
      expect(ops).not.toBe(fx.doc);
    });

    it('keeps the schema document as saved and bumps the version on each save', async () => {
      expect(JSON.parse(await fx.read((tx) => tx.projects.schema(fx.doc)))).toEqual({ v: 1 });
      await fx.write((tx) => tx.projects.saveSchema(fx.doc, '{"v":2,"types":["bug"]}'));
      await fx.write((tx) => tx.projects.saveSchema(fx.doc, '{"v":3}'));
      await fx.read(async (tx) => {
        expect(JSON.parse(await tx.projects.schema(fx.doc))).toEqual({ v: 3 });
        expect((await tx.projects.byKey('doc'))?.schemaVersion).toBe(3);
      });
    });

    it("numbers each project's tickets from its own counter, one after another", async () => {
      const ops = await fx.store.write((tx) => addProject(tx, 'ops'));
      const doc = await fx.write(async (tx) => [
        await tx.projects.nextNumber(fx.doc),
        await tx.projects.nextNumber(fx.doc),
      ]);
      const other = await fx.write((tx) => tx.projects.nextNumber(ops), 'ops');
      expect(doc).toEqual([1, 2]);
      expect(other).toBe(1);
      expect(await fx.write((tx) => tx.projects.nextNumber(fx.doc))).toBe(3);
    });

    it('hands a number out again when the transaction that took it rolls back', async () => {
      await fx.write((tx) => tx.projects.nextNumber(fx.doc));
      const failed = fx.write(async (tx) => {
        await tx.projects.nextNumber(fx.doc);
        throw new Error('give up');
      });
      await expect(failed).rejects.toThrow('give up');
      expect(await fx.write((tx) => tx.projects.nextNumber(fx.doc))).toBe(2);
    });

    it('rolls a new project back with its transaction', async () => {
      const failed = fx.store.write(async (tx) => {
        await addProject(tx, 'gone');
        throw new Error('give up');
      });
      await expect(failed).rejects.toThrow('give up');
      expect(await fx.store.read((tx) => tx.projects.byKey('gone'))).toBeUndefined();
    });
  });
}

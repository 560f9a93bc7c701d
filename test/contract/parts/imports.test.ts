import { describe, expect, it } from 'vitest';
import { addProject, addTicket, T0, useStore } from './fixture.js';
import { STORES } from './stores.js';

for (const backend of STORES) {
  describe(`imports part [${backend.name}]`, () => {
    const fx = useStore(backend);
    const ref = (externalId: string, ticketId: number, hash = 'h1', source = 'github') => ({
      projectId: fx.doc,
      source,
      externalId,
      url: `https://example.com/${externalId}`,
      ticketId,
      hash,
      at: T0,
    });

    it('finds the references of a batch of source ids, and only those of that source', async () => {
      const [a, b] = await fx.write(async (tx) => {
        const a = await addTicket(tx, fx.doc);
        const b = await addTicket(tx, fx.doc);
        await tx.imports.put(ref('acme/web#1', a.id));
        await tx.imports.put(ref('acme/web#2', b.id));
        await tx.imports.put(ref('acme/web#1', b.id, 'hx', 'linear'));
        return [a, b];
      });
      await fx.read(async (tx) => {
        const found = await tx.imports.find(fx.doc, 'github', ['acme/web#2', 'acme/web#1', 'acme/web#9']);
        expect(found.sort((x, y) => x.externalId.localeCompare(y.externalId))).toEqual([
          { externalId: 'acme/web#1', url: 'https://example.com/acme/web#1', ticketId: a!.id, hash: 'h1', at: T0 },
          { externalId: 'acme/web#2', url: 'https://example.com/acme/web#2', ticketId: b!.id, hash: 'h1', at: T0 },
        ]);
        expect(await tx.imports.find(fx.doc, 'jira', ['acme/web#1'])).toEqual([]);
        expect(await tx.imports.find(fx.doc, 'github', [])).toEqual([]);
      });
    });

    it('replaces a reference put again, and lists a ticket’s references', async () => {
      const a = await fx.write(async (tx) => {
        const a = await addTicket(tx, fx.doc);
        await tx.imports.put(ref('ENG-1', a.id, 'old', 'linear'));
        await tx.imports.put({ ...ref('ENG-1', a.id, 'new', 'linear'), url: null, at: T0 + 5 });
        return a;
      });
      await fx.read(async (tx) => {
        expect(await tx.imports.find(fx.doc, 'linear', ['ENG-1'])).toEqual([
          { externalId: 'ENG-1', url: null, ticketId: a.id, hash: 'new', at: T0 + 5 },
        ]);
        expect(await tx.imports.ofTicket(a.id)).toEqual([
          { source: 'linear', externalId: 'ENG-1', url: null, ticketNumber: 1, hash: 'new', at: T0 + 5 },
        ]);
      });
    });

    it('pages a project’s references in (source, id) order, apart from other projects', async () => {
      const ops = await fx.store.write((tx) => addProject(tx, 'ops'));
      await fx.write(async (tx) => {
        const t = await addTicket(tx, fx.doc);
        await tx.imports.put(ref('b', t.id, 'h', 'jira'));
        await tx.imports.put(ref('a', t.id, 'h', 'jira'));
        await tx.imports.put(ref('z', t.id, 'h', 'beads'));
      });
      await fx.read(async (tx) => {
        const all = await tx.imports.page(fx.doc, null, 10);
        expect(all.map((r) => `${r.source}:${r.externalId}:${r.ticketNumber}`)).toEqual([
          'beads:z:1',
          'jira:a:1',
          'jira:b:1',
        ]);
        const next = await tx.imports.page(fx.doc, { source: 'jira', externalId: 'a' }, 10);
        expect(next.map((r) => r.externalId)).toEqual(['b']);
        expect((await tx.imports.page(fx.doc, null, 1)).map((r) => r.externalId)).toEqual(['z']);
      });
      await fx.read(async (tx) => {
        expect(await tx.imports.page(ops, null, 10)).toEqual([]);
        expect(await tx.imports.find(ops, 'jira', ['a'])).toEqual([]);
      }, 'ops');
    });
  });
}

import { describe, expect, it } from 'vitest';
import type { NewReference } from '../../../src/store/references.js';
import { addProject, addTicket, T0, useStore } from './fixture.js';
import { STORES } from './stores.js';

for (const backend of STORES) {
  describe(`references part [${backend.name}]`, () => {
    const fx = useStore(backend);
    const commit = (ticketId: number, key: string, fields: Partial<NewReference> = {}): NewReference => ({
      projectId: fx.doc,
      ticketId,
      kind: 'commit',
      key,
      subject: `subject of ${key}`,
      author: 'Ann <ann@example.com>',
      time: T0 - 1000,
      branch: 'main',
      url: null,
      actor: 'al',
      at: T0,
      ...fields,
    });

    it("records a reference once per ticket and key, and lists a ticket's oldest first", async () => {
      const { a, b } = await fx.write(async (tx) => ({
        a: (await addTicket(tx, fx.doc)).id,
        b: (await addTicket(tx, fx.doc)).id,
      }));
      const ids = await fx.write(async (tx) => [
        await tx.references.insert(commit(a, 'c1')),
        await tx.references.insert(commit(a, 'https://git.example.com/o/r/pull/3', { kind: 'pull', subject: null })),
        await tx.references.insert(commit(a, 'c1', { subject: 'again' })),
        await tx.references.insert(commit(b, 'c1')),
      ]);
      expect(ids[0]).toBeTypeOf('number');
      expect(ids[2]).toBeUndefined();
      expect(ids[3]).toBeTypeOf('number');
      const of = await fx.read((tx) => tx.references.of(a));
      expect(of.map((r) => [r.kind, r.key, r.subject])).toEqual([
        ['commit', 'c1', 'subject of c1'],
        ['pull', 'https://git.example.com/o/r/pull/3', null],
      ]);
      expect(of[0]).toEqual({
        id: ids[0],
        ticketId: a,
        kind: 'commit',
        key: 'c1',
        subject: 'subject of c1',
        author: 'Ann <ann@example.com>',
        time: T0 - 1000,
        branch: 'main',
        url: null,
        createdBy: 'al',
        createdAt: T0,
      });
    });

    it('finds by ticket and key, and moves a commit to the branch it landed on', async () => {
      const a = await fx.write(async (tx) => (await addTicket(tx, fx.doc)).id);
      const id = (await fx.write((tx) => tx.references.insert(commit(a, 'c2', { branch: 'doc-1-x' }))))!;
      await fx.write((tx) => tx.references.setBranch(id, 'main'));
      await fx.read(async (tx) => {
        expect((await tx.references.find(a, 'c2'))?.branch).toBe('main');
        expect(await tx.references.find(a, 'c3')).toBeUndefined();
      });
    });

    it("pages a project's references in id order with ticket numbers, and no other project's", async () => {
      const other = await fx.write((tx) => addProject(tx, 'ops'));
      const a = await fx.write(async (tx) => (await addTicket(tx, fx.doc)).id);
      const o = await fx.write(async (tx) => (await addTicket(tx, other)).id, 'ops');
      await fx.write(async (tx) => {
        for (const k of ['k1', 'k2', 'k3']) await tx.references.insert(commit(a, k));
      });
      await fx.write((tx) => tx.references.insert(commit(o, 'k9', { projectId: other })), 'ops');
      const first = await fx.read((tx) => tx.references.page(fx.doc, 0, 2));
      expect(first.map((r) => [r.key, r.ticketNumber])).toEqual([
        ['k1', 1],
        ['k2', 1],
      ]);
      const rest = await fx.read((tx) => tx.references.page(fx.doc, first[1]!.id, 2));
      expect(rest.map((r) => r.key)).toEqual(['k3']);
      const ops = await fx.read((tx) => tx.references.page(other, 0, 10), 'ops');
      expect(ops.map((r) => [r.key, r.ticketNumber])).toEqual([['k9', 1]]);
    });
  });
}

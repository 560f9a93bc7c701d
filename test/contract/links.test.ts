import { describe, expect, it } from 'vitest';
import { BACKENDS } from './backends.js';
import { expectRefused, useFixture } from './fixture.js';

for (const backend of BACKENDS) {
  describe(`links [${backend.name}]`, () => {
    const fx = useFixture(backend);
    const three = async () => [
      await fx.doc.create({ title: 'A' }),
      await fx.doc.create({ title: 'B' }),
      await fx.doc.create({ title: 'C' }),
    ];

    it('lists every link type from both ends with its relation name', async () => {
      const [a, b, c] = await three();
      await fx.doc.link(a!.id, 'blocks', b!.id);
      await fx.doc.link(a!.id, 'parent', c!.id);
      await fx.doc.link(b!.id, 'related', c!.id);
      await fx.doc.link(c!.id, 'duplicate', a!.id);
      const view = async (id: string) => (await fx.doc.links(id)).map((l) => [l.relation, l.ticket, l.type]);
      expect(await view(a!.id)).toEqual([
        ['blocks', 'DOC-2', 'blocks'],
        ['children', 'DOC-3', 'parent'],
        ['duplicates', 'DOC-3', 'duplicate'],
      ]);
      expect(await view(b!.id)).toEqual([
        ['blocked_by', 'DOC-1', 'blocks'],
        ['related', 'DOC-3', 'related'],
      ]);
      expect(await view(c!.id)).toEqual([
        ['parent', 'DOC-1', 'parent'],
        ['related', 'DOC-2', 'related'],
        ['duplicate_of', 'DOC-1', 'duplicate'],
      ]);
    });

    it('reports the other end status and whether it is closed', async () => {
      const [a, b] = await three();
      const link = await fx.doc.link(a!.id, 'blocks', b!.id);
      expect(link).toMatchObject({
        type: 'blocks',
        relation: 'blocks',
        ticket: 'DOC-2',
        title: 'B',
        status: 'backlog',
      });
      await fx.doc.close(a!.id);
      expect((await fx.doc.links(b!.id))[0]).toMatchObject({ ticket: 'DOC-1', status: 'done', closed: true });
    });

    it('linking twice returns the same link and writes nothing; related is the same both ways', async () => {
      const [a, b] = await three();
      const first = await fx.doc.link(a!.id, 'related', b!.id);
      const events = (await fx.doc.changes()).length;
      expect((await fx.doc.link(a!.id, 'related', b!.id)).linkId).toBe(first.linkId);
      expect((await fx.doc.link(b!.id, 'related', a!.id)).linkId).toBe(first.linkId);
      expect((await fx.doc.changes()).length).toBe(events);
    });

    it('unlinks by both ends and type, by the reverse of a related link, and by link id', async () => {
      const [a, b, c] = await three();
      const l1 = await fx.doc.link(a!.id, 'blocks', b!.id);
      const l2 = await fx.doc.link(a!.id, 'related', c!.id);
      const l3 = await fx.doc.link(b!.id, 'parent', c!.id);
      expect(await fx.doc.unlink({ source: a!.id, type: 'blocks', target: b!.id })).toEqual({ removed: l1.linkId });
      expect(await fx.doc.unlink({ source: c!.id, type: 'related', target: a!.id })).toEqual({ removed: l2.linkId });
      expect(await fx.doc.unlink({ linkId: l3.linkId })).toEqual({ removed: l3.linkId });
      for (const t of [a!, b!, c!]) expect(await fx.doc.links(t.id)).toEqual([]);
    });

    it('writes history on both ends for link and unlink', async () => {
      const [a, b] = await three();
      await fx.doc.link(a!.id, 'blocks', b!.id);
      await fx.doc.as('bob').unlink({ source: a!.id, type: 'blocks', target: b!.id });
      const rows = async (id: string) =>
        (await fx.doc.history(id)).slice(1).map((h) => [h.field, h.old, h.new, h.actor]);
      expect(await rows(a!.id)).toEqual([
        ['link', null, 'blocks DOC-2', 'alice'],
        ['link', 'blocks DOC-2', null, 'bob'],
      ]);
      expect(await rows(b!.id)).toEqual([
        ['link', null, 'blocked_by DOC-1', 'alice'],
        ['link', 'blocked_by DOC-1', null, 'bob'],
      ]);
      const kinds = (await fx.doc.changes()).slice(-2).map((e) => [e.kind, e.ticket]);
      expect(kinds).toEqual([
        ['ticket.linked', 'DOC-1'],
        ['ticket.unlinked', 'DOC-1'],
      ]);
    });

    it('refuses a self-link', async () => {
      const [a] = await three();
      await expectRefused(fx.doc, a!.id, () => fx.doc.link(a!.id, 'related', a!.id), 'validation');
    });

    it('refuses cycles in blocks and parent links, directly and through others', async () => {
      const [a, b, c] = await three();
      await fx.doc.link(a!.id, 'blocks', b!.id);
      await fx.doc.link(b!.id, 'blocks', c!.id);
      await expectRefused(fx.doc, c!.id, () => fx.doc.link(c!.id, 'blocks', a!.id), 'link_cycle');
      await expectRefused(fx.doc, b!.id, () => fx.doc.link(b!.id, 'blocks', a!.id), 'link_cycle');
      await fx.doc.link(a!.id, 'parent', b!.id);
      await expectRefused(fx.doc, b!.id, () => fx.doc.link(b!.id, 'parent', a!.id), 'link_cycle');
      // a cycle across different link types is fine: they are separate graphs
      await fx.doc.link(c!.id, 'parent', a!.id);
      // related and duplicate links may go both ways
      await fx.doc.link(c!.id, 'duplicate', a!.id);
      await fx.doc.link(a!.id, 'duplicate', c!.id);
    });

    it('allows at most one parent', async () => {
      const [a, b, c] = await three();
      const first = await fx.doc.link(a!.id, 'parent', c!.id);
      await expectRefused(fx.doc, c!.id, () => fx.doc.link(b!.id, 'parent', c!.id), 'conflict', {
        linkId: first.linkId,
      });
      await fx.doc.link(a!.id, 'parent', b!.id);
      expect((await fx.doc.links(a!.id)).filter((l) => l.relation === 'children')).toHaveLength(2);
    });

    it('refuses a missing target, a missing link and an unknown link type', async () => {
      const [a, b] = await three();
      await expectRefused(fx.doc, a!.id, () => fx.doc.link(a!.id, 'blocks', 'DOC-99'), 'not_found');
      await expectRefused(
        fx.doc,
        a!.id,
        () => fx.doc.unlink({ source: a!.id, type: 'blocks', target: b!.id }),
        'not_found',
      );
      await expectRefused(fx.doc, a!.id, () => fx.doc.unlink({ linkId: 12345 }), 'not_found');
      // biome-ignore lint/suspicious/noExplicitAny: an untyped caller's mistake, on purpose
      await expectRefused(fx.doc, a!.id, () => fx.doc.link(a!.id, 'depends' as any, b!.id), 'validation');
    });

    it('never reaches a link of another project', async () => {
      await fx.docket.createProject({ key: 'ops' });
      const ops = fx.docket.project('ops', { actor: 'alice' });
      const x = await ops.create({ title: 'X' });
      const y = await ops.create({ title: 'Y' });
      const l = await ops.link(x.id, 'blocks', y.id);
      await fx.doc.create({ title: 'A' });
      await expectRefused(fx.doc, undefined, () => fx.doc.unlink({ linkId: l.linkId }), 'not_found');
      expect(await ops.links(x.id)).toHaveLength(1);
    });
  });
}

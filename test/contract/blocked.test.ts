import { describe, expect, it } from 'vitest';
import { BACKENDS } from './backends.js';
import { useFixture } from './fixture.js';

for (const backend of BACKENDS) {
  describe(`blocked work [${backend.name}]`, () => {
    const fx = useFixture(backend);

    it('lists open tickets with open blockers, with those blockers, most urgent first', async () => {
      const a = await fx.doc.create({ title: 'blocker a' }); // 1
      const b = await fx.doc.create({ title: 'blocker b', type: 'bug' }); // 2
      const low = await fx.doc.create({ title: 'waits low', priority: 'low' }); // 3
      const urgent = await fx.doc.create({ title: 'waits urgent', priority: 'urgent' }); // 4
      await fx.doc.create({ title: 'free' }); // 5
      await fx.doc.link(a.id, 'blocks', low.id);
      await fx.doc.link(a.id, 'blocks', urgent.id);
      await fx.doc.link(b.id, 'blocks', urgent.id);
      await fx.doc.link(low.id, 'related', 5);
      const blocked = await fx.doc.blocked();
      expect(blocked.map((x) => x.ticket.number)).toEqual([4, 3]);
      expect(blocked[0]!.blockers).toEqual([
        { id: a.id, title: 'blocker a', status: 'backlog' },
        { id: b.id, title: 'blocker b', status: 'triage' },
      ]);
      expect(await fx.doc.blocked(1)).toHaveLength(1);
    });

    it('drops closed blockers and closed blocked tickets', async () => {
      const a = await fx.doc.create({ title: 'blocker' });
      const w = await fx.doc.create({ title: 'waiting' });
      const done = await fx.doc.create({ title: 'closed waiting' });
      await fx.doc.link(a.id, 'blocks', w.id);
      await fx.doc.link(a.id, 'blocks', done.id);
      await fx.doc.close(done.id);
      expect((await fx.doc.blocked()).map((x) => x.ticket.id)).toEqual([w.id]);
      await fx.doc.close(a.id);
      expect(await fx.doc.blocked()).toEqual([]);
      await expect(fx.doc.blocked(0)).rejects.toMatchObject({ code: 'validation' });
    });
  });
}

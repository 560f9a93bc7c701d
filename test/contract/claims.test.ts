import { describe, expect, it } from 'vitest';
import { BACKENDS } from './backends.js';
import { expectRefused, useFixture } from './fixture.js';

const MINUTE = 60_000;

for (const backend of BACKENDS) {
  describe(`ready and claims [${backend.name}]`, () => {
    const fx = useFixture(backend);
    const numbers = (ts: readonly { number: number }[]) => ts.map((t) => t.number);

    it('ready: open, unassigned, not blocked by an open ticket; by priority then age', async () => {
      await fx.doc.create({ title: 'low old', priority: 'low' }); // 1
      fx.advance(1000);
      await fx.doc.create({ title: 'high', priority: 'high' }); // 2
      fx.advance(1000);
      await fx.doc.create({ title: 'low new', priority: 'low' }); // 3
      await fx.doc.create({ title: 'urgent blocked', priority: 'urgent' }); // 4
      await fx.doc.create({ title: 'assigned', priority: 'urgent', assignee: 'bob' }); // 5
      await fx.doc.create({ title: 'closed', priority: 'urgent' }); // 6
      await fx.doc.close(6);
      await fx.doc.link(3, 'blocks', 4);
      expect(numbers(await fx.doc.ready())).toEqual([2, 1, 3]);
      // closing the blocker frees the blocked ticket
      await fx.doc.close(3);
      expect(numbers(await fx.doc.ready())).toEqual([4, 2, 1]);
      // a blocker that is closed and reopened blocks again
      await fx.doc.reopen(3);
      expect(numbers(await fx.doc.ready())).toEqual([2, 1, 3]);
    });

    it('ready filters by type, priority, category and label, limits, and can ask for one assignee', async () => {
      await fx.doc.addCategory('ops');
      await fx.doc.create({ title: 'a', type: 'bug', labels: ['x'] });
      await fx.doc.create({ title: 'b', priority: 'high', category: 'ops' });
      await fx.doc.create({ title: 'c', assignee: 'bob' });
      expect(numbers(await fx.doc.ready({ type: 'bug' }))).toEqual([1]);
      expect(numbers(await fx.doc.ready({ priority: 'high' }))).toEqual([2]);
      expect(numbers(await fx.doc.ready({ category: 'ops' }))).toEqual([2]);
      expect(numbers(await fx.doc.ready({ label: 'x' }))).toEqual([1]);
      expect(numbers(await fx.doc.ready({ limit: 1 }))).toEqual([2]);
      expect(numbers(await fx.doc.ready({ assignee: 'bob' }))).toEqual([3]);
      await expect(fx.doc.ready({ limit: 0 })).rejects.toMatchObject({ code: 'validation' });
    });

    it('claim assigns to the actor and moves into the work state in one change', async () => {
      const t = await fx.doc.create({ title: 'work', type: 'bug' });
      await fx.doc.move(t.id, 'confirmed');
      const c = await fx.doc.as('agent-1').claim(t.id);
      expect(c).toMatchObject({ assignee: 'agent-1', status: 'in_progress', leaseUntil: null, version: 3 });
      const [event] = (await fx.doc.changes()).slice(-1);
      expect(event).toMatchObject({ kind: 'ticket.claimed', actor: 'agent-1', ticket: t.id });
      expect(event!.changes.map((x) => [x.field, x.old, x.new])).toEqual([
        ['assignee', null, 'agent-1'],
        ['status', 'confirmed', 'in_progress'],
      ]);
      expect((await fx.doc.entity('agent-1')).slug).toBe('agent-1');
      expect(numbers(await fx.doc.ready())).toEqual([]);
    });

    it('claim walks several steps when the work state is further away', async () => {
      const f = await fx.doc.create({ title: 'feature', type: 'feature' });
      const c = await fx.doc.as('ann').claim(f.id);
      expect(c.status).toBe('in_progress');
      expect((await fx.doc.history(f.id)).filter((h) => h.field === 'status')).toHaveLength(2);
      // a decision has no work state: claiming only assigns
      const d = await fx.doc.create({ title: 'decide', type: 'decision' });
      expect(await fx.doc.as('ann').claim(d.id)).toMatchObject({ status: 'open', assignee: 'ann' });
    });

    it('a second claimant is refused with conflict and nothing changes', async () => {
      const t = await fx.doc.create({ title: 'one' });
      await fx.doc.as('a1').claim(t.id);
      await expectRefused(fx.doc, t.id, () => fx.doc.as('a2').claim(t.id), 'conflict', { assignee: 'a1' });
      // the holder claiming again is harmless
      expect(await fx.doc.as('a1').claim(t.id)).toMatchObject({ assignee: 'a1', version: 2 });
    });

    it('refuses to claim a closed or blocked ticket, or without an actor', async () => {
      const blocker = await fx.doc.create({ title: 'blocker' });
      const t = await fx.doc.create({ title: 'blocked' });
      await fx.doc.link(blocker.id, 'blocks', t.id);
      await expectRefused(fx.doc, t.id, () => fx.doc.as('a1').claim(t.id), 'conflict');
      await fx.doc.close(blocker.id);
      await expectRefused(fx.doc, blocker.id, () => fx.doc.as('a1').claim(blocker.id), 'invalid_transition');
      await expectRefused(fx.doc, t.id, () => fx.doc.as(null).claim(t.id), 'validation');
      await expectRefused(fx.doc, undefined, () => fx.doc.as(null).claimNext(), 'validation');
    });

    it('claimNext takes the best ready ticket, and null when nothing is ready', async () => {
      await fx.doc.create({ title: 'low', priority: 'low' });
      await fx.doc.create({ title: 'high', priority: 'high', type: 'bug' });
      const first = await fx.doc.as('a1').claimNext();
      // a bug in triage walks through confirmed into in_progress
      expect(first).toMatchObject({ number: 2, assignee: 'a1', status: 'in_progress' });
      expect((await fx.doc.history(2)).filter((h) => h.field === 'status')).toHaveLength(2);
      const second = await fx.doc.as('a2').claimNext({ type: 'task' });
      expect(second).toMatchObject({ number: 1, assignee: 'a2', status: 'in_progress' });
      const before = (await fx.doc.changes()).length;
      expect(await fx.doc.as('a3').claimNext()).toBeNull();
      expect((await fx.doc.changes()).length).toBe(before);
    });

    it('a lease lapses: the ticket is ready again and another agent can take it', async () => {
      const t = await fx.doc.create({ title: 'leased' });
      const c = await fx.doc.as('a1').claim(t.id, { leaseMinutes: 30 });
      expect(c.leaseUntil).toBe(new Date(fx.now + 30 * MINUTE).toISOString());
      fx.advance(29 * MINUTE);
      expect(await fx.doc.ready()).toEqual([]);
      await expect(fx.doc.as('a2').claim(t.id)).rejects.toMatchObject({ code: 'conflict' });
      fx.advance(2 * MINUTE);
      expect(numbers(await fx.doc.ready())).toEqual([t.number]);
      const taken = await fx.doc.as('a2').claimNext({}, { leaseMinutes: 10 });
      expect(taken).toMatchObject({ number: t.number, assignee: 'a2', status: 'in_progress' });
      expect(taken!.leaseUntil).toBe(new Date(fx.now + 10 * MINUTE).toISOString());
      const rows = (field: string) => fx.doc.history(t.id).then((h) => h.filter((x) => x.field === field));
      expect((await rows('assignee')).map((h) => [h.old, h.new])).toEqual([
        [null, 'a1'],
        ['a1', 'a2'],
      ]);
      expect((await rows('lease')).map((h) => [h.old, h.new])).toEqual([
        [null, c.leaseUntil],
        [c.leaseUntil, taken!.leaseUntil],
      ]);
    });

    it('refuses a lease outside 1 minute to 7 days', async () => {
      const t = await fx.doc.create({ title: 'x' });
      for (const leaseMinutes of [0, -5, 1.5, 10_081]) {
        await expectRefused(fx.doc, t.id, () => fx.doc.as('a1').claim(t.id, { leaseMinutes }), 'validation');
      }
    });

    it('release clears assignee and lease and keeps the status; only the holder may release', async () => {
      const t = await fx.doc.create({ title: 'x' });
      await fx.doc.as('a1').claim(t.id, { leaseMinutes: 60 });
      await expectRefused(fx.doc, t.id, () => fx.doc.as('a2').release(t.id), 'forbidden');
      const r = await fx.doc.as('a1').release(t.id);
      expect(r).toMatchObject({ assignee: null, leaseUntil: null, status: 'in_progress' });
      expect((await fx.doc.changes()).slice(-1)[0]).toMatchObject({ kind: 'ticket.released', actor: 'a1' });
      // releasing an unclaimed ticket is a no-op
      expect(await fx.doc.as('a1').release(t.id)).toEqual(r);
      expect(numbers(await fx.doc.ready())).toEqual([t.number]);
    });

    it('a lapsed lease may be released by anyone', async () => {
      const t = await fx.doc.create({ title: 'x' });
      await fx.doc.as('a1').claim(t.id, { leaseMinutes: 1 });
      fx.advance(2 * MINUTE);
      expect(await fx.doc.as('a2').release(t.id)).toMatchObject({ assignee: null });
    });

    it('closing a claimed ticket drops its lease', async () => {
      const t = await fx.doc.create({ title: 'x' });
      await fx.doc.as('a1').claim(t.id, { leaseMinutes: 5 });
      const closed = await fx.doc.as('a1').close(t.id);
      expect(closed).toMatchObject({ status: 'done', assignee: 'a1', leaseUntil: null });
    });
  });
}

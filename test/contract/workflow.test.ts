import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKFLOWS } from '../../src/domain/workflow.js';
import { BACKENDS } from './backends.js';
import { expectRefused, useFixture } from './fixture.js';

for (const backend of BACKENDS) {
  describe(`workflow operations [${backend.name}]`, () => {
    const fx = useFixture(backend);

    it('starts every default type in its initial state', async () => {
      for (const wf of DEFAULT_WORKFLOWS) {
        expect((await fx.doc.create({ title: wf.type, type: wf.type })).status).toBe(wf.initial);
      }
    });

    it('a move into a terminal state sets closedAt and a move out clears it', async () => {
      const t = await fx.doc.create({ title: 'Task' });
      fx.advance(5000);
      const done = await fx.doc.move(t.id, 'done');
      expect(done.closedAt).toBe(new Date(fx.now).toISOString());
      const back = await fx.doc.move(t.id, 'backlog');
      expect(back.closedAt).toBeNull();
    });

    it('refuses a move to the current state and to a state of another workflow', async () => {
      const t = await fx.doc.create({ title: 'Task' });
      const allowed = ['in_progress', 'done', 'cancelled'];
      await expectRefused(fx.doc, t.id, () => fx.doc.move(t.id, 'backlog'), 'invalid_transition', { allowed });
      await expectRefused(fx.doc, t.id, () => fx.doc.move(t.id, 'triage'), 'invalid_transition', { allowed });
    });

    it('closes along the shortest path, preferring the positive terminal, in one change', async () => {
      const bug = await fx.doc.create({ title: 'Bug', type: 'bug' });
      const before = (await fx.doc.changes()).length;
      // triage -> wont_fix is one step; resolved is three: the shorter path wins
      expect((await fx.doc.close(bug.id)).status).toBe('wont_fix');
      expect((await fx.doc.changes()).length).toBe(before + 1);
      const other = await fx.doc.create({ title: 'Bug 2', type: 'bug' });
      await fx.doc.move(other.id, 'confirmed');
      await fx.doc.move(other.id, 'in_progress');
      // resolved and wont_fix are both one step away: the positive one wins
      expect((await fx.doc.close(other.id)).status).toBe('resolved');
      const task = await fx.doc.create({ title: 'Task' });
      expect((await fx.doc.close(task.id)).status).toBe('done');
    });

    it('closes with a resolution along the path to it, one history row per step', async () => {
      const bug = await fx.doc.create({ title: 'Bug', type: 'bug' });
      const closed = await fx.doc.close(bug.id, { resolution: 'resolved' });
      expect(closed).toMatchObject({ status: 'resolved', version: 2 });
      expect(closed.closedAt).not.toBeNull();
      const steps = (await fx.doc.history(bug.id)).filter((h) => h.field === 'status');
      expect(steps.map((h) => [h.old, h.new])).toEqual([
        ['triage', 'confirmed'],
        ['confirmed', 'in_progress'],
        ['in_progress', 'resolved'],
      ]);
      const [event] = (await fx.doc.changes()).slice(-1);
      expect(event?.changes).toHaveLength(3);
    });

    it('close of a closed ticket returns it unchanged; reopen of an open one too', async () => {
      const t = await fx.doc.create({ title: 'Task' });
      const same = await fx.doc.reopen(t.id);
      expect(same).toEqual(t);
      const closed = await fx.doc.close(t.id, { resolution: 'cancelled' });
      expect(await fx.doc.close(t.id)).toEqual(closed);
      expect(await fx.doc.close(t.id, { resolution: 'done' })).toEqual(closed);
      const reopened = await fx.doc.reopen(t.id);
      expect(reopened).toMatchObject({ status: 'backlog', closedAt: null, version: 3 });
    });

    it('refuses a resolution that is not terminal, naming the terminal states', async () => {
      const t = await fx.doc.create({ title: 'Task' });
      await expectRefused(fx.doc, t.id, () => fx.doc.close(t.id, { resolution: 'in_progress' }), 'validation', {
        allowed: ['done', 'cancelled'],
      });
    });

    it('close refuses with invalid_transition when no terminal is reachable', async () => {
      await fx.doc.addType({
        type: 'stuck',
        states: ['new', 'limbo', 'gone'],
        initial: 'new',
        terminal: ['gone'],
        transitions: [['new', 'limbo']],
      });
      const t = await fx.doc.create({ title: 'Stuck', type: 'stuck' });
      await expectRefused(fx.doc, t.id, () => fx.doc.close(t.id), 'invalid_transition');
      await fx.doc.move(t.id, 'limbo');
      await expectRefused(fx.doc, t.id, () => fx.doc.close(t.id), 'invalid_transition', { from: 'limbo', allowed: [] });
    });

    it('a comment can move the ticket in the same change', async () => {
      const t = await fx.doc.create({ title: 'Task' });
      const plain = await fx.doc.comment(t.id, 'looking');
      expect(plain.ticket.version).toBe(1);
      const moved = await fx.doc.as('bob').comment(t.id, { body: 'starting', status: 'in_progress' });
      expect(moved.ticket).toMatchObject({ status: 'in_progress', version: 2 });
      expect(moved.commentId).toBeGreaterThan(plain.commentId);
      const comments = await fx.doc.comments(t.id);
      expect(comments.map((c) => [c.author, c.body, c.status])).toEqual([
        ['alice', 'looking', null],
        ['bob', 'starting', 'in_progress'],
      ]);
      const last = (await fx.doc.changes()).slice(-1)[0]!;
      expect(last.kind).toBe('ticket.commented');
      expect(last.changes.map((c) => c.field)).toEqual(['comment', 'status']);
    });

    it('a comment with an illegal move is refused whole: no comment is stored', async () => {
      const t = await fx.doc.create({ title: 'Task' });
      await expectRefused(
        fx.doc,
        t.id,
        () => fx.doc.comment(t.id, { body: 'x', status: 'backlog' }),
        'invalid_transition',
      );
      expect(await fx.doc.comments(t.id)).toEqual([]);
      await expectRefused(fx.doc, t.id, () => fx.doc.comment(t.id, { body: '   ' }), 'validation');
    });

    it('property: random moves, closes and reopens never leave the workflow', async () => {
      const types = DEFAULT_WORKFLOWS.map((w) => w.type);
      const states = [...new Set(DEFAULT_WORKFLOWS.flatMap((w) => w.states)), 'nowhere'];
      const step = fc.oneof(
        fc.record({ op: fc.constant('move' as const), to: fc.constantFrom(...states) }),
        fc.record({ op: fc.constantFrom('close' as const, 'reopen' as const) }),
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...types), fc.array(step, { maxLength: 12 }), async (type, steps) => {
          const wf = DEFAULT_WORKFLOWS.find((w) => w.type === type)!;
          let t = await fx.doc.create({ title: 'prop', type });
          for (const s of steps) {
            try {
              if (s.op === 'move') t = await fx.doc.move(t.id, s.to);
              else if (s.op === 'close') {
                t = await fx.doc.close(t.id);
                expect(wf.terminal).toContain(t.status);
              } else {
                t = await fx.doc.reopen(t.id);
                expect(wf.terminal).not.toContain(t.status);
              }
            } catch (e) {
              expect(e).toMatchObject({ code: 'invalid_transition' });
            }
            const stored = await fx.doc.get(t.id);
            expect(stored).toEqual(t);
            expect(wf.states).toContain(stored.status);
            expect(stored.closedAt !== null).toBe(wf.terminal.includes(stored.status));
          }
        }),
        { numRuns: 40 },
      );
    });
  });
}

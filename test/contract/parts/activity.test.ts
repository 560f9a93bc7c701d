import { describe, expect, it } from 'vitest';
import type { StoreTx } from '../../../src/store/store.js';
import { addProject, addTicket, T0, useStore } from './fixture.js';
import { STORES } from './stores.js';

for (const backend of STORES) {
  describe(`activity part [${backend.name}]`, () => {
    const fx = useStore(backend);
    const comment = (tx: StoreTx, ticketId: number, body: string) =>
      tx.activity.addComment({ ticketId, author: 'al', body, status: null, at: T0 });
    /** An event on a ticket with one history row per field, as a change of `projectId` files them. */
    const change = async (tx: StoreTx, projectId: number, ticketId: number, fields: string[]) => {
      const eventId = await tx.activity.addEvent({ projectId, ticketId, kind: 'ticket.updated', actor: 'al', at: T0 });
      const changes = fields.map((field) => ({ field, old: 'a', new: 'b' }));
      await tx.activity.addHistory({ eventId, ticketId, changes, actor: 'al', at: T0 });
    };

    it('returns the same comments, with ticket numbers, by ticket and by project, a page at a time', async () => {
      const [a, b] = await fx.write(async (tx) => {
        const a = await addTicket(tx, fx.doc);
        const b = await addTicket(tx, fx.doc);
        for (const [t, body] of [
          [a, 'one'],
          [b, 'two'],
          [a, 'three'],
        ] as const)
          await comment(tx, t.id, body);
        return [a, b];
      });
      await fx.read(async (tx) => {
        const all = await tx.activity.comments({ projectId: fx.doc });
        expect(all.map((c) => [c.ticketNumber, c.body])).toEqual([
          [1, 'one'],
          [2, 'two'],
          [1, 'three'],
        ]);
        expect(all[0]).toMatchObject({ ticketId: a!.id, author: 'al', status: null, createdAt: T0 });
        const ofA = await tx.activity.comments({ ticketId: a!.id });
        expect(ofA).toEqual([all[0], all[2]]);
        expect(await tx.activity.comments({ ticketId: b!.id }, { after: all[1]!.id })).toEqual([]);
        expect(await tx.activity.comments({ projectId: fx.doc }, { after: all[0]!.id, limit: 1 })).toEqual([all[1]]);
        expect(await tx.activity.comments({ ticketId: a!.id }, { after: all[0]!.id, limit: 5 })).toEqual([all[2]]);
      });
    });

    it("pages a ticket's history, oldest first, each row naming its event's feed position", async () => {
      const t = await fx.write((tx) => addTicket(tx, fx.doc));
      await fx.write((tx) => change(tx, fx.doc, t.id, ['status', 'title']));
      await fx.write((tx) => change(tx, fx.doc, t.id, ['priority']));
      await fx.read(async (tx) => {
        const events = await tx.activity.events(fx.doc, {});
        const rows = await tx.activity.history(t.id);
        expect(rows.map((r) => [r.field, r.eventId])).toEqual([
          ['status', events[0]!.id],
          ['title', events[0]!.id],
          ['priority', events[1]!.id],
        ]);
        expect(rows[0]).toMatchObject({ ticketId: t.id, old: 'a', new: 'b', actor: 'al', at: T0 });
        expect(await tx.activity.history(t.id, { after: rows[0]!.id, limit: 1 })).toEqual([rows[1]]);
      });
    });

    it("finds the history of a project's events, and none of another project's", async () => {
      const ops = await fx.store.write((tx) => addProject(tx, 'ops'));
      const mine = await fx.write((tx) => addTicket(tx, fx.doc, { title: 'mine' }));
      const theirs = await fx.write((tx) => addTicket(tx, ops), 'ops');
      await fx.write((tx) => change(tx, ops, theirs.id, ['title']), 'ops');
      await fx.write((tx) => change(tx, fx.doc, mine.id, ['status']));
      const theirEvents = (await fx.read((tx) => tx.activity.events(ops, {}), 'ops')).map((e) => e.id);
      await fx.read(async (tx) => {
        const events = (await tx.activity.events(fx.doc, {})).map((e) => e.id);
        const rows = await tx.activity.historyOfEvents(fx.doc, [...events, ...theirEvents]);
        expect(rows.map((r) => [r.ticketNumber, r.ticketId, r.field, r.eventId])).toEqual([
          [1, mine.id, 'status', events[0]],
        ]);
        expect(await tx.activity.historyOfEvents(fx.doc, [])).toEqual([]);
      });
    });

    it('feeds events in order after a position, with ticket numbers, and knows the last position', async () => {
      expect(await fx.read((tx) => tx.activity.lastEventId(fx.doc))).toBe(0);
      const t = await fx.write((tx) => addTicket(tx, fx.doc));
      for (const kind of ['ticket.created', 'ticket.updated', 'project.changed'] as const) {
        await fx.write((tx) =>
          tx.activity.addEvent({
            projectId: fx.doc,
            ticketId: kind.startsWith('ticket') ? t.id : null,
            kind,
            actor: null,
            at: T0,
          }),
        );
      }
      await fx.read(async (tx) => {
        const all = await tx.activity.events(fx.doc, {});
        expect(all.map((e) => [e.kind, e.ticketNumber])).toEqual([
          ['ticket.created', 1],
          ['ticket.updated', 1],
          ['project.changed', null],
        ]);
        expect(all[0]).toMatchObject({ projectId: fx.doc, ticketId: t.id, actor: null, at: T0 });
        expect(await tx.activity.lastEventId(fx.doc)).toBe(all[2]!.id);
        expect(await tx.activity.events(fx.doc, { after: all[0]!.id, limit: 1 })).toEqual([all[1]]);
        expect(await tx.activity.events(fx.doc, { after: all[2]!.id })).toEqual([]);
      });
    });

    it('keeps audit lines in order, a page at a time, and prunes those older than a time', async () => {
      await fx.write(async (tx) => {
        for (const at of [T0, T0 + 10, T0 + 20]) {
          await tx.activity.addAudit({ projectId: fx.doc, kind: 'schema', actor: 'al', line: `at ${at - T0}`, at });
        }
      });
      const all = await fx.read((tx) => tx.activity.audit(fx.doc, {}));
      expect(all.map((a) => a.line)).toEqual(['at 0', 'at 10', 'at 20']);
      expect(all[0]).toMatchObject({ at: T0, actor: 'al', kind: 'schema' });
      expect(await fx.read((tx) => tx.activity.audit(fx.doc, { after: all[0]!.id, limit: 1 }))).toEqual([all[1]]);
      expect(await fx.write((tx) => tx.activity.pruneAudit(fx.doc, T0 + 10))).toBe(1);
      expect((await fx.read((tx) => tx.activity.audit(fx.doc, {}))).map((a) => a.line)).toEqual(['at 10', 'at 20']);
    });

    it('records an event with its history rows and audit line in one call, each only when given', async () => {
      const t = await fx.write((tx) => addTicket(tx, fx.doc));
      const changes = [
        { field: 'title', old: 'a', new: 'b' },
        { field: 'priority', old: null, new: 'high' },
      ];
      const first = await fx.write((tx) =>
        tx.activity.record({
          projectId: fx.doc,
          ticketId: t.id,
          kind: 'ticket.updated',
          actor: 'al',
          at: T0,
          changes,
          line: 'Updated',
        }),
      );
      // No audit log, and an event about no ticket: neither history nor audit rows.
      await fx.write((tx) =>
        tx.activity.record({
          projectId: fx.doc,
          ticketId: t.id,
          kind: 'ticket.moved',
          actor: null,
          at: T0 + 1,
          changes: [],
          line: null,
        }),
      );
      await fx.write((tx) =>
        tx.activity.record({
          projectId: fx.doc,
          ticketId: null,
          kind: 'project.created',
          actor: 'al',
          at: T0 + 2,
          changes,
          line: null,
        }),
      );
      await fx.read(async (tx) => {
        const events = await tx.activity.events(fx.doc, {});
        expect(events.map((e) => [e.kind, e.ticketId, e.actor, e.at])).toEqual([
          ['ticket.updated', t.id, 'al', T0],
          ['ticket.moved', t.id, null, T0 + 1],
          ['project.created', null, 'al', T0 + 2],
        ]);
        const rows = await tx.activity.history(t.id);
        expect(rows.map((r) => [r.field, r.old, r.new, r.eventId, r.actor, r.at])).toEqual([
          ['title', 'a', 'b', events[0]!.id, 'al', T0],
          ['priority', null, 'high', events[0]!.id, 'al', T0],
        ]);
        const audit = await tx.activity.audit(fx.doc, {});
        expect(audit.map((a) => [a.kind, a.actor, a.line, a.at])).toEqual([['ticket.updated', 'al', 'Updated', T0]]);
      });
      expect(typeof first).toBe('number');
    });
  });
}

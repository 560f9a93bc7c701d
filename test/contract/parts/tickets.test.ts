import { describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../../../src/domain/search-query.js';
import type { ListSpec } from '../../../src/store/tickets.js';
import { addTicket, draft, T0, useStore } from './fixture.js';
import { STORES } from './stores.js';

for (const backend of STORES) {
  describe(`tickets part [${backend.name}]`, () => {
    const fx = useStore(backend);
    const numbers = (ts: readonly { number: number }[]) => ts.map((t) => t.number);

    it('stores a ticket as given, with version 1, and finds it by number and by id', async () => {
      const fields = { assignee: 'bob', category: 'ui', labels: ['a', 'b'], leaseUntil: T0 + 5, description: 'd' };
      const t = await fx.write((tx) => addTicket(tx, fx.doc, fields));
      expect(t).toEqual({ ...draft(fx.doc, 1, fields), id: t.id, version: 1 });
      await fx.read(async (tx) => {
        expect(await tx.tickets.get(fx.doc, 2)).toBeUndefined();
        expect(await tx.tickets.byIds([t.id])).toEqual([t]);
      });
    });

    it('returns tickets by id in the order asked, leaving out unknown ids', async () => {
      const [a, b] = await fx.write(async (tx) => [await addTicket(tx, fx.doc), await addTicket(tx, fx.doc)]);
      const got = await fx.read((tx) => tx.tickets.byIds([b!.id, 999_999, a!.id]));
      expect(numbers(got)).toEqual([2, 1]);
    });

    it('applies a patch, bumps the version and sets updatedAt', async () => {
      const t = await fx.write((tx) => addTicket(tx, fx.doc, { labels: ['old'], assignee: 'bob' }));
      const patch = { status: 'done', closedAt: T0 + 9, labels: ['new'], assignee: null };
      expect(await fx.write((tx) => tx.tickets.update(t.id, patch, T0 + 10))).toBe(2);
      expect(await fx.write((tx) => tx.tickets.update(t.id, { title: 'renamed' }, T0 + 20))).toBe(3);
      const after = await fx.read((tx) => tx.tickets.get(fx.doc, 1));
      expect(after).toEqual({ ...t, ...patch, title: 'renamed', version: 3, updatedAt: T0 + 20 });
      const list = (label: string) => fx.read((tx) => tx.tickets.list(fx.doc, { label, limit: 10, order: 'asc' }));
      expect(numbers(await list('new'))).toEqual([1]);
      expect(await list('old')).toEqual([]);
    });

    it('lists pages in number order both ways, after a cursor, through filters', async () => {
      await fx.write(async (tx) => {
        for (let n = 1; n <= 6; n++) {
          const closed = n % 3 === 0;
          await addTicket(tx, fx.doc, {
            status: closed ? 'done' : 'todo',
            closedAt: closed ? T0 : null,
            assignee: n % 2 ? 'bob' : null,
            priority: n === 5 ? 'high' : 'medium',
            priorityRank: n === 5 ? 3 : 2,
          });
        }
      });
      const list = (spec: Partial<ListSpec>) =>
        fx.read(async (tx) => numbers(await tx.tickets.list(fx.doc, { limit: 3, order: 'asc', ...spec })));
      expect(await list({})).toEqual([1, 2, 3]);
      expect(await list({ after: 3 })).toEqual([4, 5, 6]);
      expect(await list({ order: 'desc', after: 5 })).toEqual([4, 3, 2]);
      expect(await list({ open: true, limit: 10 })).toEqual([1, 2, 4, 5]);
      expect(await list({ open: false, limit: 10 })).toEqual([3, 6]);
      expect(await list({ assignee: null, limit: 10 })).toEqual([2, 4, 6]);
      expect(await list({ statuses: ['done'], assignee: 'bob' })).toEqual([3]);
      expect(await list({ order: 'priority', after: 99 })).toEqual([5, 1, 2]);
    });

    it('finds ready work: open, unblocked, unclaimed or lapsed, by priority then age', async () => {
      const now = T0 + 1000;
      const ids = await fx.write(async (tx) => {
        const a = await addTicket(tx, fx.doc, { createdAt: T0 + 2 });
        const b = await addTicket(tx, fx.doc, { createdAt: T0 + 1, priorityRank: 3 });
        const c = await addTicket(tx, fx.doc, { assignee: 'bob', leaseUntil: now + 1 });
        await addTicket(tx, fx.doc, { assignee: 'eve', leaseUntil: now - 1, createdAt: T0 + 3 });
        await addTicket(tx, fx.doc, { closedAt: T0, status: 'done' });
        const f = await addTicket(tx, fx.doc);
        await tx.links.insert({
          projectId: fx.doc,
          sourceId: a.id,
          targetId: f.id,
          type: 'blocks',
          actor: null,
          at: T0,
        });
        return { a: a.id, b: b.id, c: c.id };
      });
      const ready = (spec: { readyFor?: string } = {}) =>
        fx.read(async (tx) => numbers(await tx.tickets.ready(fx.doc, { limit: 10, now, ...spec })));
      expect(await ready()).toEqual([2, 1, 4]);
      expect(await ready({ readyFor: 'bob' })).toEqual([3]);
      await fx.write((tx) => tx.tickets.update(ids.a, { closedAt: T0, status: 'done' }, T0));
      expect(await ready()).toEqual([2, 6, 4]);
    });

    it('rewrites a value across the project, one history row per changed ticket, honouring type', async () => {
      const [a, , c] = await fx.write(async (tx) => [
        await addTicket(tx, fx.doc, { status: 'review' }),
        await addTicket(tx, fx.doc, { status: 'todo' }),
        await addTicket(tx, fx.doc, { status: 'review', type: 'bug' }),
      ]);
      const changed = await fx.write(async (tx) => {
        const eventId = await tx.activity.addEvent({
          projectId: fx.doc,
          ticketId: null,
          kind: 'ticket.updated',
          actor: 'al',
          at: T0 + 5,
        });
        const history = { eventId, actor: 'al', at: T0 + 5 };
        return tx.tickets.replace({
          projectId: fx.doc,
          column: 'status',
          from: 'review',
          to: 'qa',
          type: 'task',
          history,
        });
      });
      expect(changed).toBe(1);
      await fx.read(async (tx) => {
        expect(await tx.tickets.get(fx.doc, 1)).toMatchObject({ status: 'qa', version: 2, updatedAt: T0 + 5 });
        expect(await tx.tickets.get(fx.doc, 3)).toMatchObject({ status: 'review', version: 1 });
        const rows = await tx.activity.history(a!.id);
        expect(rows).toMatchObject([
          { ticketId: a!.id, field: 'status', old: 'review', new: 'qa', actor: 'al', at: T0 + 5 },
        ]);
        expect(await tx.activity.history(c!.id)).toEqual([]);
      });
    });

    it('reranks the tickets of a priority', async () => {
      await fx.write(async (tx) => {
        await addTicket(tx, fx.doc, { priority: 'high', priorityRank: 3 });
        await addTicket(tx, fx.doc, { priority: 'low', priorityRank: 1 });
        await tx.tickets.rerank(fx.doc, new Map([['low', 4]]));
      });
      const list = await fx.read((tx) => tx.tickets.list(fx.doc, { limit: 5, order: 'priority' }));
      expect(list.map((t) => [t.number, t.priorityRank])).toEqual([
        [2, 4],
        [1, 3],
      ]);
    });

    it('searches titles and descriptions, and comments when asked, within the filters', async () => {
      await fx.write(async (tx) => {
        await addTicket(tx, fx.doc, { title: 'printer jams', description: 'paper' });
        await addTicket(tx, fx.doc, { title: 'screen', description: 'the printer is fine', type: 'bug' });
        const quiet = await addTicket(tx, fx.doc, { title: 'quiet' });
        await tx.activity.addComment({ ticketId: quiet.id, author: null, body: 'printer again', status: null, at: T0 });
      });
      const search = (comments: boolean, filter = {}) =>
        fx.read(async (tx) => {
          const hits = await tx.tickets.search(fx.doc, {
            query: parseSearchQuery('printer'),
            filter,
            limit: 10,
            comments,
          });
          return numbers(hits.map((h) => h.ticket)).sort();
        });
      expect(await search(false)).toEqual([1, 2]);
      expect(await search(true)).toEqual([1, 2, 3]);
      expect(await search(true, { types: ['bug'] })).toEqual([2]);
    });
  });
}

for (const backend of STORES) {
  describe(`tickets part, planning columns [${backend.name}]`, () => {
    const fx = useStore(backend);
    const DAY = 86_400_000;
    const numbers = (ts: readonly { number: number }[]) => ts.map((t) => t.number);
    const list = (spec: Partial<ListSpec>) =>
      fx.read((tx) => tx.tickets.list(fx.doc, { limit: 50, order: 'asc', ...spec }));

    it('stores due, estimate, milestone and fields, patches and clears them', async () => {
      const planned = {
        dueAt: T0 + DAY,
        dueDay: true,
        estimate: 2.5,
        milestone: 'v1',
        fields: { team: 'ui', size: 3, urgent: true },
      };
      const t = await fx.write((tx) => addTicket(tx, fx.doc, planned));
      expect(t).toMatchObject(planned);
      await fx.write((tx) =>
        tx.tickets.update(t.id, { dueAt: null, dueDay: false, estimate: 0, milestone: null, fields: null }, T0 + 1),
      );
      expect(await fx.read((tx) => tx.tickets.get(fx.doc, 1))).toMatchObject({
        dueAt: null,
        dueDay: false,
        estimate: 0,
        milestone: null,
        fields: null,
      });
    });

    it('filters by due range, overdue, milestone, no milestone and field values', async () => {
      await fx.write(async (tx) => {
        await addTicket(tx, fx.doc, { dueAt: T0, dueDay: true, milestone: 'v1', fields: { size: 3, team: 'ui' } }); // 1
        await addTicket(tx, fx.doc, { dueAt: T0 + 5 * DAY + 3_600_000, milestone: 'v1', fields: { urgent: true } }); // 2
        await addTicket(tx, fx.doc, { dueAt: T0 - DAY, closedAt: T0, status: 'done', fields: { size: 30 } }); // 3
        await addTicket(tx, fx.doc, { milestone: 'v2', fields: { team: 'api', urgent: false } }); // 4
        await addTicket(tx, fx.doc, { dueAt: T0 + 3_600_000 }); // 5: an instant, an hour into day 0
      });
      expect(numbers(await list({ dueBefore: T0 + DAY }))).toEqual([1, 3, 5]);
      expect(numbers(await list({ dueAfter: T0 + DAY }))).toEqual([2]);
      // Two hours into day 0: the instant has passed; the calendar day has not ended.
      const now = T0 + 2 * 3_600_000;
      expect(numbers(await list({ overdue: { now, today: T0 } }))).toEqual([5]);
      expect(numbers(await list({ overdue: { now: T0 + DAY + 1, today: T0 + DAY } }))).toEqual([1, 5]);
      expect(numbers(await list({ milestone: 'v1' }))).toEqual([1, 2]);
      expect(numbers(await list({ milestone: null }))).toEqual([3, 5]);
      expect(numbers(await list({ fields: [{ name: 'size', value: 3 }] }))).toEqual([1]);
      expect(numbers(await list({ fields: [{ name: 'urgent', value: true }] }))).toEqual([2]);
      expect(numbers(await list({ fields: [{ name: 'urgent', value: false }] }))).toEqual([4]);
      expect(
        numbers(
          await list({
            fields: [
              { name: 'team', value: 'ui' },
              { name: 'size', value: 3 },
            ],
          }),
        ),
      ).toEqual([1]);
      expect(numbers(await list({ fields: [{ name: 'team', value: '3' }] }))).toEqual([]);
    });

    it('sorts by due date, undated last, and readies the earlier due date first within a priority', async () => {
      await fx.write(async (tx) => {
        await addTicket(tx, fx.doc, {}); // 1
        await addTicket(tx, fx.doc, { dueAt: T0 + 9 * DAY }); // 2
        await addTicket(tx, fx.doc, { dueAt: T0 + DAY }); // 3
        await addTicket(tx, fx.doc, { dueAt: T0 + 2 * DAY, priority: 'high', priorityRank: 3 }); // 4
      });
      expect(numbers(await list({ order: 'due' }))).toEqual([3, 4, 2, 1]);
      const ready = await fx.read((tx) => tx.tickets.ready(fx.doc, { limit: 10, now: T0 }));
      expect(numbers(ready)).toEqual([4, 3, 2, 1]);
    });

    it('moves a milestone’s tickets to another with history rows', async () => {
      await fx.write(async (tx) => {
        await addTicket(tx, fx.doc, { milestone: 'v1' });
        await addTicket(tx, fx.doc, { milestone: 'v2' });
      });
      const n = await fx.write(async (tx) => {
        const eventId = await tx.activity.addEvent({
          projectId: fx.doc,
          ticketId: null,
          kind: 'milestone.changed',
          actor: 'a',
          at: T0,
        });
        const history = { eventId, actor: 'a', at: T0 };
        return tx.tickets.replace({ projectId: fx.doc, column: 'milestone', from: 'v1', to: 'v2', history });
      });
      expect(n).toBe(1);
      expect(numbers(await list({ milestone: 'v2' }))).toEqual([1, 2]);
    });
  });
}

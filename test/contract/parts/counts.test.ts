import { describe, expect, it } from 'vitest';
import { addTicket, T0, useStore } from './fixture.js';
import { STORES } from './stores.js';

for (const backend of STORES) {
  describe(`counts part [${backend.name}]`, () => {
    const fx = useStore(backend);

    /** bob: 2 todo tasks; alice: 1 done bug; nobody: 1 todo task. */
    const seed = () =>
      fx.write(async (tx) => {
        const a = await addTicket(tx, fx.doc, { assignee: 'bob', labels: ['ui', 'api'] });
        await addTicket(tx, fx.doc, { assignee: 'bob', labels: ['ui'] });
        await addTicket(tx, fx.doc, { assignee: 'alice', type: 'bug', status: 'done', closedAt: T0 });
        await addTicket(tx, fx.doc, { category: 'infra' });
        return a;
      });
    const sortByStatus = <R extends { type: string; status: string }>(rows: R[]) =>
      [...rows].sort((a, b) => `${a.type}/${a.status}`.localeCompare(`${b.type}/${b.status}`));

    it('counts tickets per assignee, most first, unassigned as null, by status when asked', async () => {
      await seed();
      await fx.read(async (tx) => {
        // most first; the order of equal counts is the backend's own
        const all = await tx.counts.byAssignee(fx.doc);
        expect(all[0]).toEqual({ key: 'bob', count: 2 });
        expect(all.slice(1)).toEqual(
          expect.arrayContaining([
            { key: 'alice', count: 1 },
            { key: null, count: 1 },
          ]),
        );
        expect(all).toHaveLength(3);
        expect(await tx.counts.byAssignee(fx.doc, ['todo'])).toEqual([
          { key: 'bob', count: 2 },
          { key: null, count: 1 },
        ]);
      });
    });

    it('counts tickets per type and status, and follows updates', async () => {
      const a = await seed();
      expect(sortByStatus(await fx.read((tx) => tx.counts.byStatus(fx.doc)))).toEqual([
        { type: 'bug', status: 'done', count: 1 },
        { type: 'task', status: 'todo', count: 3 },
      ]);
      await fx.write((tx) => tx.tickets.update(a.id, { status: 'doing', assignee: null }, T0 + 1));
      await fx.read(async (tx) => {
        expect(sortByStatus(await tx.counts.byStatus(fx.doc, ['task']))).toEqual([
          { type: 'task', status: 'doing', count: 1 },
          { type: 'task', status: 'todo', count: 2 },
        ]);
        expect(await tx.counts.byAssignee(fx.doc, ['doing'])).toEqual([{ key: null, count: 1 }]);
      });
    });

    it('counts how many tickets use a value, of one type when asked, in reads and writes', async () => {
      await seed();
      const usage = { projectId: fx.doc, column: 'status', value: 'todo' } as const;
      expect(await fx.read((tx) => tx.counts.usage(usage))).toBe(3);
      expect(await fx.write((tx) => tx.counts.usage({ ...usage, type: 'bug' }))).toBe(0);
      await fx.read(async (tx) => {
        expect(await tx.counts.usage({ projectId: fx.doc, column: 'assignee', value: 'bob' })).toBe(2);
        expect(await tx.counts.usage({ projectId: fx.doc, column: 'category', value: 'infra' })).toBe(1);
        expect(await tx.counts.usage({ projectId: fx.doc, column: 'type', value: 'bug' })).toBe(1);
        expect(await tx.counts.usage({ projectId: fx.doc, column: 'priority', value: 'urgent' })).toBe(0);
      });
    });

    it('counts the labels in use, most used first, after labels change', async () => {
      const a = await seed();
      expect(await fx.read((tx) => tx.counts.labels(fx.doc))).toEqual([
        { key: 'ui', count: 2 },
        { key: 'api', count: 1 },
      ]);
      await fx.write((tx) => tx.tickets.update(a.id, { labels: ['web'] }, T0 + 1));
      expect(await fx.read((tx) => tx.counts.labels(fx.doc))).toEqual([
        { key: 'ui', count: 1 },
        { key: 'web', count: 1 },
      ]);
    });

    // SQLite runs one write transaction at a time by design: a write waiting inside another would
    // wait for ever, so this concurrency case is PostgreSQL's alone.
    it.skipIf(backend.name === 'sqlite')(
      'lets another connection move a ticket between the same statuses while a move is uncommitted',
      async () => {
        const [a, b] = await fx.write(async (tx) => [await addTicket(tx, fx.doc), await addTicket(tx, fx.doc)]);
        // Both moves touch the same (task, todo, unassigned) and (task, doing, unassigned) count rows:
        // kept at commit, not when the ticket changes, so the inner write does not queue behind the outer.
        const inner = await fx.write(async (tx) => {
          await tx.tickets.update(a!.id, { status: 'doing' }, T0 + 1);
          const other = fx.write((t2) => t2.tickets.update(b!.id, { status: 'doing' }, T0 + 2)).then(() => 'done');
          const stuck = new Promise((resolve) => setTimeout(resolve, 10_000, 'waited on a lock'));
          return Promise.race([other, stuck]);
        });
        expect(inner).toBe('done');
        expect(sortByStatus(await fx.read((tx) => tx.counts.byStatus(fx.doc)))).toEqual([
          { type: 'task', status: 'doing', count: 2 },
        ]);
      },
      20_000,
    );

    it("leaves other projects' tickets out", async () => {
      await seed();
      const ops = await fx.store.write(async (tx) => {
        const id = await tx.projects.insert({ key: 'ops', name: 'Ops', schema: '{}', at: T0 });
        await addTicket(tx, id, { assignee: 'bob', labels: ['ui'] });
        return id;
      });
      await fx.read(async (tx) => {
        expect(await tx.counts.byAssignee(ops)).toEqual([{ key: 'bob', count: 1 }]);
        expect(await tx.counts.labels(ops)).toEqual([{ key: 'ui', count: 1 }]);
      }, 'ops');
      expect(await fx.read((tx) => tx.counts.perDay(ops, 0), 'ops')).toEqual([
        { day: Math.floor(T0 / 86_400_000), opened: 1, closed: 0 },
      ]);
    });

    it('counts tickets opened and closed per UTC day from a time on, leaving out empty days', async () => {
      const DAY = 86_400_000;
      const d0 = Math.floor(T0 / DAY);
      await fx.write(async (tx) => {
        await addTicket(tx, fx.doc, { createdAt: T0 - DAY }); // before the window
        await addTicket(tx, fx.doc, { createdAt: T0 + 1000 });
        await addTicket(tx, fx.doc, { createdAt: T0 + DAY - 1, status: 'done', closedAt: T0 + 2 * DAY + 5 });
        await addTicket(tx, fx.doc, { createdAt: T0 - 3 * DAY, status: 'done', closedAt: T0 + 7 });
      });
      const rows = await fx.read((tx) => tx.counts.perDay(fx.doc, T0));
      expect(rows.map((r) => ({ ...r, day: Number(r.day) }))).toEqual([
        { day: d0, opened: 2, closed: 1 },
        { day: d0 + 2, opened: 0, closed: 1 },
      ]);
      expect(await fx.read((tx) => tx.counts.perDay(fx.doc, T0 + 3 * DAY))).toEqual([]);
    });
  });
}

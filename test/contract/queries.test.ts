import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Project } from '../../src/core/docket.js';
import type { ListQuery } from '../../src/domain/inputs.js';
import { BACKENDS } from './backends.js';
import { useFixture } from './fixture.js';

/** Eight tickets covering every filter dimension. */
async function seed(doc: Project) {
  await doc.addCategory('ops');
  await doc.addCategory('web');
  const specs = [
    { title: 't1', type: 'task', priority: 'high', assignee: 'bob', category: 'ops', labels: ['api'] },
    { title: 't2', type: 'bug', priority: 'low', assignee: 'carol', labels: ['rapid'] },
    { title: 't3', type: 'task', priority: 'high', category: 'web', labels: ['api', 'ui'] },
    { title: 't4', type: 'feature', priority: 'urgent', assignee: 'bob' },
    { title: 't5', type: 'bug', priority: 'medium', category: 'ops' },
    { title: 't6', type: 'task', priority: 'none', assignee: 'carol', labels: ['ui'] },
    { title: 't7', type: 'decision', priority: 'medium' },
    { title: 't8', type: 'task', priority: 'low', assignee: 'bob', category: 'web' },
  ];
  for (const s of specs) await doc.create(s);
  await doc.close(3); // task done
  await doc.close(5); // bug wont_fix
  await doc.move(8, 'in_progress');
}

const titles = async (doc: Project, q: ListQuery) => (await doc.list(q)).items.map((t) => t.title);

for (const backend of BACKENDS) {
  describe(`list, counts and board [${backend.name}]`, () => {
    const fx = useFixture(backend);

    it('filters by every field, alone and together', async () => {
      await seed(fx.doc);
      const d = fx.doc;
      expect(await titles(d, {})).toEqual(['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8']);
      expect(await titles(d, { type: 'bug' })).toEqual(['t2', 't5']);
      expect(await titles(d, { type: ['bug', 'feature'] })).toEqual(['t2', 't4', 't5']);
      expect(await titles(d, { status: 'backlog' })).toEqual(['t1', 't6']);
      expect(await titles(d, { status: ['in_progress', 'done'] })).toEqual(['t3', 't8']);
      expect(await titles(d, { state: 'open' })).toEqual(['t1', 't2', 't4', 't6', 't7', 't8']);
      expect(await titles(d, { state: 'closed' })).toEqual(['t3', 't5']);
      expect(await titles(d, { state: 'all' })).toHaveLength(8);
      expect(await titles(d, { priority: 'high' })).toEqual(['t1', 't3']);
      expect(await titles(d, { priority: ['urgent', 'none'] })).toEqual(['t4', 't6']);
      expect(await titles(d, { assignee: 'bob' })).toEqual(['t1', 't4', 't8']);
      expect(await titles(d, { assignee: null })).toEqual(['t3', 't5', 't7']);
      expect(await titles(d, { category: 'ops' })).toEqual(['t1', 't5']);
      expect(await titles(d, { category: null })).toEqual(['t2', 't4', 't6', 't7']);
      // a label matches whole: 'api' does not match 'rapid'
      expect(await titles(d, { label: 'api' })).toEqual(['t1', 't3']);
      expect(await titles(d, { type: 'task', state: 'open', assignee: 'bob' })).toEqual(['t1', 't8']);
      expect(await titles(d, { label: 'ui', priority: 'none' })).toEqual(['t6']);
      expect(await titles(d, { assignee: 'nobody' })).toEqual([]);
    });

    it('lists newest first with order desc', async () => {
      await seed(fx.doc);
      expect(await titles(fx.doc, { order: 'desc', limit: 3 })).toEqual(['t8', 't7', 't6']);
    });

    it('property: cursor pages cover the filtered list exactly once, in order, both ways', async () => {
      for (let i = 1; i <= 23; i++) {
        await fx.doc.create({ title: `n${i}`, type: i % 3 ? 'task' : 'bug', priority: i % 2 ? 'high' : 'low' });
      }
      const all = (await fx.doc.list({ limit: 500 })).items;
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 9 }),
          fc.constantFrom('asc' as const, 'desc' as const),
          fc.constantFrom({}, { type: 'bug' }, { priority: 'high' }, { type: 'task', priority: 'low' }),
          async (limit, order, filter) => {
            const expected = all
              .filter((t) => Object.entries(filter).every(([k, v]) => t[k as 'type' | 'priority'] === v))
              .map((t) => t.number);
            if (order === 'desc') expected.reverse();
            const seen: number[] = [];
            let after: number | undefined;
            for (let pages = 0; pages < 30; pages++) {
              const page = await fx.doc.list({ ...filter, limit, order, ...(after !== undefined ? { after } : {}) });
              expect(page.items.length).toBeLessThanOrEqual(limit);
              seen.push(...page.items.map((t) => t.number));
              if (page.next === null) break;
              expect(page.next).toBe(page.items[page.items.length - 1]!.number);
              after = page.next;
            }
            expect(seen).toEqual(expected);
          },
        ),
        { numRuns: 40 },
      );
    });

    it('pages stay stable while tickets are created and changed between them', async () => {
      for (let i = 1; i <= 6; i++) await fx.doc.create({ title: `p${i}` });
      const first = await fx.doc.list({ limit: 3 });
      await fx.doc.update(2, { title: 'changed' });
      await fx.doc.create({ title: 'p7' });
      const second = await fx.doc.list({ limit: 3, after: first.next! });
      expect(second.items.map((t) => t.number)).toEqual([4, 5, 6]);
      const third = await fx.doc.list({ limit: 3, after: second.next! });
      expect(third).toMatchObject({ items: [{ number: 7 }], next: null });
    });

    it('after 0 starts at the beginning in either order', async () => {
      for (let i = 1; i <= 3; i++) await fx.doc.create({ title: `p${i}` });
      expect((await fx.doc.list({ after: 0 })).items.map((t) => t.number)).toEqual([1, 2, 3]);
      expect((await fx.doc.list({ after: 0, order: 'desc' })).items.map((t) => t.number)).toEqual([3, 2, 1]);
    });

    it('refuses a bad limit, cursor or unknown option', async () => {
      for (const q of [
        { limit: 0 },
        { limit: 501 },
        { limit: 1.5 },
        { after: -1 },
        { order: 'sideways' },
        { colour: 1 },
      ]) {
        await expect(fx.doc.list(q as ListQuery)).rejects.toMatchObject({ code: 'validation' });
      }
    });

    it('counts tickets per assignee, unassigned as null, optionally by states', async () => {
      await seed(fx.doc);
      expect(await fx.doc.countByEntity()).toEqual([
        { entity: 'bob', count: 3 },
        { entity: null, count: 3 },
        { entity: 'carol', count: 2 },
      ]);
      expect(await fx.doc.countByEntity(['backlog'])).toEqual([
        { entity: 'bob', count: 1 },
        { entity: 'carol', count: 1 },
      ]);
      expect(await fx.doc.countByEntity(['done', 'wont_fix', 'in_progress'])).toEqual([
        { entity: null, count: 2 },
        { entity: 'bob', count: 1 },
      ]);
      expect(await fx.doc.countByEntity(['nonexistent'])).toEqual([]);
    });

    it('counts follow reassignment, type changes and entity removal', async () => {
      const t = await fx.doc.create({ title: 'x', assignee: 'bob' });
      await fx.doc.assign(t.id, 'carol');
      expect(await fx.doc.countByEntity()).toEqual([{ entity: 'carol', count: 1 }]);
      await fx.doc.removeEntity('carol', { force: true });
      expect(await fx.doc.countByEntity()).toEqual([{ entity: null, count: 1 }]);
      await fx.doc.update(t.id, { type: 'bug' });
      expect(await fx.doc.countByEntity(['triage'])).toEqual([{ entity: null, count: 1 }]);
    });

    it('summary board: every column of every type in workflow order, with counts', async () => {
      await seed(fx.doc);
      const b = await fx.doc.board({ view: 'summary' });
      expect(b.open).toBe(6);
      expect(b.closed).toBe(2);
      expect(b.types.map((t) => t.type)).toEqual(['task', 'bug', 'feature', 'decision']);
      const task = b.types[0]!;
      expect(task.columns).toEqual([
        { status: 'backlog', terminal: false, count: 2 },
        { status: 'in_progress', terminal: false, count: 1 },
        { status: 'done', terminal: true, count: 1 },
        { status: 'cancelled', terminal: true, count: 0 },
      ]);
    });

    it('kanban board: cards by priority in open columns, terminal columns only when asked', async () => {
      await seed(fx.doc);
      const b = await fx.doc.board({ view: 'kanban', type: 'task' });
      expect(b.types).toHaveLength(1);
      const cols = b.types[0]!.columns;
      expect(cols.map((c) => c.status)).toEqual(['backlog', 'in_progress', 'done', 'cancelled']);
      expect(cols[0]!.tickets!.map((t) => t.title)).toEqual(['t1', 't6']);
      expect(cols[2]).toEqual({ status: 'done', terminal: true, count: 1 });
      const all = await fx.doc.board({ view: 'kanban', type: 'task', includeTerminal: true });
      expect(all.types[0]!.columns[2]!.tickets!.map((t) => t.title)).toEqual(['t3']);
      const one = await fx.doc.board({ view: 'kanban', type: 'task', limit: 1 });
      expect(one.types[0]!.columns[0]).toMatchObject({ count: 2, tickets: [{ title: 't1' }] });
    });

    it('board refuses an unknown type and a bad card limit', async () => {
      await expect(fx.doc.board({ type: 'epic' })).rejects.toMatchObject({ code: 'validation' });
      await expect(fx.doc.board({ limit: 0 })).rejects.toMatchObject({ code: 'validation' });
    });
  });
}

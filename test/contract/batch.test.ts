import { describe, expect, it } from 'vitest';
import { BACKENDS } from './backends.js';
import { expectRefused, snapshot, useFixture } from './fixture.js';

for (const backend of BACKENDS) {
  describe(`batches, pages and label edits [${backend.name}]`, () => {
    const fx = useFixture(backend);
    const seed = async () => {
      await fx.doc.create({ title: 'task' }); // 1
      await fx.doc.create({ title: 'bug', type: 'bug' }); // 2
      await fx.doc.create({ title: 'done task' }); // 3
      await fx.doc.close(3);
    };

    it('batch move: each ticket in its own change; an illegal move fails only its own item', async () => {
      await seed();
      const items = await fx.doc.batchMove([1, 'DOC-2', '#99', 'doc-1'], 'in_progress');
      expect(items.map((i) => [i.id, i.ok, i.from, i.to, i.error?.code])).toEqual([
        ['DOC-1', true, 'backlog', 'in_progress', undefined],
        ['DOC-2', false, undefined, undefined, 'invalid_transition'],
        ['#99', false, undefined, undefined, 'not_found'],
      ]);
      expect(items[0]!.ticket).toMatchObject({ status: 'in_progress', version: 2 });
      expect((await fx.doc.get(2)).status).toBe('triage');
    });

    it('a dry run reports what would happen and changes nothing', async () => {
      await seed();
      const before = await snapshot(fx.doc);
      const moves = await fx.doc.batchMove([1, 2], 'in_progress', { dryRun: true });
      expect(moves.map((i) => [i.ok, i.to, i.error?.code])).toEqual([
        [true, 'in_progress', undefined],
        [false, undefined, 'invalid_transition'],
      ]);
      const closes = await fx.doc.batchClose([1, 2, 3], { dryRun: true });
      expect(closes.map((i) => [i.from, i.to])).toEqual([
        ['backlog', 'done'],
        ['triage', 'wont_fix'],
        ['done', 'done'],
      ]);
      expect(await snapshot(fx.doc)).toEqual(before);
    });

    it('batch close walks each ticket to a terminal state, with an optional resolution', async () => {
      await seed();
      const items = await fx.doc.batchClose([1, 2, 3], { resolution: 'cancelled' });
      expect(items.map((i) => [i.id, i.ok, i.to, i.error?.code])).toEqual([
        ['DOC-1', true, 'cancelled', undefined],
        ['DOC-2', false, undefined, 'validation'],
        ['DOC-3', true, 'done', undefined],
      ]);
      expect((await fx.doc.batchClose([2]))[0]).toMatchObject({ ok: true, from: 'triage', to: 'wont_fix' });
    });

    it('refuses an empty batch, more than 10,000 ids and a bad status before touching anything', async () => {
      await seed();
      await expectRefused(fx.doc, 1, () => fx.doc.batchMove([], 'done'), 'validation');
      const many = Array.from({ length: 10_001 }, (_, i) => i + 1);
      await expectRefused(fx.doc, 1, () => fx.doc.batchClose(many), 'validation');
      await expectRefused(fx.doc, 1, () => fx.doc.batchMove([1], 'Not A State!'), 'validation');
    });

    it('pages history and comments by cursor, oldest first, without gaps', async () => {
      await fx.doc.create({ title: 'paged' });
      for (let i = 0; i < 7; i++) await fx.doc.comment(1, `c${i}`);
      const bodies: string[] = [];
      let after: number | undefined;
      for (;;) {
        const page = await fx.doc.commentsPage(1, { limit: 3, ...(after !== undefined ? { after } : {}) });
        bodies.push(...page.items.map((c) => c.body));
        if (page.next === null) break;
        after = page.next;
      }
      expect(bodies).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
      const first = await fx.doc.historyPage(1, { limit: 2 });
      expect(first.items.map((h) => h.field)).toEqual(['created', 'comment']);
      const rest = await fx.doc.historyPage(1, { after: first.next!, limit: 1000 });
      expect(rest).toMatchObject({ next: null });
      expect(rest.items).toHaveLength(6);
      await expect(fx.doc.historyPage(1, { limit: 0 })).rejects.toMatchObject({ code: 'validation' });
      await expect(fx.doc.commentsPage(1, { after: -1 })).rejects.toMatchObject({ code: 'validation' });
    });

    it('batch reopen brings closed tickets back and leaves an open one as it is', async () => {
      await seed();
      await fx.doc.close(1);
      const items = await fx.doc.batchReopen([1, 3, 2]);
      expect(items.map((i) => [i.id, i.ok, i.from, i.to, i.error?.code])).toEqual([
        ['DOC-1', true, 'done', 'backlog', undefined],
        ['DOC-3', true, 'done', 'backlog', undefined],
        ['DOC-2', true, 'triage', 'triage', undefined],
      ]);
    });

    it('reports progress every 50 tickets and stops between groups when aborted, keeping what it did', async () => {
      for (let i = 0; i < 120; i++) await fx.doc.create({ title: `t${i}` });
      const ids = Array.from({ length: 120 }, (_, i) => i + 1);
      const seen: [number, number][] = [];
      const all = await fx.doc.batchMove(ids.slice(0, 60), 'in_progress', {
        onProgress: (done, total) => seen.push([done, total]),
      });
      expect(all).toHaveLength(60);
      expect(seen).toEqual([
        [50, 60],
        [60, 60],
      ]);
      const stop = new AbortController();
      const partial = await fx.doc.batchClose(ids.slice(60), {
        signal: stop.signal,
        onProgress: (done) => {
          if (done >= 50) stop.abort();
        },
      });
      expect(partial).toHaveLength(50);
      expect(partial.every((i) => i.ok)).toBe(true);
      expect((await fx.doc.get(110)).status).toBe('done');
      expect((await fx.doc.get(111)).status).toBe('backlog');
    });

    it('edits labels in one change: adds and removes together, one history row', async () => {
      const t = await fx.doc.create({ title: 'l', labels: ['a', 'b'] });
      const u = await fx.doc.editLabels(t.id, ['c'], ['a']);
      expect(u).toMatchObject({ labels: ['b', 'c'], version: 2 });
      expect((await fx.doc.history(t.id)).slice(1).map((h) => [h.field, h.old, h.new])).toEqual([
        ['labels', 'a, b', 'b, c'],
      ]);
      await expectRefused(fx.doc, t.id, () => fx.doc.editLabels(t.id, ['Bad Label!'], []), 'validation');
    });
  });
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Docket, Project } from '../../src/core/docket.js';
import { changesSince, recentlyChanged } from '../../src/core/recent.js';
import { BACKENDS } from './backends.js';

/** Every page of the list, with the cursors it handed out. */
async function walk(doc: Project, options: { limit: number; scan?: number }) {
  const ids: string[] = [];
  const cursors: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await recentlyChanged(doc, { ...options, ...(cursor ? { cursor } : {}) });
    ids.push(...page.items.map((t) => t.id));
    if (page.next === null) return { ids, cursors };
    cursors.push(page.next);
    cursor = page.next;
  }
  throw new Error('the list never ended');
}

for (const backend of BACKENDS) {
  describe(`open tickets most recently changed [${backend.name}]`, () => {
    let docket: Docket;
    let cleanup: () => Promise<void>;
    let doc: Project;

    beforeEach(async () => {
      ({ docket, cleanup } = await backend.open());
      // A second project interleaves its events with doc's (on SQLite their ids are shared).
      await docket.createProject({ key: 'doc' });
      await docket.createProject({ key: 'other' });
      doc = docket.project('doc', { actor: 'alice' });
      const other = docket.project('other', { actor: 'bob' });
      for (let i = 1; i <= 30; i++) {
        await doc.create({ title: `T${i}` });
        await other.create({ title: `O${i}` });
      }
    });
    afterEach(() => cleanup());

    it('lists by latest change (comments and links count), skips closed tickets, pages without repeats', async () => {
      await doc.comment('DOC-3', 'still relevant');
      await doc.link('DOC-7', 'blocks', 'DOC-8');
      await doc.close('DOC-29');
      const { ids } = await walk(doc, { limit: 7 });
      expect(ids.slice(0, 4)).toEqual(['DOC-7', 'DOC-8', 'DOC-3', 'DOC-30']);
      expect(ids).not.toContain('DOC-29');
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(29);
      // one link is one change: a page never ends between its two tickets
      const first = await recentlyChanged(doc, { limit: 1 });
      expect(first.items.map((t) => t.id)).toEqual(['DOC-7', 'DOC-8']);
      const second = await recentlyChanged(doc, { limit: 1, cursor: first.next! });
      expect(second.items.map((t) => t.id)).toEqual(['DOC-3']);
    });

    it('follows with the rest by number once the feed window is used up', async () => {
      await doc.comment('DOC-2', 'bump');
      const { ids, cursors } = await walk(doc, { limit: 4, scan: 5 });
      expect(ids[0]).toBe('DOC-2');
      expect(cursors.some((c) => c.startsWith('r.'))).toBe(true);
      expect(new Set(ids).size).toBe(30);
      // after the window: newest first by number, DOC-2 not again
      const tail = ids.slice(ids.indexOf('DOC-26'));
      expect(tail.slice(0, 3)).toEqual(['DOC-26', 'DOC-25', 'DOC-24']);
    });

    it('does not list a ticket twice when it changes between pages', async () => {
      const first = await recentlyChanged(doc, { limit: 10 });
      expect(first.items[0]!.id).toBe('DOC-30');
      await doc.comment('DOC-25', 'moved to the front');
      let cursor = first.next;
      const later: string[] = [];
      while (cursor) {
        const page = await recentlyChanged(doc, { cursor, limit: 10 });
        later.push(...page.items.map((t) => t.id));
        cursor = page.next;
      }
      expect(later).not.toContain('DOC-25');
      expect(new Set([...first.items.map((t) => t.id), ...later]).size).toBe(first.items.length + later.length);
    });

    it('refuses a cursor it did not give out', async () => {
      await expect(recentlyChanged(doc, { cursor: 'x.1' })).rejects.toMatchObject({ code: 'validation' });
    });

    it('reads the changes since a time, oldest first', async () => {
      const mark = docket.now();
      await new Promise((r) => setTimeout(r, 5));
      await doc.comment('DOC-1', 'late');
      await doc.move('DOC-2', 'in_progress');
      const { events, complete } = await changesSince(doc, mark + 1);
      expect(complete).toBe(true);
      expect(events.map((e) => [e.kind, e.ticket])).toEqual([
        ['ticket.commented', 'DOC-1'],
        ['ticket.moved', 'DOC-2'],
      ]);
      const capped = await changesSince(doc, 0, 5);
      expect(capped.complete).toBe(false);
      expect(capped.events).toHaveLength(5);
      expect(capped.events[4]!.ticket).toBe('DOC-2');
    });
  });
}

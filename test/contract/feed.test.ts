import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Docket } from '../../src/core/docket.js';
import { ChangeFeed } from '../../src/core/feed.js';
import type { ChangeEvent } from '../../src/domain/events.js';
import { BACKENDS } from './backends.js';

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

for (const backend of BACKENDS) {
  describe(`change feed [${backend.name}]`, () => {
    let docket: Docket;
    let cleanup: () => Promise<void>;
    let feed: ChangeFeed;

    beforeEach(async () => {
      ({ docket, cleanup } = await backend.open());
      await docket.createProject({ key: 'doc' });
      feed = new ChangeFeed(docket, 20);
    });
    afterEach(async () => {
      feed.close();
      await cleanup();
    });

    it('delivers new changes to every subscriber, in order, with their field changes', async () => {
      const doc = docket.project('doc', { actor: 'alice' });
      const seen: ChangeEvent[][] = [[], []];
      const stops = seen.map((list) => feed.subscribe('doc', null, (events) => list.push(...events)));
      await new Promise((r) => setTimeout(r, 50));
      const t = await doc.create({ title: 'Live' });
      await doc.move(t.id, 'in_progress');
      await until(() => seen.every((list) => list.length === 2));
      for (const list of seen) {
        expect(list.map((e) => e.kind)).toEqual(['ticket.created', 'ticket.moved']);
        expect(list[1]!.changes).toEqual([{ field: 'status', old: 'backlog', new: 'in_progress' }]);
        expect(list[1]!.ticket).toBe('DOC-1');
      }
      for (const stop of stops) stop();
    });

    it('resumes after a given id without losing or repeating a change', async () => {
      const doc = docket.project('doc');
      for (let i = 0; i < 5; i++) await doc.create({ title: `T${i}` });
      const all = await doc.changes(0);
      const resumeFrom = all[2]!.id;
      const got: number[] = [];
      const stop = feed.subscribe('doc', resumeFrom, (events) => got.push(...events.map((e) => e.id)));
      await until(() => got.length === all.length - 3);
      await doc.create({ title: 'after' });
      await until(() => got.length === all.length - 2);
      expect(new Set(got).size).toBe(got.length);
      expect(got[0]).toBeGreaterThan(resumeFrom);
      expect(got).toEqual([...got].sort((a, b) => a - b));
      stop();
    });
  });
}

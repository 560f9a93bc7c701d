import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Docket } from '../../src/core/docket.js';
import { doctor, importProject } from '../../src/transfer.js';
import { busyProject, exportLines, feed } from '../transfer/helpers.js';
import { BACKENDS } from './backends.js';

// The export format is the same on every backend: a project moves between them byte for byte.
// (SQLite-only cases, such as breaking an index with raw SQL, live in test/transfer.)
const [sqlite] = BACKENDS;

for (const backend of BACKENDS) {
  describe(`export and import [${backend.name}]`, () => {
    const opened: { cleanup: () => Promise<void> }[] = [];
    const open = async (b = backend): Promise<Docket> => {
      const o = await b.open();
      opened.push(o);
      return o.docket;
    };
    let source: Docket;
    beforeEach(async () => {
      source = await open();
    });
    afterEach(async () => {
      for (const o of opened.splice(0)) await o.cleanup();
    });

    it('round-trips a busy project into a fresh store, and from SQLite', async () => {
      await busyProject(source);
      const lines = await exportLines(source, 'doc');
      const target = await open();
      expect(await importProject(target, feed(lines))).toEqual({ project: 'doc', tickets: 4 });
      expect(await exportLines(target, 'doc')).toEqual(lines);

      const fromSqlite = await open(sqlite);
      await busyProject(fromSqlite);
      const sqliteLines = await exportLines(fromSqlite, 'doc');
      expect(await importProject(source, feed(sqliteLines), { project: 'copy' })).toEqual({
        project: 'copy',
        tickets: 4,
      });
      expect((await exportLines(source, 'copy')).slice(1)).toEqual(sqliteLines.slice(1));
      expect((await source.project('copy', { actor: 'alice' }).create({ title: 'Next' })).id).toBe('DOC-5');
    });

    it('writes nothing when a line is bad', async () => {
      await busyProject(source);
      const lines = await exportLines(source, 'doc');
      const at = lines.findIndex((l) => l.startsWith('{"record":"event"'));
      const broken = lines.map((l, i) => (i === at ? l.replace('"kind":"', '"kind":"nonsense.') : l));
      const target = await open();
      await expect(importProject(target, feed(broken))).rejects.toMatchObject({
        code: 'validation',
        message: expect.stringMatching(new RegExp(`^line ${at + 1}: bad event: kind`)),
      });
      expect(await target.projects()).toEqual([]);
    });

    it('finds nothing to repair in a store written through Docket', async () => {
      await busyProject(source);
      await importProject(source, feed(await exportLines(source, 'doc')), { project: 'doc2' });
      expect(await doctor(source)).toEqual({ problems: [], fixed: [] });
    });
  });
}

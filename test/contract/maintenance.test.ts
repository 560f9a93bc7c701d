import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDocket } from '../../src/open.js';
import { tempDir } from '../support/temp.js';
import { BACKENDS } from './backends.js';
import { useFixture } from './fixture.js';

const ALLOWED = {
  journal_mode: ['delete', 'truncate', 'persist', 'memory', 'wal', 'off'],
  vacuum_mode: ['none', 'full', 'incremental'],
  synchronous: ['off', 'normal', 'full', 'extra'],
} as const;

/**
 * Upkeep differs by engine: each backend does what its engine offers and refuses the rest with
 * `unsupported` (PostgreSQL is backed up and tuned with the server's own tools).
 */
for (const backend of BACKENDS) {
  describe(`maintenance [${backend.name}]`, () => {
    const fx = useFixture(backend);
    const embedded = () => backend.name === 'sqlite';

    it('a store with data passes the integrity check, before and after a vacuum', async () => {
      for (let i = 0; i < 20; i++) await fx.doc.create({ title: `t${i}`, description: 'x'.repeat(500) });
      await fx.doc.link(1, 'blocks', 2);
      await fx.doc.comment(3, 'c');
      expect(await fx.docket.maintenance.integrityCheck()).toEqual([]);
      await fx.docket.maintenance.vacuum();
      expect(await fx.docket.maintenance.integrityCheck()).toEqual([]);
      expect((await fx.doc.list({ limit: 500 })).items).toHaveLength(20);
    });

    it('reports every setting as one of its known values', async () => {
      for (const [name, values] of Object.entries(ALLOWED)) {
        expect(values).toContain(await fx.docket.maintenance.getPragma(name as keyof typeof ALLOWED));
      }
    });

    it('backs up online to a file that opens as the same store, or says to use the server tools', async () => {
      await fx.doc.create({ title: 'keep me' });
      const tmp = tempDir('docket-backup-');
      try {
        const out = join(tmp.dir, 'backup.db');
        if (!embedded()) {
          await expect(fx.docket.maintenance.backup(out)).rejects.toMatchObject({ code: 'unsupported' });
          return;
        }
        // writes go on while the backup runs
        await Promise.all([fx.docket.maintenance.backup(out), fx.doc.create({ title: 'during' })]);
        const copy = await openDocket(out);
        try {
          expect((await copy.project('doc').get(1)).title).toBe('keep me');
          expect(await copy.maintenance.integrityCheck()).toEqual([]);
        } finally {
          await copy.close();
        }
      } finally {
        tmp.cleanup();
      }
    });

    it('sets journal and vacuum modes where the engine allows, refusing unknown values', async () => {
      const m = fx.docket.maintenance;
      if (!embedded()) {
        await expect(m.setPragma('journal_mode', 'wal')).rejects.toMatchObject({ code: 'unsupported' });
        return;
      }
      expect(await m.getPragma('journal_mode')).toBe('wal');
      expect(await m.getPragma('synchronous')).toBe('full');
      expect(await m.getPragma('vacuum_mode')).toBe('incremental');
      expect(await m.setPragma('vacuum_mode', 'FULL')).toBe('full');
      expect(await m.setPragma('journal_mode', 'delete')).toBe('delete');
      expect(await m.setPragma('synchronous', 'normal')).toBe('normal');
      await expect(m.setPragma('journal_mode', 'sideways')).rejects.toMatchObject({
        code: 'validation',
        details: { allowed: ALLOWED.journal_mode },
      });
      await fx.doc.create({ title: 'still writes' });
      expect(await m.setPragma('journal_mode', 'wal')).toBe('wal');
      expect(await m.integrityCheck()).toEqual([]);
    });
  });
}

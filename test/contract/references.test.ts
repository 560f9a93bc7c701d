import { describe, expect, it } from 'vitest';
import type { CommitInfo } from '../../src/core/references.js';
import { exportProjectLines } from '../../src/core/transfer/export-project.js';
import { importProjectLines } from '../../src/core/transfer/import-project.js';
import { migrateStoreData } from '../../src/core/transfer/migrate.js';
import { openDocket } from '../../src/open.js';
import { tempDir } from '../support/temp.js';
import { join } from 'node:path';
import { storeOf } from '../../src/core/docket.js';
import { BACKENDS } from './backends.js';
import { useFixture } from './fixture.js';

const SHA = 'a'.repeat(40);
const commit = (message: string, fields: Partial<CommitInfo> = {}): CommitInfo => ({
  sha: SHA,
  message,
  author: 'Ann <ann@example.com>',
  time: Date.UTC(2024, 5, 1),
  branch: 'doc-1-login',
  ...fields,
});
const onMain = { landed: true, defaultBranch: 'main' };
const offMain = { landed: false, defaultBranch: 'main' };

for (const backend of BACKENDS) {
  describe(`references [${backend.name}]`, () => {
    const fx = useFixture(backend);

    it('references each mentioned ticket once, with its history row, and reports unknown ids', async () => {
      const a = await fx.doc.create({ title: 'Login fails' });
      const out = await fx.doc.recordCommit(commit('Work on DOC-1 and DOC-9\n\nmore on doc-1'), offMain);
      expect(out).toEqual({ referenced: ['DOC-1'], closed: [], unknown: ['DOC-9'] });
      const again = await fx.doc.recordCommit(commit('Work on DOC-1 and DOC-9'), offMain);
      expect(again.referenced).toEqual([]);
      const detail = await fx.doc.detail(a.id);
      expect(detail.references).toEqual([
        {
          kind: 'commit',
          key: SHA,
          subject: 'Work on DOC-1 and DOC-9',
          author: 'Ann <ann@example.com>',
          time: '2024-06-01T00:00:00.000Z',
          branch: 'doc-1-login',
          url: null,
          createdAt: detail.ticket.createdAt,
        },
      ]);
      expect(detail.ticket.status).toBe('backlog');
      expect(detail.history.filter((h) => h.field === 'reference').map((h) => h.new)).toEqual([
        `commit ${SHA.slice(0, 12)} Work on DOC-1 and DOC-9`,
      ]);
      expect((await fx.doc.changes(0, 100)).map((e) => e.kind)).toContain('ticket.referenced');
    });

    it('closes a fixed ticket only when the commit reaches the default branch, once', async () => {
      const a = await fx.doc.create({ title: 'Login fails' });
      await fx.doc.recordCommit(commit('Fixes DOC-1: handle SSO'), offMain);
      expect((await fx.doc.get(a.id)).status).toBe('backlog');
      const landed = await fx.doc.recordCommit(commit('Fixes DOC-1: handle SSO'), onMain);
      expect(landed).toEqual({ referenced: [], closed: ['DOC-1'], unknown: [] });
      const detail = await fx.doc.detail(a.id);
      expect(detail.ticket.status).toBe('done');
      expect(detail.references[0]?.branch).toBe('main');
      expect(detail.comments.map((c) => c.body)).toEqual([
        `Closed by commit ${SHA.slice(0, 12)}:\n\nFixes DOC-1: handle SSO`,
      ]);
      await fx.doc.reopen(a.id);
      const rescan = await fx.doc.recordCommit(commit('Fixes DOC-1: handle SSO'), onMain);
      expect(rescan).toEqual({ referenced: [], closed: [], unknown: [] });
      expect((await fx.doc.get(a.id)).closedAt).toBeNull();
    });

    it('references pull requests named in commits and comments, and branches by hand', async () => {
      const a = await fx.doc.create({ title: 'Login fails' });
      await fx.doc.recordCommit(commit('DOC-1 https://github.com/acme/app/pull/5'), offMain);
      await fx.doc.comment(
        a.id,
        'Review at https://gitlab.com/g/app/-/merge_requests/8 and https://github.com/acme/app/pull/5',
      );
      const b = await fx.doc.reference(a.id, { kind: 'branch', key: 'doc-1-login-fails' });
      expect(b.added).toBe(true);
      expect((await fx.doc.reference(a.id, { kind: 'branch', key: 'doc-1-login-fails' })).added).toBe(false);
      expect((await fx.doc.references(a.id)).map((r) => [r.kind, r.key])).toEqual([
        ['commit', SHA],
        ['pull', 'https://github.com/acme/app/pull/5'],
        ['pull', 'https://gitlab.com/g/app/-/merge_requests/8'],
        ['branch', 'doc-1-login-fails'],
      ]);
      // a URL longer than a reference may hold is left out, so the project still exports
      await fx.doc.comment(a.id, `https://github.com/acme/${'x'.repeat(2100)}/pull/1`);
      expect(await fx.doc.references(a.id)).toHaveLength(4);
      await expect(fx.doc.reference(a.id, { kind: 'tag' as never, key: 'x' })).rejects.toMatchObject({
        code: 'validation',
      });
    });

    it('exports references with the project and imports them back, byte for byte', async () => {
      await fx.doc.create({ title: 'Login fails' });
      await fx.doc.recordCommit(commit('DOC-1 work'), offMain);
      const lines: string[] = [];
      await exportProjectLines(storeOf(fx.docket), 'doc', (l) => {
        lines.push(l);
      });
      const refs = lines.map((l) => JSON.parse(l)).filter((r) => r.record === 'reference');
      expect(refs).toEqual([
        expect.objectContaining({ ticket: 1, kind: 'commit', key: SHA, subject: 'DOC-1 work', branch: 'doc-1-login' }),
      ]);
      expect(JSON.parse(lines.at(-1)!).counts.reference).toBe(1);
      async function* feed() {
        yield* lines;
      }
      await importProjectLines(storeOf(fx.docket), feed(), { project: 'copy' });
      const copy = fx.docket.project('copy');
      expect(await copy.references('DOC-1')).toEqual(await fx.doc.references('DOC-1'));
      const again: string[] = [];
      await exportProjectLines(storeOf(fx.docket), 'copy', (l) => {
        again.push(l);
      });
      expect(again.slice(1)).toEqual(lines.slice(1));
    });

    it('moves references with the whole store (docket migrate) into SQLite', async () => {
      await fx.doc.create({ title: 'Login fails' });
      await fx.doc.recordCommit(commit('Fixes DOC-1 https://github.com/acme/app/pull/2'), onMain);
      const tmp = tempDir('docket-refs-migrate-');
      const to = await openDocket(join(tmp.dir, 'to.db'));
      try {
        const moved = await migrateStoreData(storeOf(fx.docket), storeOf(to));
        expect(moved.verified).toBe(true);
        expect(await to.project('doc').references('DOC-1')).toEqual(await fx.doc.references('DOC-1'));
      } finally {
        await to.close();
        tmp.cleanup();
      }
    });

    it('leaves the reference count out of an export without references, and imports such files', async () => {
      await fx.doc.create({ title: 'Login fails' });
      const lines: string[] = [];
      await exportProjectLines(storeOf(fx.docket), 'doc', (l) => {
        lines.push(l);
      });
      expect(Object.keys(JSON.parse(lines.at(-1)!).counts)).not.toContain('reference');
      async function* feed() {
        yield* lines;
      }
      await expect(importProjectLines(storeOf(fx.docket), feed(), { project: 'copy' })).resolves.toMatchObject({
        tickets: 1,
      });
    });
  });
}

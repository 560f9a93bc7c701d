import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDocket, openStore } from '../../../open.js';
import { tempDir } from '../../../../test/support/temp.js';
import { MAX_GROUP } from './group-commit.js';

const tmp = tempDir('docket-group-');
afterAll(() => tmp.cleanup());

const project = (key: string) => ({ key, name: key, schema: '{}', at: 0 });

describe('SQLite group commit', () => {
  it('keeps every write of a group but the one that failed, even after it wrote', async () => {
    const path = join(tmp.dir, 'partial.db');
    const store = await openStore(path);
    const boom = new Error('the caller changed its mind');
    const writes = Array.from({ length: 20 }, (_, i) =>
      store.write(async (tx) => {
        const id = await tx.projects.insert(project(`p${i}`));
        // The seventh write has written its row when it fails: only its savepoint is undone.
        if (i === 7) throw boom;
        return id;
      }),
    );
    const settled = await Promise.allSettled(writes);
    await store.close();
    expect(settled[7]).toEqual({ status: 'rejected', reason: boom });
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(19);
    const db = new Database(path, { readonly: true });
    const keys = (db.prepare('SELECT key FROM projects ORDER BY key').all() as { key: string }[]).map((r) => r.key);
    db.close();
    expect(keys).toHaveLength(19);
    expect(keys).not.toContain('p7');
  });

  it('acknowledges more writes at once than one group holds, every one of them stored', async () => {
    const path = join(tmp.dir, 'many.db');
    const docket = await openDocket(path);
    await docket.createProject({ key: 'doc' });
    const doc = docket.project('doc', { actor: 'tester' });
    const count = MAX_GROUP * 2 + 5;
    const made = await Promise.all(Array.from({ length: count }, (_, i) => doc.create({ title: `t${i}` })));
    // A refused write in the middle of the crowd fails alone.
    const crowd = await Promise.allSettled([
      doc.comment(1, 'first'),
      doc.move(2, 'no_such_status'),
      doc.comment(3, 'third'),
    ]);
    expect(crowd.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(made.map((t) => t.number).sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    await docket.close();

    // Writes started but not awaited before close still commit: close waits for them.
    const late = await openDocket(path);
    const lateDoc = late.project('doc', { actor: 'tester' });
    const started = [lateDoc.create({ title: 'late 1' }), lateDoc.create({ title: 'late 2' })];
    await late.close();
    expect((await Promise.all(started)).map((t) => t.number)).toEqual([count + 1, count + 2]);

    const again = await openDocket(path);
    const page = await again.project('doc', { actor: 'tester' }).list({ limit: 500 });
    expect(page.items).toHaveLength(count + 2);
    await again.close();
  });
});

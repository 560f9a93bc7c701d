import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/temp.js';
import { openStore } from '../../open.js';
import type { Store } from '../store.js';

describe('settling a SQLite store after a bulk load', () => {
  let tmp: ReturnType<typeof tempDir>;
  let path: string;
  let store: Store;
  beforeEach(async () => {
    tmp = tempDir();
    path = join(tmp.dir, 'docket.db');
    store = await openStore(path, { synchronous: 'off' });
  });
  afterEach(async () => {
    await store.close();
    tmp.cleanup();
  });

  /** The tables and indexes sqlite_stat1 holds statistics for, read on a second connection. */
  const analyzed = () => {
    const db = new Database(path, { readonly: true });
    try {
      const stat = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").get();
      if (!stat) return [];
      return (db.prepare('SELECT DISTINCT idx FROM sqlite_stat1 WHERE idx IS NOT NULL').all() as { idx: string }[])
        .map((r) => r.idx)
        .sort();
    } finally {
      db.close();
    }
  };

  it('gathers planner statistics for the indexes a bulk load filled', async () => {
    await store.write(async (tx) => {
      const projectId = await tx.projects.insert({ key: 'doc', name: 'Doc', schema: '{}', at: 0 });
      for (let n = 1; n <= 2000; n++) {
        await tx.tickets.insert({
          projectId,
          number: await tx.projects.nextNumber(projectId),
          type: 'task',
          title: `bulk ${n}`,
          description: '',
          status: n % 4 ? 'todo' : 'done',
          priority: 'medium',
          priorityRank: 2,
          assignee: n % 3 ? null : 'bob',
          category: null,
          labels: [`l${n % 9}`],
          createdBy: null,
          createdAt: n,
          updatedAt: n,
          closedAt: n % 4 ? null : n,
          leaseUntil: null,
        });
      }
    });
    expect(analyzed()).toEqual([]);
    await store.maintenance.settle();
    expect(analyzed()).toEqual(expect.arrayContaining(['tickets_status', 'tickets_assignee', 'ticket_labels_label']));
    expect(await store.maintenance.integrityCheck()).toEqual([]);
  });
});

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDocket } from '../../src/open.js';
import { migrateStore } from '../../src/transfer.js';
import { PG_ENABLED, sharedSchema } from '../support/postgres.js';
import { tempDir } from '../support/temp.js';
import { exportLines, plannedProject } from '../transfer/helpers.js';

describe.skipIf(!PG_ENABLED)('migrateStore carries planning data', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const sqlite = async () => {
    const tmp = tempDir('docket-migrate-plan-');
    const docket = await openDocket(join(tmp.dir, 'docket.db'), { synchronous: 'off' });
    cleanups.push(tmp.cleanup, () => docket.close());
    return docket;
  };

  for (const tenancy of ['shared', 'schema'] as const) {
    it(`SQLite → PostgreSQL (${tenancy}) → SQLite keeps milestones, due dates, estimates and fields`, async () => {
      const source = await sqlite();
      await plannedProject(source);
      const before = await exportLines(source, 'pl');
      const db = await sharedSchema({ tenancy });
      cleanups.push(() => db.cleanup());
      const pg = await db.open();
      await migrateStore(source, pg);
      expect(await exportLines(pg, 'pl')).toEqual(before);
      expect(await pg.project('pl').list({ milestone: 'v2', dueBefore: '2026-02-02' })).toMatchObject({
        items: [{ title: 'b', due: '2026-02-01T09:30:00.000Z' }],
      });
      const back = await sqlite();
      await migrateStore(pg, back);
      expect(await exportLines(back, 'pl')).toEqual(before);
    });
  }
});

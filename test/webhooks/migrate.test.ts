import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Docket } from '../../src/core/docket.js';
import { openDocket, openStore } from '../../src/open.js';
import { freshSchema, PG_ENABLED } from '../support/postgres.js';
import { tempDir } from '../support/temp.js';

describe.skipIf(!PG_ENABLED)('docket migrate carries webhooks (SQLite to PostgreSQL)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('copies every subscription with its secret and state, and verifies the copy', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const from = await openDocket(join(tmp.dir, 'a.db'), { create: true });
    cleanups.push(() => from.close());
    await from.createProject({ key: 'doc' });
    const doc = from.project('doc');
    const made = await doc.addWebhook({ url: 'https://example.com/hook', events: ['moved'], type: 'bug' });
    await doc.create({ title: 'one' });
    const db = await freshSchema();
    cleanups.push(db.drop);
    const to = new Docket(await openStore(db.url, { postgres: { schema: db.schema } }));
    cleanups.push(() => to.close());
    const result = await from.migrateTo(to);
    expect(result.verified).toBe(true);
    const [copied] = await to.project('doc').webhooks();
    const { id: _a, createdAt: _b, ...rest } = made;
    const { secret: _c, ...shown } = rest;
    expect(copied).toMatchObject(shown);
    const lines: string[] = [];
    await to.exportProject('doc', (l) => void lines.push(l));
    expect(lines.find((l) => l.includes('"record":"webhook"'))).toContain(made.secret);
  });
});

import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { afterEach, describe, expect, it } from 'vitest';
import { Docket } from '../../src/core/docket.js';
import { openDocket } from '../../src/open.js';
import type { PostgresDriver } from '../../src/store/postgres/driver.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { migrateStore } from '../../src/transfer.js';
import { freshSchema, PG_ENABLED } from '../support/postgres.js';
import { tempDir } from '../support/temp.js';
import { exportLines } from '../transfer/helpers.js';

// docket migrate sends its rows into PostgreSQL by COPY (src/store/postgres/only/copy-buffer.ts):
// text that COPY's format gives a meaning to must arrive as it was, and a failure after some batches
// went out must still leave nothing behind.

/** Text COPY's text format treats specially: field and row separators, escapes, the end marker, NULL. */
const HOSTILE = [
  'tab\there, two\t\ttabs',
  'line 1\nline 2\r\nline 3\rend',
  'back\\slash, \\\\ double, trailing \\',
  '\\.\nafter the end marker',
  'before\n\\.\n\\.',
  '\\N',
  '\\t is not a tab, \\n not a newline',
  'quotes \' " and {braces}, [brackets], commas, NULL',
  'über ✓ — «ünïcödé» 日本語 🙂 עברית e\u0301',
  '   leading and trailing spaces   ',
];

/** A PostgreSQL Docket like open.ts makes, counting the COPY statements it runs. */
async function countingDocket(url: string, schema: string): Promise<{ docket: Docket; copies: string[] }> {
  const config = { connectionString: url, max: 4 };
  const copies: string[] = [];
  const driver: PostgresDriver = {
    pool: new pg.Pool(config),
    listener: () => new pg.Client(config),
    types: pg.types,
    label: 'test',
    copyFrom: (sql) => {
      copies.push(sql);
      return copyFrom(sql);
    },
  };
  return { docket: new Docket(await PostgresStore.open(driver, { schema })), copies };
}

async function tableCounts(url: string, schema: string): Promise<Record<string, number>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const out: Record<string, number> = {};
    for (const t of ['projects', 'tickets', 'events', 'history', 'comments', 'links', 'audit_log', 'tokens']) {
      const { rows } = await c.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".${t}`);
      out[t] = Number(rows[0]!.n);
    }
    return out;
  } finally {
    await c.end();
  }
}

describe.skipIf(!PG_ENABLED)('docket migrate into PostgreSQL by COPY', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  const sqlite = async () => {
    const tmp = tempDir('docket-migrate-copy-');
    const path = join(tmp.dir, 'docket.db');
    const docket = await openDocket(path, { synchronous: 'off' });
    cleanups.push(tmp.cleanup, () => docket.close());
    return { docket, path };
  };
  const postgres = async () => {
    const db = await freshSchema();
    const opened = await countingDocket(db.url, db.schema);
    cleanups.push(
      () => db.drop(),
      () => opened.docket.close(),
    );
    return { ...opened, ...db };
  };

  it('carries hostile text (tabs, newlines, backslashes, end markers, unicode) there and back exactly', async () => {
    const source = await sqlite();
    await source.docket.createProject({ key: 'odd', prefix: 'ODD-' });
    const p = source.docket.project('odd', { actor: 'über-agent' });
    await p.addEntity({ slug: 'über', name: HOSTILE[8]!, kind: 'agent' });
    const made = [];
    for (const [i, text] of HOSTILE.entries()) {
      const t = await p.create({
        title: `title ${i}: ${text.replace(/[\r\n]/g, ' ')}`,
        description: text,
        labels: ['über', 'a.b:c@d', '日本'],
      });
      await p.comment(t.id, text);
      await p.update(t.id, { description: `${text}\n(edited)` });
      made.push(t);
    }
    await p.link(made[0]!.id, 'blocks', made[1]!.id);
    const before = await exportLines(source.docket, 'odd');

    const target = await postgres();
    await migrateStore(source.docket, target.docket);
    expect(target.copies.length).toBeGreaterThan(0);
    expect(target.copies.join('\n')).toMatch(/"tickets".*FROM STDIN/);
    expect(target.copies.join('\n')).toMatch(/"comments".*FROM STDIN/);
    expect(await exportLines(target.docket, 'odd')).toEqual(before);
    const shown = await target.docket.project('odd').get(made[3]!.id);
    expect(shown.description).toBe(`${HOSTILE[3]}\n(edited)`);
    expect((await target.docket.project('odd').comments(made[1]!.id)).map((c) => c.body)).toEqual([HOSTILE[1]]);

    // Feed positions were handed out during the load: the feed lists every event once, in order,
    // and the next write carries on after the last.
    const moved = target.docket.project('odd');
    const feed = (await moved.changes(0, 1000)).map((c) => c.id);
    expect(feed).toEqual(Array.from({ length: feed.length }, (_, i) => i + 1));
    expect(feed.length).toBe((await p.changes(0, 1000)).length);
    expect(await moved.lastChangeId()).toBe(feed.length);
    await moved.create({ title: 'after the move' });
    expect(await moved.lastChangeId()).toBe(feed.length + 1);

    // And back into a new SQLite file: the same export again (less the ticket made after the move).
    const back = await sqlite();
    await migrateStore(target.docket, back.docket);
    expect(await exportLines(back.docket, 'odd')).toEqual(await exportLines(target.docket, 'odd'));
  });

  it('leaves the destination empty when the move fails after batches of rows went out', async () => {
    const source = await sqlite();
    await source.docket.createProject({ key: 'big', prefix: 'BIG-' });
    const p = source.docket.project('big', { actor: 'ann' });
    // Enough rows (a ticket, an event, history and an audit line each) for several COPY batches.
    for (let i = 0; i < 1500; i++) await p.create({ title: `ticket ${i}`, description: 'text' });
    const last = await p.create({ title: 'the last one' });
    await p.comment(last.id, 'fine so far');
    await source.docket.close();
    // A comment PostgreSQL cannot hold (a NUL, which an older Docket let into SQLite): it is in the
    // last batch, sent after the tickets, events and history went out.
    const raw = new Database(source.path);
    raw.prepare('UPDATE comments SET body = ?').run('a\u0000b');
    raw.close();
    const reopened = await openDocket(source.path);
    cleanups.push(() => reopened.close());

    const target = await postgres();
    const error = await migrateStore(reopened, target.docket).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'validation' });
    expect((error as Error).message).toMatch(/NUL/);
    // Batches of tickets went out before the comments' failed, and were rolled back with them.
    expect(target.copies.filter((c) => c.includes('"tickets"')).length).toBeGreaterThan(0);
    expect(await target.docket.projects()).toEqual([]);
    expect(await tableCounts(target.url, target.schema)).toEqual({
      projects: 0,
      tickets: 0,
      events: 0,
      history: 0,
      comments: 0,
      links: 0,
      audit_log: 0,
      tokens: 0,
    });
  });
});

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type Docket, storeOf } from '../../src/core/docket.js';
import { openDocket } from '../../src/open.js';
import { migrateStore } from '../../src/transfer.js';
import type { TokenRow } from '../../src/store/store.js';
import { PG_ENABLED, sharedSchema } from '../support/postgres.js';
import { tempDir } from '../support/temp.js';
import { busyProject, exportLines } from '../transfer/helpers.js';
import { fixtureText } from '../support/import-fixtures.js';
import { parseMappingRules } from '../../src/core/transfer/importers/mapping.js';

type Shared = Awaited<ReturnType<typeof sharedSchema>>;

/** Every project's export, keyed by project: what "identical" means for a store. */
async function exports(docket: Docket): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const p of await docket.projects()) out[p.key] = await exportLines(docket, p.key);
  return out;
}

const tokenRows = (docket: Docket): Promise<TokenRow[]> => storeOf(docket).read((tx) => tx.tokens.rows());

/** A store with two projects (one busy, one with its own workflow) and live, revoked and global tokens. */
async function populated(docket: Docket): Promise<{ secrets: { live: string; revoked: string; admin: string } }> {
  await docket.createProject({ key: 'ops', name: 'Operations', prefix: 'OPS-' });
  const ops = docket.project('ops', { actor: 'ann' });
  await ops.addState('review', { type: 'task' });
  await ops.addTransition('in_progress', 'review', { type: 'task' });
  const first = await ops.create({ title: 'Rotate keys — «über» ✓', description: 'line 1\nline 2', labels: ['sec'] });
  await ops.move(first.id, 'in_progress');
  await ops.move(first.id, 'review');
  await ops.create({ title: 'Second' });
  await busyProject(docket);
  await docket.project('ops', { actor: 'ann' }).create({ title: 'After the other project' });
  const live = await docket.createToken({ projects: ['doc'], scope: 'write', entity: 'bot-7', note: 'ci' });
  const revoked = await docket.createToken({ projects: ['ops', 'doc'], scope: 'read' });
  await docket.revokeToken(revoked.id);
  const admin = await docket.createToken({ projects: ['*'], scope: 'admin' });
  return { secrets: { live: live.secret, revoked: revoked.secret, admin: admin.secret } };
}

describe.skipIf(!PG_ENABLED)('migrateStore between SQLite and PostgreSQL', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  const sqlite = async () => {
    const tmp = tempDir('docket-migrate-');
    const path = join(tmp.dir, 'docket.db');
    const docket = await openDocket(path, { synchronous: 'off' });
    cleanups.push(tmp.cleanup, () => docket.close());
    return { docket, path };
  };
  const postgres = async (tenancy: 'shared' | 'schema') => {
    const db: Shared = await sharedSchema({ tenancy });
    cleanups.push(() => db.cleanup());
    return db.open();
  };

  for (const tenancy of ['shared', 'schema'] as const) {
    it(`SQLite → PostgreSQL (${tenancy}) → SQLite gives identical exports and working tokens`, async () => {
      const source = await sqlite();
      const { secrets } = await populated(source.docket);
      const before = await exports(source.docket);
      const tokensBefore = await tokenRows(source.docket);
      expect(Object.keys(before).sort()).toEqual(['doc', 'ops']);

      const pg = await postgres(tenancy);
      const seen: string[] = [];
      const there = await migrateStore(source.docket, pg, {
        onProgress: (p) => seen.push(`${p.index}/${p.projects} ${p.project} ${p.done}/${p.total}`),
      });
      expect(there).toEqual({
        projects: [
          { key: 'doc', tickets: 4 },
          { key: 'ops', tickets: 3 },
        ],
        tokens: { copied: 3, skipped: 0, idsKept: true },
        verified: true,
      });
      expect(seen).toContain('1/2 doc 4/4');
      expect(seen).toContain('2/2 ops 3/3');
      expect(await exports(pg)).toEqual(before);
      expect(await tokenRows(pg)).toEqual(tokensBefore);

      const back = await sqlite();
      await migrateStore(pg, back.docket);
      expect(await exports(back.docket)).toEqual(before);
      expect(await tokenRows(back.docket)).toEqual(tokensBefore);

      for (const d of [pg, back.docket]) {
        expect((await d.authenticate(secrets.live))?.entity).toBe('bot-7');
        expect(await d.authenticate(secrets.revoked)).toBeNull();
        expect((await d.authenticate(secrets.admin))?.projects).toEqual(['*']);
        // Numbering and token ids continue where the source stopped.
        expect((await d.project('ops').create({ title: 'Next' })).id).toBe('OPS-4');
        expect((await d.createToken({ projects: ['ops'], scope: 'read' })).id).toBe(4);
      }
    });
  }

  it('carries import references: the moved project still recognises what was imported into it', async () => {
    const source = await sqlite();
    await source.docket.createProject({ key: 'web' });
    const rules = parseMappingRules(['type:epic=feature']);
    const text = fixtureText('beads', 'issues.jsonl');
    const first = await source.docket.project('web').importFrom('beads', text, { rules });
    const pg = await postgres('schema');
    await migrateStore(source.docket, pg);
    const again = await pg.project('web').importFrom('beads', text, { rules });
    expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: first.summary!.created });
  });

  it('refuses a destination that already has one of the projects, and writes nothing', async () => {
    const source = await sqlite();
    await populated(source.docket);
    const pg = await postgres('shared');
    await pg.createProject({ key: 'doc' });
    await pg.createToken({ projects: ['doc'], scope: 'read' });
    const error = await migrateStore(source.docket, pg).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'already_exists', details: { projects: ['doc'] } });
    expect((error as Error).message).toMatch(/already has project doc; migrate into a new, empty database/);
    expect((await pg.projects()).map((p) => p.key)).toEqual(['doc']);
    expect(await tokenRows(pg)).toHaveLength(1);
  });

  it('gives tokens new ids beside existing ones and skips a token the destination already has', async () => {
    const source = await sqlite();
    await populated(source.docket);
    const tokens = await tokenRows(source.docket);
    const target = await sqlite();
    await target.docket.createProject({ key: 'other' });
    await target.docket.createToken({ projects: ['other'], scope: 'read' });
    // The same secret already there: as if it had been moved before.
    await storeOf(target.docket).write((tx) => tx.tokens.restore({ ...tokens[0]!, id: 99 }, true));
    const r = await migrateStore(source.docket, target.docket);
    expect(r.tokens).toEqual({ copied: 2, skipped: 1, idsKept: false });
    const after = await tokenRows(target.docket);
    expect(after.map((t) => t.id)).toEqual([1, 99, 100, 101]);
    expect(after.slice(2).map(({ id: _id, ...t }) => t)).toEqual(tokens.slice(1).map(({ id: _id, ...t }) => t));
  });

  it('rolls the whole move back when one project cannot be written, naming the reason', async () => {
    const source = await sqlite();
    await populated(source.docket);
    await source.docket.close();
    // Text an older Docket stored in SQLite that PostgreSQL cannot hold: the second project (ops) fails.
    const raw = new Database(source.path);
    raw
      .prepare(
        "UPDATE tickets SET description = ? WHERE number = 2 AND project_id = (SELECT id FROM projects WHERE key = 'ops')",
      )
      .run('a\u0000b');
    raw.close();
    const reopened = await openDocket(source.path);
    cleanups.push(() => reopened.close());
    const pg = await postgres('shared');
    const error = await migrateStore(reopened, pg).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'validation' });
    expect((error as Error).message).toMatch(/NUL/);
    expect(await pg.projects()).toEqual([]);
    expect(await tokenRows(pg)).toEqual([]);
  });

  it('refuses to move a store into itself', async () => {
    const source = await sqlite();
    await expect(migrateStore(source.docket, source.docket)).rejects.toMatchObject({ code: 'validation' });
  });
});

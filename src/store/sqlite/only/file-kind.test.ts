import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDocket } from '../../../open.js';

describe('opening a file that is not a Docket database', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'docket-kind-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes a SQLite file with `sql` run in it, closed again. */
  const sqlite = (path: string, sql: string) => {
    const db = new Database(path);
    db.exec(sql);
    db.close();
  };
  const state = (path: string) => ({ bytes: readFileSync(path).toString('base64'), mtime: statSync(path).mtimeMs });

  it('with create: false, refuses an empty file and leaves it empty', async () => {
    const path = join(dir, 'empty.db');
    writeFileSync(path, '');
    const before = state(path);
    await expect(openDocket(path, { create: false })).rejects.toMatchObject({
      code: 'storage',
      message: expect.stringMatching(/is an empty file, not a Docket database; create one with: docket -d \S+ init$/),
      details: { path, notDocket: 'empty_file' },
    });
    expect(state(path)).toEqual(before);
  });

  it('with create (the default), makes an empty file or a SQLite file without tables a Docket database', async () => {
    const empty = join(dir, 'empty.db');
    writeFileSync(empty, '');
    const blank = join(dir, 'blank.db');
    sqlite(blank, 'CREATE TABLE t (a); DROP TABLE t');
    for (const path of [empty, blank]) {
      const docket = await openDocket(path);
      await docket.createProject({ key: 'doc' });
      await docket.close();
      const again = await openDocket(path, { create: false });
      expect((await again.projects()).map((p) => p.key)).toEqual(['doc']);
      await again.close();
    }
  });

  it('whatever create says, names a text file, a BlinkDesk file and another SQLite file, and changes none', async () => {
    const text = join(dir, 'notes.db');
    writeFileSync(text, 'not a database at all\n');
    const other = join(dir, 'other.db');
    sqlite(other, 'CREATE TABLE recipes (name TEXT)');
    const versioned = join(dir, 'versioned.db');
    sqlite(versioned, 'PRAGMA user_version = 3');
    const blinkdesk = join(dir, 'bd.db');
    sqlite(blinkdesk, 'CREATE TABLE ticket_states (name TEXT)');
    const cases = [
      [text, 'not_sqlite'],
      [other, 'other_sqlite'],
      [versioned, 'other_sqlite'],
      [blinkdesk, 'blinkdesk'],
    ] as const;
    for (const [path, kind] of cases) {
      const before = state(path);
      for (const create of [true, false]) {
        await expect(openDocket(path, { create })).rejects.toMatchObject({
          code: 'storage',
          details: { notDocket: kind },
        });
      }
      expect(state(path)).toEqual(before);
    }
  });
});

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/temp.js';
import { openDocket } from '../../open.js';
import { SCHEMA_VERSION } from './schema.js';

describe('SQLite schema versions', () => {
  let tmp: ReturnType<typeof tempDir>;
  let path: string;
  beforeEach(() => {
    tmp = tempDir();
    path = join(tmp.dir, 'docket.db');
  });
  afterEach(() => tmp.cleanup());

  it('refuses a file written by a newer Docket, saying what to do, and leaves it alone', async () => {
    await (await openDocket(path)).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    await expect(openDocket(path)).rejects.toMatchObject({
      code: 'storage',
      message: expect.stringMatching(/newer Docket .*upgrade Docket/),
    });
    const after = new Database(path);
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    after.close();
  });

  it('brings an older file up to date on open, keeping its tickets', async () => {
    const docket = await openDocket(path);
    await docket.createProject({ key: 'doc' });
    await docket.project('doc').create({ title: 'kept' });
    await docket.close();
    // Roll the file back to version 1: the tables later migrations add are not there yet.
    const raw = new Database(path);
    raw.exec('DROP TABLE tokens; DROP TABLE IF EXISTS replies;');
    raw.pragma('user_version = 1');
    raw.close();

    const reopened = await openDocket(path);
    expect((await reopened.project('doc').get(1)).title).toBe('kept');
    const token = await reopened.createToken({ projects: ['doc'], scope: 'read' });
    expect(await reopened.authenticate(token.secret)).toMatchObject({ id: token.id });
    await reopened.close();
    const check = new Database(path);
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    check.close();
  });

  it('refuses a SQLite file that is not Docket’s', async () => {
    const raw = new Database(path);
    raw.exec('CREATE TABLE notes (body TEXT)');
    raw.close();
    await expect(openDocket(path)).rejects.toMatchObject({ code: 'storage', message: /not a Docket database/ });
  });
});

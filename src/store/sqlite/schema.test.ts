import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/temp.js';
import { openDocket } from '../../open.js';
import { parseSchemaFile } from '../../domain/schema-file.js';
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
    raw.exec(
      `${UNDO_PLANNING} DROP TABLE tokens; DROP TABLE IF EXISTS replies; DROP TABLE IF EXISTS ticket_refs; DROP TABLE IF EXISTS import_refs; DROP TABLE webhook_deliveries; DROP TABLE webhooks;`,
    );
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

  it('gives label rows their tickets’ project and number when it meets the older shape (v3)', async () => {
    const docket = await openDocket(path);
    for (const key of ['one', 'two']) {
      await docket.createProject({ key });
      const p = docket.project(key);
      for (let n = 1; n <= 5; n++) await p.create({ title: `${key} ${n}`, labels: n % 2 ? ['odd', 'any'] : ['any'] });
    }
    await docket.close();
    // Version 3 kept only the ticket and the label in a label row.
    const raw = new Database(path);
    raw.exec(UNDO_PLANNING);
    raw.exec(`
      DROP TABLE IF EXISTS ticket_refs;
      DROP TABLE webhook_deliveries;
      DROP TABLE webhooks;
      CREATE TABLE old_labels (ticket_id INTEGER NOT NULL, label TEXT NOT NULL, PRIMARY KEY (ticket_id, label)) WITHOUT ROWID;
      INSERT INTO old_labels SELECT ticket_id, label FROM ticket_labels;
      DROP TABLE ticket_labels;
      ALTER TABLE old_labels RENAME TO ticket_labels;
      CREATE INDEX ticket_labels_label ON ticket_labels (label, ticket_id);
      DROP TABLE import_refs;
    `);
    raw.pragma('user_version = 3');
    raw.close();

    const reopened = await openDocket(path);
    for (const key of ['one', 'two']) {
      const page = await reopened.project(key).list({ label: 'odd', order: 'desc' });
      expect(page.items.map((t) => t.title)).toEqual([`${key} 5`, `${key} 3`, `${key} 1`]);
    }
    await reopened.close();
    const check = new Database(path);
    const rows = check
      .prepare(
        'SELECT count(*) AS n FROM ticket_labels l JOIN tickets t ON t.id = l.ticket_id AND t.project_id = l.project_id AND t.number = l.number',
      )
      .get() as { n: number };
    expect(rows.n).toBe(2 * (3 + 5));
    check.close();
  });

  it('indexes the custom fields of tickets written before search covered them', async () => {
    const docket = await openDocket(path);
    await docket.createProject({
      key: 'doc',
      schema: parseSchemaFile('[fields.customer]\ntype = "string"\n', 'DOC-').schema,
    });
    await docket.project('doc').create({ title: 'Invoice', fields: { customer: 'Globex' } });
    await docket.close();
    const raw = new Database(path);
    raw.exec(UNDO_SEARCH_FIELDS);
    raw.pragma(`user_version = ${SCHEMA_VERSION - 1}`);
    raw.close();
    const reopened = await openDocket(path);
    expect((await reopened.project('doc').search('globex')).map((h) => h.ticket.title)).toEqual(['Invoice']);
    await reopened.close();
  });

  it('refuses a SQLite file that is not Docket’s', async () => {
    const raw = new Database(path);
    raw.exec('CREATE TABLE notes (body TEXT)');
    raw.close();
    await expect(openDocket(path)).rejects.toMatchObject({ code: 'storage', message: /not a Docket database/ });
  });
});

/** Takes a file back from the search-over-fields migration to the shape before it. */
const UNDO_SEARCH_FIELDS = `
  DROP TRIGGER tickets_fts_insert;
  DROP TRIGGER tickets_fts_delete;
  DROP TRIGGER tickets_fts_update;
  DROP TABLE tickets_fts;
  ALTER TABLE tickets DROP COLUMN fields_text;
  CREATE VIRTUAL TABLE tickets_fts USING fts5(
    title, description, content = 'tickets', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
  );
  INSERT INTO tickets_fts (tickets_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)');
  CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO tickets_fts (rowid, title, description) VALUES (new.id, new.title, new.description);
  END;
  CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN
    INSERT INTO tickets_fts (tickets_fts, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
  END;
  CREATE TRIGGER tickets_fts_update AFTER UPDATE OF title, description ON tickets BEGIN
    INSERT INTO tickets_fts (tickets_fts, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
    INSERT INTO tickets_fts (rowid, title, description) VALUES (new.id, new.title, new.description);
  END;
  INSERT INTO tickets_fts (tickets_fts) VALUES ('rebuild');
`;

/** Takes a file back from the planning migration (v5) to the shape before it. */
const UNDO_PLANNING = `
${UNDO_SEARCH_FIELDS}
  DROP TABLE milestones;
  DROP INDEX tickets_milestone;
  DROP INDEX tickets_due;
  DROP INDEX tickets_ready;
  CREATE INDEX tickets_ready ON tickets (project_id, priority_rank DESC, created_at, number) WHERE closed_at IS NULL;
  ALTER TABLE tickets DROP COLUMN due_at;
  ALTER TABLE tickets DROP COLUMN due_day;
  ALTER TABLE tickets DROP COLUMN estimate;
  ALTER TABLE tickets DROP COLUMN milestone;
  ALTER TABLE tickets DROP COLUMN fields;
`;

import { DocketError } from '../../domain/errors.js';
import type { SqliteDatabase } from './driver.js';

/** Marks a file as Docket's ("DOCK"), so other SQLite files are recognised and refused politely. */
export const APPLICATION_ID = 0x444f434b;

/** Versioned migrations; index i takes the schema from version i to i + 1. Never edit a shipped one. */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    schema_version INTEGER NOT NULL DEFAULT 1,
    schema TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE counters (
    project_id INTEGER PRIMARY KEY REFERENCES projects(id),
    last_number INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE entities (
    project_id INTEGER NOT NULL REFERENCES projects(id),
    slug TEXT NOT NULL COLLATE NOCASE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (project_id, slug)
  ) WITHOUT ROWID;
  CREATE TABLE categories (
    project_id INTEGER NOT NULL REFERENCES projects(id),
    slug TEXT NOT NULL COLLATE NOCASE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (project_id, slug)
  ) WITHOUT ROWID;
  CREATE TABLE tickets (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    number INTEGER NOT NULL,
    type TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    priority TEXT NOT NULL,
    priority_rank INTEGER NOT NULL,
    assignee TEXT,
    category TEXT,
    labels TEXT NOT NULL DEFAULT '[]',
    created_by TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    closed_at INTEGER,
    lease_until INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (project_id, number)
  );
  CREATE INDEX tickets_status ON tickets (project_id, status, number);
  CREATE INDEX tickets_assignee ON tickets (project_id, assignee, number);
  CREATE INDEX tickets_priority ON tickets (project_id, priority, number);
  CREATE INDEX tickets_category ON tickets (project_id, category, number);
  CREATE INDEX tickets_board ON tickets (project_id, type, status, priority_rank DESC, number);
  CREATE INDEX tickets_open ON tickets (project_id, number) WHERE closed_at IS NULL;
  CREATE INDEX tickets_ready ON tickets (project_id, priority_rank DESC, created_at, number) WHERE closed_at IS NULL;

  CREATE TABLE ticket_labels (
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    PRIMARY KEY (ticket_id, label)
  ) WITHOUT ROWID;
  CREATE INDEX ticket_labels_label ON ticket_labels (label, ticket_id);

  -- Per (type, status, assignee) counts kept by triggers: boards and counts stay O(groups) at any size.
  CREATE TABLE ticket_counts (
    project_id INTEGER NOT NULL,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    assignee TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (project_id, type, status, assignee)
  ) WITHOUT ROWID;
  CREATE TRIGGER tickets_count_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO ticket_counts (project_id, type, status, assignee, n)
      VALUES (new.project_id, new.type, new.status, coalesce(new.assignee, ''), 1)
      ON CONFLICT DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER tickets_count_update AFTER UPDATE OF type, status, assignee ON tickets
  WHEN old.type IS NOT new.type OR old.status IS NOT new.status OR old.assignee IS NOT new.assignee BEGIN
    UPDATE ticket_counts SET n = n - 1 WHERE project_id = old.project_id AND type = old.type
      AND status = old.status AND assignee = coalesce(old.assignee, '');
    INSERT INTO ticket_counts (project_id, type, status, assignee, n)
      VALUES (new.project_id, new.type, new.status, coalesce(new.assignee, ''), 1)
      ON CONFLICT DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER tickets_count_delete AFTER DELETE ON tickets BEGIN
    UPDATE ticket_counts SET n = n - 1 WHERE project_id = old.project_id AND type = old.type
      AND status = old.status AND assignee = coalesce(old.assignee, '');
  END;

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

  CREATE TABLE links (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    source_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    target_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    created_by TEXT,
    created_at INTEGER NOT NULL,
    UNIQUE (source_id, type, target_id)
  );
  CREATE INDEX links_target ON links (target_id, type);

  CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    author TEXT,
    body TEXT NOT NULL,
    status TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX comments_ticket ON comments (ticket_id, id);
  CREATE VIRTUAL TABLE comments_fts USING fts5(
    body, content = 'comments', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER comments_fts_insert AFTER INSERT ON comments BEGIN
    INSERT INTO comments_fts (rowid, body) VALUES (new.id, new.body);
  END;
  CREATE TRIGGER comments_fts_delete AFTER DELETE ON comments BEGIN
    INSERT INTO comments_fts (comments_fts, rowid, body) VALUES ('delete', old.id, old.body);
  END;

  CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    ticket_id INTEGER,
    kind TEXT NOT NULL,
    actor TEXT,
    at INTEGER NOT NULL
  );
  CREATE INDEX events_project ON events (project_id, id);

  CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    old TEXT,
    new TEXT,
    actor TEXT,
    at INTEGER NOT NULL
  );
  CREATE INDEX history_ticket ON history (ticket_id, id);
  CREATE INDEX history_event ON history (event_id);

  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL,
    at INTEGER NOT NULL,
    actor TEXT,
    kind TEXT NOT NULL,
    line TEXT NOT NULL
  );
  CREATE INDEX audit_log_project ON audit_log (project_id, id);
  CREATE INDEX audit_log_at ON audit_log (project_id, at);

  CREATE TABLE idempotency (
    project_id INTEGER NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    ticket_id INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (project_id, key)
  ) WITHOUT ROWID;
  `,
  `
  CREATE TABLE tokens (
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    hint TEXT NOT NULL,
    scope TEXT NOT NULL,
    entity TEXT,
    projects TEXT NOT NULL,
    note TEXT,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
  );
  `,
  `
  CREATE TABLE replies (
    key TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    reply TEXT,
    created_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX replies_created ON replies (created_at);
  `,
  // A label's rows carry their ticket's project and number (neither ever changes), so a page of a
  // rare label walks its index in number order and stops when the page is full (tickets.ts, labelPageSql).
  `
  CREATE TABLE ticket_labels_v4 (
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    project_id INTEGER NOT NULL,
    number INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, label)
  ) WITHOUT ROWID;
  INSERT INTO ticket_labels_v4 (ticket_id, label, project_id, number)
    SELECT l.ticket_id, l.label, t.project_id, t.number FROM ticket_labels l JOIN tickets t ON t.id = l.ticket_id;
  DROP TABLE ticket_labels;
  ALTER TABLE ticket_labels_v4 RENAME TO ticket_labels;
  CREATE INDEX ticket_labels_label ON ticket_labels (label, project_id, number);
  `,
  // Commits, branches and pull requests a ticket is referenced by (git integration, issue 17).
  `
  CREATE TABLE ticket_refs (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    subject TEXT,
    author TEXT,
    time INTEGER,
    branch TEXT,
    url TEXT,
    created_by TEXT,
    created_at INTEGER NOT NULL,
    UNIQUE (ticket_id, key)
  );
  CREATE INDEX ticket_refs_project ON ticket_refs (project_id, id);
  `,
  // Import references (#18): the source item each imported ticket came from, so a re-import updates it.
  `
  CREATE TABLE import_refs (
    project_id INTEGER NOT NULL,
    source TEXT NOT NULL,
    external_id TEXT NOT NULL,
    url TEXT,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    hash TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (project_id, source, external_id)
  ) WITHOUT ROWID;
  CREATE INDEX import_refs_ticket ON import_refs (ticket_id);
  `,
  // Webhook subscriptions and their delivery log (store/webhooks.ts); store-wide, keyed by project.
  `
  CREATE TABLE webhooks (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    url TEXT NOT NULL,
    kinds TEXT NOT NULL DEFAULT '[]',
    filter_type TEXT,
    filter_label TEXT,
    secret TEXT NOT NULL,
    format TEXT NOT NULL DEFAULT 'json',
    active INTEGER NOT NULL DEFAULT 1,
    paused_reason TEXT,
    cursor INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX webhooks_project ON webhooks (project_id, id);
  CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    webhook_id INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    event_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at INTEGER NOT NULL,
    lease_until INTEGER,
    lease_token TEXT,
    last_error TEXT,
    response_code INTEGER,
    last_at INTEGER,
    created_at INTEGER NOT NULL,
    UNIQUE (webhook_id, event_id)
  );
  CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_at);
  CREATE INDEX webhook_deliveries_queue ON webhook_deliveries (webhook_id, status, id);
  `,
  // Planning (#15): due dates, estimates, one milestone per ticket (its key, as categories are kept),
  // custom field values as JSON; ready work prefers the earlier due date within a priority.
  `
  ALTER TABLE tickets ADD COLUMN due_at INTEGER;
  ALTER TABLE tickets ADD COLUMN due_day INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE tickets ADD COLUMN estimate REAL;
  ALTER TABLE tickets ADD COLUMN milestone TEXT;
  ALTER TABLE tickets ADD COLUMN fields TEXT;
  CREATE INDEX tickets_milestone ON tickets (project_id, milestone, number);
  CREATE INDEX tickets_due ON tickets (project_id, due_at) WHERE closed_at IS NULL AND due_at IS NOT NULL;
  DROP INDEX tickets_ready;
  CREATE INDEX tickets_ready ON tickets (project_id, priority_rank DESC, coalesce(due_at, 9007199254740991), created_at, number)
    WHERE closed_at IS NULL;
  CREATE TABLE milestones (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    key TEXT NOT NULL COLLATE NOCASE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    due_at INTEGER,
    due_day INTEGER NOT NULL DEFAULT 0,
    closed_at INTEGER,
    created_at INTEGER NOT NULL,
    UNIQUE (project_id, key)
  );
  `,
  // Search over custom fields (#15): the text values of a ticket's fields (string, enum and date
  // fields) are a third indexed column, kept in tickets.fields_text for the index to read back. The
  // triggers keep the index in step in a fixed order (take the old row out, derive the text, put the
  // new row in); nothing watches fields_text itself, so deriving it sets off no other trigger.
  `
  DROP TRIGGER tickets_fts_insert;
  DROP TRIGGER tickets_fts_delete;
  DROP TRIGGER tickets_fts_update;
  DROP TABLE tickets_fts;
  ALTER TABLE tickets ADD COLUMN fields_text TEXT;
  UPDATE tickets SET fields_text = (SELECT group_concat(value, ' ') FROM json_each(tickets.fields) WHERE type = 'text') WHERE fields IS NOT NULL;
  CREATE VIRTUAL TABLE tickets_fts USING fts5(
    title, description, fields_text, content = 'tickets', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
  );
  INSERT INTO tickets_fts (tickets_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 1.0)');
  CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
    UPDATE tickets SET fields_text = (SELECT group_concat(value, ' ') FROM json_each(new.fields) WHERE type = 'text') WHERE id = new.id AND new.fields IS NOT NULL;
    INSERT INTO tickets_fts (rowid, title, description, fields_text)
      VALUES (new.id, new.title, new.description, (SELECT group_concat(value, ' ') FROM json_each(new.fields) WHERE type = 'text'));
  END;
  CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN
    INSERT INTO tickets_fts (tickets_fts, rowid, title, description, fields_text)
      VALUES ('delete', old.id, old.title, old.description, old.fields_text);
  END;
  CREATE TRIGGER tickets_fts_update AFTER UPDATE OF title, description, fields ON tickets BEGIN
    INSERT INTO tickets_fts (tickets_fts, rowid, title, description, fields_text)
      VALUES ('delete', old.id, old.title, old.description, old.fields_text);
    UPDATE tickets SET fields_text = (SELECT group_concat(value, ' ') FROM json_each(new.fields) WHERE type = 'text') WHERE id = new.id;
    INSERT INTO tickets_fts (rowid, title, description, fields_text)
      VALUES (new.id, new.title, new.description, (SELECT group_concat(value, ' ') FROM json_each(new.fields) WHERE type = 'text'));
  END;
  INSERT INTO tickets_fts (tickets_fts) VALUES ('rebuild');
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the file to the current schema inside one immediate transaction, or refuses it:
 * a newer Docket's file, a BlinkDesk database, or some other SQLite file.
 */
export function migrate(db: SqliteDatabase): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
  if (appId !== APPLICATION_ID && tables.n > 0) {
    const blinkdesk = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ticket_states'").get();
    throw new DocketError(
      'storage',
      blinkdesk
        ? `${db.name} is a BlinkDesk database; import it into a Docket database with: docket import --from blinkdesk ${db.name}`
        : `${db.name} is not a Docket database; pass a new or existing Docket file`,
      { path: db.name },
    );
  }
  if (version > SCHEMA_VERSION) {
    throw new DocketError(
      'storage',
      `${db.name} was written by a newer Docket (schema v${version}; this one knows up to v${SCHEMA_VERSION}): upgrade Docket to open it`,
      { path: db.name, version, supported: SCHEMA_VERSION },
    );
  }
  if (version === SCHEMA_VERSION) return;
  if (tables.n === 0) db.pragma('auto_vacuum = INCREMENTAL');
  db.exec('BEGIN IMMEDIATE');
  try {
    const current = db.pragma('user_version', { simple: true }) as number;
    for (let v = current; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    db.exec('COMMIT');
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}

// SQLite only: BlinkDesk, the tracker Docket imports from, keeps its data in a SQLite file, so only
// this backend has the driver to read one; a PostgreSQL store imports it through core all the same.
import { DocketError } from '../../../domain/errors.js';
import type {
  BlinkdeskActivityRow,
  BlinkdeskAuditRow,
  BlinkdeskSlugRow,
  BlinkdeskSource,
  BlinkdeskTicketRow,
} from '../../blinkdesk-source.js';
import type { SqliteDatabase } from '../driver.js';
import { APPLICATION_ID } from '../schema.js';

/** The schema version BlinkDesk 0.11 writes (`PRAGMA user_version`). */
export const BLINKDESK_USER_VERSION = 3;

/** Tables and the columns Docket reads from each; a file missing any of them is not BlinkDesk 0.11's. */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  entities: ['entity_id', 'slug'],
  ticket_states: ['state_id', 'slug'],
  ticket_priorities: ['priority_id', 'slug'],
  categories: ['category_id', 'slug'],
  state_transitions: ['from_state_id', 'to_state_id'],
  tickets: [
    'ticket_id',
    'title',
    'description',
    'state_id',
    'priority_id',
    'assignee_entity_id',
    'category_id',
    'created_at',
    'updated_at',
  ],
  ticket_logs: ['ticket_id', 'ticket_log_id', 'entity_id', 'action', 'details', 'created_at'],
  comments: ['ticket_id', 'comment_id', 'entity_id', 'comment', 'new_state_id', 'created_at'],
  config: ['key', 'value'],
  audit_logs: ['created_at', 'line'],
};

// Logs and comments as one stream; `src` orders a log before a comment written in the same instant.
const ACTIVITY = `
  SELECT * FROM (
    SELECT 0 AS src, l.ticket_id AS ticketId, l.ticket_log_id AS seq, l.entity_id AS entityId, l.action AS action,
           l.details AS details, NULL AS newStateId, CAST(l.created_at AS TEXT) AS createdAt
      FROM ticket_logs l JOIN tickets t ON t.ticket_id = l.ticket_id
    UNION ALL
    SELECT 1, c.ticket_id, c.comment_id, c.entity_id, 'comment', c.comment, c.new_state_id, CAST(c.created_at AS TEXT)
      FROM comments c JOIN tickets t ON t.ticket_id = c.ticket_id
  )`;
const ACTIVITY_ORDER = ' ORDER BY createdAt, src, ticketId, seq LIMIT ?';

/**
 * Reads a BlinkDesk 0.11 database (opened read-only by the caller) as raw rows, for
 * `docket import --from blinkdesk`. Refuses any other file with a message saying what it is.
 */
export class BlinkdeskReader implements BlinkdeskSource {
  private constructor(
    private readonly db: Pick<SqliteDatabase, 'prepare' | 'pragma'>,
    readonly path: string,
  ) {}

  static open(db: Pick<SqliteDatabase, 'prepare' | 'pragma'>, path: string): BlinkdeskReader {
    let version: number;
    let appId: number;
    let tables: Map<string, Set<string>>;
    try {
      version = db.pragma('user_version', { simple: true }) as number;
      appId = db.pragma('application_id', { simple: true }) as number;
      tables = new Map();
      for (const name of Object.keys(REQUIRED)) {
        const cols = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(name) as { name: string }[];
        if (cols.length) tables.set(name, new Set(cols.map((c) => c.name)));
      }
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
        throw new DocketError('validation', `${path} is not a SQLite database, so not a BlinkDesk one`, { path });
      }
      throw e;
    }
    if (appId === APPLICATION_ID) {
      throw new DocketError(
        'validation',
        `${path} is a Docket database, not a BlinkDesk one; open it with -d ${path}, or move a project over with docket export and docket import`,
        { path },
      );
    }
    const missing = Object.entries(REQUIRED).flatMap(([table, cols]) => {
      const have = tables.get(table);
      if (!have) return [table];
      return cols.filter((c) => !have.has(c)).map((c) => `${table}.${c}`);
    });
    if (!tables.has('ticket_states')) {
      throw new DocketError(
        'validation',
        `${path} is not a BlinkDesk database (it has no ticket_states table); pass the file BlinkDesk uses (bd -d FILE)`,
        { path },
      );
    }
    if (version !== BLINKDESK_USER_VERSION) {
      throw new DocketError(
        'unsupported',
        `${path} is a BlinkDesk database of schema version ${version}; Docket reads version ${BLINKDESK_USER_VERSION} (BlinkDesk 0.11): open it once with BlinkDesk 0.11 to upgrade it`,
        { path, version },
      );
    }
    if (missing.length) {
      throw new DocketError(
        'validation',
        `${path} looks like BlinkDesk's but lacks ${missing.slice(0, 5).join(', ')}; it may be damaged`,
        { path, missing },
      );
    }
    return new BlinkdeskReader(db, path);
  }

  private all<T>(sql: string, ...params: unknown[]): T[] {
    return this.db.prepare(sql).all(...params) as T[];
  }

  async states(): Promise<BlinkdeskSlugRow[]> {
    return this.all('SELECT state_id AS id, slug FROM ticket_states ORDER BY state_id');
  }
  async transitions(): Promise<{ from: number; to: number }[]> {
    return this.all(
      'SELECT from_state_id AS "from", to_state_id AS "to" FROM state_transitions ORDER BY from_state_id, to_state_id',
    );
  }
  async priorities(): Promise<BlinkdeskSlugRow[]> {
    return this.all('SELECT priority_id AS id, slug FROM ticket_priorities ORDER BY priority_id');
  }
  async entities(): Promise<BlinkdeskSlugRow[]> {
    return this.all('SELECT entity_id AS id, slug FROM entities ORDER BY entity_id');
  }
  async categories(): Promise<BlinkdeskSlugRow[]> {
    return this.all('SELECT category_id AS id, slug FROM categories ORDER BY category_id');
  }
  async config(): Promise<{ key: string; value: string }[]> {
    return this.all('SELECT key, CAST(value AS TEXT) AS value FROM config ORDER BY key');
  }
  async ticketCount(): Promise<number> {
    return this.all<{ n: number }>('SELECT count(*) AS n FROM tickets')[0]?.n ?? 0;
  }
  async tickets(afterId: number, limit: number): Promise<BlinkdeskTicketRow[]> {
    return this.all(
      `SELECT t.ticket_id AS id, CAST(t.title AS TEXT) AS title, t.description, t.state_id AS stateId,
              t.priority_id AS priorityId, t.assignee_entity_id AS assigneeId, t.category_id AS categoryId,
              CAST(t.created_at AS TEXT) AS createdAt, CAST(t.updated_at AS TEXT) AS updatedAt,
              (SELECT l.entity_id FROM ticket_logs l WHERE l.ticket_id = t.ticket_id AND l.action = 'created'
                ORDER BY l.ticket_log_id LIMIT 1) AS createdById,
              (SELECT count(*) FROM ticket_logs l WHERE l.ticket_id = t.ticket_id) AS logCount,
              (SELECT max(CAST(l.created_at AS TEXT)) FROM ticket_logs l
                WHERE l.ticket_id = t.ticket_id AND l.action = 'state_changed') AS lastStateChangeAt
         FROM tickets t WHERE t.ticket_id > ? ORDER BY t.ticket_id LIMIT ?`,
      afterId,
      limit,
    );
  }
  async activity(after: BlinkdeskActivityRow | null, limit: number): Promise<BlinkdeskActivityRow[]> {
    const rows =
      after === null
        ? this.all<Omit<BlinkdeskActivityRow, 'source'> & { src: number }>(ACTIVITY + ACTIVITY_ORDER, limit)
        : this.all<Omit<BlinkdeskActivityRow, 'source'> & { src: number }>(
            `${ACTIVITY} WHERE (createdAt, src, ticketId, seq) > (?, ?, ?, ?)${ACTIVITY_ORDER}`,
            after.createdAt,
            after.source === 'log' ? 0 : 1,
            after.ticketId,
            after.seq,
            limit,
          );
    return rows.map(({ src, ...r }) => ({ ...r, source: src === 0 ? 'log' : 'comment' }));
  }
  async audit(afterRowid: number, limit: number): Promise<BlinkdeskAuditRow[]> {
    return this.all(
      'SELECT rowid, CAST(created_at AS TEXT) AS createdAt, line FROM audit_logs WHERE rowid > ? ORDER BY rowid LIMIT ?',
      afterRowid,
      limit,
    );
  }
}

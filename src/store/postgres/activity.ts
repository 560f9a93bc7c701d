import type {
  ActivityWriter,
  AuditRecord,
  CommentRow,
  CommentsOf,
  EventRecord,
  HistoryRecord,
  HistoryRow,
  NewAudit,
  NewComment,
  NewEntry,
  NewEvent,
  NewHistory,
  Page,
} from '../activity.js';
import { ident, literal, type TxContext } from './statements.js';

// What happened to tickets: comments, events (the change feed), history rows and the audit log.
// An event's `id` in the contract is its feed position `seq` (see the events table in only/ddl.ts);
// history rows point at the internal id and are reported with the position. Methods that name only
// a ticket run in the schema of the project the transaction entered.

const RECORD =
  'WITH e AS (INSERT INTO events (project_id, ticket_id, kind, actor, at) VALUES ($1, $2, $3, $4, $5) RETURNING id), ' +
  'h AS (INSERT INTO history (event_id, ticket_id, field, old, new, actor, at) ' +
  'SELECT e.id, $2, f, o, n, $4, $5 FROM e, unnest($6::text[], $7::text[], $8::text[]) WITH ORDINALITY AS r(f, o, n, i) ORDER BY i), ' +
  'a AS (INSERT INTO audit_log (project_id, at, actor, kind, line) SELECT $1, $5, $4, $3, $9::text WHERE $9::text IS NOT NULL) ' +
  'SELECT id FROM e';

const COMMENT =
  'SELECT c.id, c.ticket_id AS "ticketId", t.number AS "ticketNumber", c.author, c.body, c.status, c.created_at AS "createdAt" ' +
  'FROM comments c JOIN tickets t ON t.id = c.ticket_id';
const HISTORY =
  'SELECT h.id, e.seq AS "eventId", h.ticket_id AS "ticketId", h.field, h.old, h.new, h.actor, h.at ' +
  'FROM history h JOIN events e ON e.id = h.event_id';

// The columns each table's rows fill when written in bulk (by COPY, see only/copy-buffer.ts).
const COMMENT_COLUMNS = ['id', 'ticket_id', 'author', 'body', 'status', 'created_at'];
const EVENT_COLUMNS = ['id', 'project_id', 'seq', 'ticket_id', 'kind', 'actor', 'at'];
const HISTORY_COLUMNS = ['event_id', 'ticket_id', 'field', 'old', 'new', 'actor', 'at'];
const AUDIT_COLUMNS = ['project_id', 'at', 'actor', 'kind', 'line'];

/** `LIMIT $n` when the page has a limit, with its value appended to `values`. */
function limitSql(page: Page, values: unknown[]): string {
  if (page.limit === undefined) return '';
  values.push(page.limit);
  return ` LIMIT $${values.length}`;
}

export class PostgresActivity implements ActivityWriter {
  constructor(private readonly cx: TxContext) {}

  async comments(of: CommentsOf, page: Page = {}): Promise<CommentRow[]> {
    const byTicket = 'ticketId' in of;
    if (!byTicket) await this.cx.enter(of.projectId);
    const values: unknown[] = [byTicket ? of.ticketId : of.projectId, page.after ?? 0];
    const where = byTicket ? 'c.ticket_id = $1' : 't.project_id = $1';
    return this.cx.s.all<CommentRow>(
      `${COMMENT} WHERE ${where} AND c.id > $2 ORDER BY c.id${limitSql(page, values)}`,
      ...values,
    );
  }

  async history(ticketId: number, page: Page = {}): Promise<HistoryRecord[]> {
    const values: unknown[] = [ticketId, page.after ?? 0];
    return this.cx.s.all<HistoryRecord>(
      `${HISTORY} WHERE h.ticket_id = $1 AND h.id > $2 ORDER BY h.id${limitSql(page, values)}`,
      ...values,
    );
  }

  /** Events are named by feed position, which is per project (as `events` reports them). */
  async historyOfEvents(projectId: number, eventIds: readonly number[]): Promise<HistoryRow[]> {
    if (!eventIds.length) return [];
    await this.cx.enter(projectId);
    return this.cx.s.all<HistoryRow>(
      'SELECT h.id, e.seq AS "eventId", h.ticket_id AS "ticketId", t.number AS "ticketNumber", h.field, h.old, h.new, h.actor, h.at ' +
        'FROM history h JOIN events e ON e.id = h.event_id JOIN tickets t ON t.id = h.ticket_id ' +
        'WHERE e.project_id = $1 AND e.seq = ANY($2::bigint[]) ORDER BY h.id',
      projectId,
      eventIds,
    );
  }

  async events(projectId: number, page: Page): Promise<EventRecord[]> {
    await this.cx.enter(projectId);
    const values: unknown[] = [projectId, page.after ?? 0];
    return this.cx.s.all<EventRecord>(
      'SELECT e.seq AS id, e.project_id AS "projectId", e.ticket_id AS "ticketId", t.number AS "ticketNumber", e.kind, e.actor, e.at ' +
        `FROM events e LEFT JOIN tickets t ON t.id = e.ticket_id WHERE e.project_id = $1 AND e.seq > $2 ORDER BY e.seq${limitSql(page, values)}`,
      ...values,
    );
  }

  async lastEventId(projectId: number): Promise<number> {
    const row = await this.cx.s.one<{ id: number }>(
      'SELECT last_seq AS id FROM event_clock WHERE project_id = $1',
      projectId,
    );
    return row?.id ?? 0;
  }

  async audit(projectId: number, page: Page): Promise<AuditRecord[]> {
    await this.cx.enter(projectId);
    const values: unknown[] = [projectId, page.after ?? 0];
    return this.cx.s.all<AuditRecord>(
      `SELECT id, at, actor, kind, line FROM audit_log WHERE project_id = $1 AND id > $2 ORDER BY id${limitSql(page, values)}`,
      ...values,
    );
  }

  async addComment(c: NewComment): Promise<number> {
    const bulk = this.cx.s.bulk;
    const project = this.cx.current;
    if (bulk && project !== undefined) {
      const schema = this.cx.schemaOf(project);
      const id = await bulk.nextId(schema, 'comments');
      await bulk.add(schema, 'comments', COMMENT_COLUMNS, [id, c.ticketId, c.author, c.body, c.status, c.at]);
      return id;
    }
    return this.cx.s.insert(
      'INSERT INTO comments (ticket_id, author, body, status, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      c.ticketId,
      c.author,
      c.body,
      c.status,
      c.at,
    );
  }

  /**
   * Inserts an event without a feed position; `placeSql` gives it one right after commit. In bulk,
   * into a project this transaction created, it takes the next position at once (`TxContext.created`).
   */
  async addEvent(e: NewEvent): Promise<number> {
    await this.cx.enter(e.projectId);
    this.cx.changed.add(e.projectId);
    const bulk = this.cx.s.bulk;
    if (bulk) {
      const schema = this.cx.schemaOf(e.projectId);
      const id = await bulk.nextId(schema, 'events');
      const seq = this.cx.created.has(e.projectId) ? this.cx.created.get(e.projectId)! + 1 : null;
      if (seq !== null) this.cx.created.set(e.projectId, seq);
      await bulk.add(schema, 'events', EVENT_COLUMNS, [id, e.projectId, seq, e.ticketId, e.kind, e.actor, e.at]);
      return id;
    }
    return this.cx.s.insert(
      'INSERT INTO events (project_id, ticket_id, kind, actor, at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      e.projectId,
      e.ticketId,
      e.kind,
      e.actor,
      e.at,
    );
  }

  async addHistory(h: NewHistory): Promise<void> {
    if (!h.changes.length) return;
    const bulk = this.cx.s.bulk;
    const project = this.cx.current;
    if (bulk && project !== undefined) {
      const schema = this.cx.schemaOf(project);
      for (const c of h.changes) {
        await bulk.add(schema, 'history', HISTORY_COLUMNS, [
          h.eventId,
          h.ticketId,
          c.field,
          c.old,
          c.new,
          h.actor,
          h.at,
        ]);
      }
      return;
    }
    await this.cx.s.run(
      'INSERT INTO history (event_id, ticket_id, field, old, new, actor, at) ' +
        'SELECT $1, $2, f, o, n, $6, $7 FROM unnest($3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS r(f, o, n, i) ORDER BY i',
      h.eventId,
      h.ticketId,
      h.changes.map((r) => r.field),
      h.changes.map((r) => r.old),
      h.changes.map((r) => r.new),
      h.actor,
      h.at,
    );
  }

  async addAudit(a: NewAudit): Promise<void> {
    await this.cx.enter(a.projectId);
    const bulk = this.cx.s.bulk;
    if (bulk) {
      const schema = this.cx.schemaOf(a.projectId);
      return bulk.add(schema, 'audit_log', AUDIT_COLUMNS, [a.projectId, a.at, a.actor, a.kind, a.line]);
    }
    await this.cx.s.run(
      'INSERT INTO audit_log (project_id, at, actor, kind, line) VALUES ($1, $2, $3, $4, $5)',
      a.projectId,
      a.at,
      a.actor,
      a.kind,
      a.line,
    );
  }

  /**
   * The event, its history rows and its audit line in one statement (one round trip instead of
   * three): data-modifying CTEs all run, in full, whether or not the outer query reads them.
   */
  async record(entry: NewEntry): Promise<number> {
    await this.cx.enter(entry.projectId);
    const changes = entry.ticketId === null ? [] : entry.changes;
    const id = await this.cx.s.insert(
      RECORD,
      entry.projectId,
      entry.ticketId,
      entry.kind,
      entry.actor,
      entry.at,
      changes.map((r) => r.field),
      changes.map((r) => r.old),
      changes.map((r) => r.new),
      entry.line,
    );
    this.cx.changed.add(entry.projectId);
    return id;
  }

  async pruneAudit(projectId: number, before: number): Promise<number> {
    await this.cx.enter(projectId);
    return this.cx.s.run('DELETE FROM audit_log WHERE project_id = $1 AND at < $2', projectId, before);
  }
}

/** The advisory-lock class that serializes handing out one project's feed positions (the project id is the key). */
export const FEED_LOCK = 0x444f434b;

/**
 * A transaction of its own, run right after a write commits, that gives every committed event of the
 * project still without a feed position the next positions, in id order. It takes the project's feed
 * lock first and then reads in a fresh snapshot, so it sees every write committed before it got the
 * lock: runs hand out positions one after another, each after all earlier ones, so a feed reading
 * "after N" never skips an event. Writes themselves no longer hold a project-wide row through their
 * commit (they used to, and a project's writes then committed one at a time). A run with nothing to
 * place changes no row, so it costs no WAL flush. Only numbers and names from the store are in the text.
 */
export function placeSql(main: string, schema: string, projectId: number): string {
  const events = `${ident(schema)}.events`;
  const id = Number(projectId);
  return (
    `BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(${FEED_LOCK}, ${id}); ` +
    `WITH mine AS (SELECT id, row_number() OVER (ORDER BY id) AS ord, count(*) OVER () AS n FROM ${events} ` +
    `WHERE project_id = ${id} AND seq IS NULL), ` +
    `clock AS (UPDATE ${ident(main)}.event_clock SET last_seq = last_seq + (SELECT count(*) FROM mine) ` +
    `WHERE project_id = ${id} AND EXISTS (SELECT 1 FROM mine) RETURNING last_seq) ` +
    `UPDATE ${events} e SET seq = clock.last_seq - mine.n + mine.ord FROM clock, mine WHERE e.id = mine.id; COMMIT; `
  );
}

export const notifySql = (channel: string, key: string) => `SELECT pg_notify(${literal(channel)}, ${literal(key)}); `;

import type { EventKind } from '../../domain/events.js';
import type { AuditRecord, CommentRecord, EventRecord, HistoryRecord } from '../store.js';
import { ident, literal, type Statements } from './statements.js';

// What happened to tickets: comments, events (the change feed), history rows and the audit log.
// An event's `id` in the contract is its feed position `seq` (see the events table in ddl.ts);
// history rows point at the internal id and are reported with the position.

const COMMENT = 'SELECT id, ticket_id AS "ticketId", author, body, status, created_at AS "createdAt" FROM comments';
const HISTORY =
  'SELECT h.id, e.seq AS "eventId", h.ticket_id AS "ticketId", h.field, h.old, h.new, h.actor, h.at ' +
  'FROM history h JOIN events e ON e.id = h.event_id';

export function comments(s: Statements, ticketId: number, afterId = 0, limit?: number): Promise<CommentRecord[]> {
  return limit === undefined
    ? s.all<CommentRecord>(`${COMMENT} WHERE ticket_id = $1 AND id > $2 ORDER BY id`, ticketId, afterId)
    : s.all<CommentRecord>(
        `${COMMENT} WHERE ticket_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
        ticketId,
        afterId,
        limit,
      );
}

export function history(s: Statements, ticketId: number, afterId: number, limit: number): Promise<HistoryRecord[]> {
  return s.all<HistoryRecord>(
    `${HISTORY} WHERE h.ticket_id = $1 AND h.id > $2 ORDER BY h.id LIMIT $3`,
    ticketId,
    afterId,
    limit,
  );
}

/** History of the events at these feed positions of one project. */
export async function historyForEvents(
  s: Statements,
  projectId: number | null,
  positions: readonly number[],
): Promise<HistoryRecord[]> {
  if (!positions.length) return [];
  return s.all<HistoryRecord>(
    `${HISTORY} WHERE e.project_id = $1 AND e.seq = ANY($2::bigint[]) ORDER BY h.id`,
    projectId,
    positions,
  );
}

export function events(s: Statements, projectId: number, after: number, limit: number): Promise<EventRecord[]> {
  return s.all<EventRecord>(
    'SELECT e.seq AS id, e.project_id AS "projectId", e.ticket_id AS "ticketId", t.number AS "ticketNumber", e.kind, e.actor, e.at ' +
      'FROM events e LEFT JOIN tickets t ON t.id = e.ticket_id WHERE e.project_id = $1 AND e.seq > $2 ORDER BY e.seq LIMIT $3',
    projectId,
    after,
    limit,
  );
}

export async function lastEventId(s: Statements, projectId: number): Promise<number> {
  const row = await s.one<{ id: number }>('SELECT last_seq AS id FROM event_clock WHERE project_id = $1', projectId);
  return row?.id ?? 0;
}

/** Inserts an event without a feed position; `sequenceSql` gives it one just before commit. */
export function insertEvent(
  s: Statements,
  projectId: number,
  ticketId: number | null,
  kind: EventKind,
  actor: string | null,
  at: number,
): Promise<number> {
  return s.insert(
    'INSERT INTO events (project_id, ticket_id, kind, actor, at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    projectId,
    ticketId,
    kind,
    actor,
    at,
  );
}

/**
 * The statement that gives a project's new events (this transaction's: others' are invisible to it)
 * the next feed positions, taking the project's event_clock row. Run as the last step before COMMIT,
 * it holds that lock only through the commit, so positions follow commit order and no deadlock can
 * form around it. Only numbers and names from the store are put in the text.
 */
export function sequenceSql(main: string, schema: string, projectId: number): string {
  const events = `${ident(schema)}.events`;
  const id = Number(projectId);
  return (
    `WITH mine AS (SELECT id, row_number() OVER (ORDER BY id) AS ord, count(*) OVER () AS n FROM ${events} ` +
    `WHERE project_id = ${id} AND seq IS NULL), ` +
    `clock AS (UPDATE ${ident(main)}.event_clock SET last_seq = last_seq + (SELECT count(*) FROM mine) ` +
    `WHERE project_id = ${id} RETURNING last_seq) ` +
    `UPDATE ${events} e SET seq = clock.last_seq - mine.n + mine.ord FROM clock, mine WHERE e.id = mine.id; `
  );
}

export const notifySql = (channel: string, key: string) => `SELECT pg_notify(${literal(channel)}, ${literal(key)}); `;

export async function insertHistory(
  s: Statements,
  eventId: number,
  ticketId: number,
  rows: readonly { field: string; old: string | null; new: string | null }[],
  actor: string | null,
  at: number,
): Promise<void> {
  if (!rows.length) return;
  await s.run(
    'INSERT INTO history (event_id, ticket_id, field, old, new, actor, at) ' +
      'SELECT $1, $2, f, o, n, $6, $7 FROM unnest($3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS r(f, o, n, i) ORDER BY i',
    eventId,
    ticketId,
    rows.map((r) => r.field),
    rows.map((r) => r.old),
    rows.map((r) => r.new),
    actor,
    at,
  );
}

export function insertComment(
  s: Statements,
  ticketId: number,
  author: string | null,
  body: string,
  status: string | null,
  at: number,
): Promise<number> {
  return s.insert(
    'INSERT INTO comments (ticket_id, author, body, status, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    ticketId,
    author,
    body,
    status,
    at,
  );
}

export function audit(s: Statements, projectId: number, afterId: number, limit: number): Promise<AuditRecord[]> {
  return s.all<AuditRecord>(
    'SELECT id, at, actor, kind, line FROM audit_log WHERE project_id = $1 AND id > $2 ORDER BY id LIMIT $3',
    projectId,
    afterId,
    limit,
  );
}

export async function insertAudit(
  s: Statements,
  projectId: number,
  kind: string,
  actor: string | null,
  line: string,
  at: number,
): Promise<void> {
  await s.run(
    'INSERT INTO audit_log (project_id, at, actor, kind, line) VALUES ($1, $2, $3, $4, $5)',
    projectId,
    at,
    actor,
    kind,
    line,
  );
}

export function pruneAudit(s: Statements, projectId: number, before: number): Promise<number> {
  return s.run('DELETE FROM audit_log WHERE project_id = $1 AND at < $2', projectId, before);
}

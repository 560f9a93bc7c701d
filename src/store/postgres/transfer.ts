import type { CommentRow, HistoryRow, IdempotencyRow, LinkRow } from '../store.js';
import type { Statements } from './statements.js';

// Whole-project pages for export, and the restore path for import: rows come back as stored,
// with tickets named by number so an export never depends on this database's row ids.

export async function lastNumber(s: Statements, projectId: number): Promise<number> {
  return (await s.one<{ n: number }>('SELECT last_number AS n FROM counters WHERE project_id = $1', projectId))?.n ?? 0;
}

export async function maxNumber(s: Statements, projectId: number): Promise<number> {
  const row = await s.one<{ n: number | null }>(
    'SELECT max(number) AS n FROM tickets WHERE project_id = $1',
    projectId,
  );
  return row?.n ?? 0;
}

export async function setLastNumber(s: Statements, projectId: number, last: number): Promise<void> {
  await s.run(
    'INSERT INTO counters (project_id, last_number) VALUES ($1, $2) ON CONFLICT (project_id) DO UPDATE SET last_number = excluded.last_number',
    projectId,
    last,
  );
}

export function commentPage(s: Statements, projectId: number, afterId: number, limit: number): Promise<CommentRow[]> {
  return s.all<CommentRow>(
    'SELECT c.id, c.ticket_id AS "ticketId", t.number AS "ticketNumber", c.author, c.body, c.status, c.created_at AS "createdAt" ' +
      'FROM comments c JOIN tickets t ON t.id = c.ticket_id WHERE t.project_id = $1 AND c.id > $2 ORDER BY c.id LIMIT $3',
    projectId,
    afterId,
    limit,
  );
}

export function linkPage(s: Statements, projectId: number, afterId: number, limit: number): Promise<LinkRow[]> {
  return s.all<LinkRow>(
    'SELECT l.id, l.type, a.number AS "sourceNumber", b.number AS "targetNumber", l.created_by AS "createdBy", l.created_at AS "createdAt" ' +
      'FROM links l JOIN tickets a ON a.id = l.source_id JOIN tickets b ON b.id = l.target_id ' +
      'WHERE l.project_id = $1 AND l.id > $2 ORDER BY l.id LIMIT $3',
    projectId,
    afterId,
    limit,
  );
}

/** History of events named by feed position (per project, like `events` reports them). */
export async function historyOfEvents(
  s: Statements,
  projectId: number | null,
  eventIds: readonly number[],
): Promise<HistoryRow[]> {
  if (!eventIds.length) return [];
  return s.all<HistoryRow>(
    'SELECT h.id, e.seq AS "eventId", h.ticket_id AS "ticketId", t.number AS "ticketNumber", h.field, h.old, h.new, h.actor, h.at ' +
      'FROM history h JOIN events e ON e.id = h.event_id JOIN tickets t ON t.id = h.ticket_id ' +
      'WHERE e.project_id = $1 AND e.seq = ANY($2::bigint[]) ORDER BY h.id',
    projectId,
    eventIds,
  );
}

export function idempotencyPage(
  s: Statements,
  projectId: number,
  afterKey: string,
  limit: number,
): Promise<IdempotencyRow[]> {
  return s.all<IdempotencyRow>(
    'SELECT i.key, i.request_hash AS "requestHash", t.number AS "ticketNumber", i.created_at AS "createdAt" ' +
      'FROM idempotency i JOIN tickets t ON t.id = i.ticket_id WHERE i.project_id = $1 AND i.key > $2 ORDER BY i.key LIMIT $3',
    projectId,
    afterKey,
    limit,
  );
}

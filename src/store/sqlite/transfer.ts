import type { CommentRow, HistoryRow, IdempotencyRow, LinkRow } from '../store.js';
import type { Statements } from './statements.js';

// Whole-project pages for export, and the restore path for import: rows come back as stored,
// with tickets named by number so an export never depends on this file's row ids.

export function lastNumber(s: Statements, projectId: number): number {
  return s.one<{ n: number }>('SELECT last_number AS n FROM counters WHERE project_id = ?', projectId)?.n ?? 0;
}

export function maxNumber(s: Statements, projectId: number): number {
  return s.one<{ n: number | null }>('SELECT max(number) AS n FROM tickets WHERE project_id = ?', projectId)?.n ?? 0;
}

export function setLastNumber(s: Statements, projectId: number, last: number): void {
  s.run(
    'INSERT INTO counters (project_id, last_number) VALUES (?, ?) ON CONFLICT DO UPDATE SET last_number = excluded.last_number',
    projectId,
    last,
  );
}

export function commentPage(s: Statements, projectId: number, afterId: number, limit: number): CommentRow[] {
  return s.all<CommentRow>(
    'SELECT c.id, c.ticket_id AS ticketId, t.number AS ticketNumber, c.author, c.body, c.status, c.created_at AS createdAt ' +
      'FROM comments c JOIN tickets t ON t.id = c.ticket_id WHERE t.project_id = ? AND c.id > ? ORDER BY c.id LIMIT ?',
    projectId,
    afterId,
    limit,
  );
}

export function linkPage(s: Statements, projectId: number, afterId: number, limit: number): LinkRow[] {
  return s.all<LinkRow>(
    'SELECT l.id, l.type, a.number AS sourceNumber, b.number AS targetNumber, l.created_by AS createdBy, l.created_at AS createdAt ' +
      'FROM links l JOIN tickets a ON a.id = l.source_id JOIN tickets b ON b.id = l.target_id ' +
      'WHERE l.project_id = ? AND l.id > ? ORDER BY l.id LIMIT ?',
    projectId,
    afterId,
    limit,
  );
}

export function historyOfEvents(s: Statements, eventIds: readonly number[]): HistoryRow[] {
  if (!eventIds.length) return [];
  return s.all<HistoryRow>(
    'SELECT h.id, h.event_id AS eventId, h.ticket_id AS ticketId, t.number AS ticketNumber, h.field, h.old, h.new, h.actor, h.at ' +
      `FROM history h JOIN tickets t ON t.id = h.ticket_id WHERE h.event_id IN (${eventIds.map(() => '?').join(', ')}) ORDER BY h.id`,
    ...eventIds,
  );
}

export function idempotencyPage(s: Statements, projectId: number, afterKey: string, limit: number): IdempotencyRow[] {
  return s.all<IdempotencyRow>(
    'SELECT i.key, i.request_hash AS requestHash, t.number AS ticketNumber, i.created_at AS createdAt ' +
      'FROM idempotency i JOIN tickets t ON t.id = i.ticket_id WHERE i.project_id = ? AND i.key > ? ORDER BY i.key LIMIT ?',
    projectId,
    afterKey,
    limit,
  );
}

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
import { limitOf, placeholders, type Statements } from './statements.js';

const COMMENT =
  'SELECT c.id, c.ticket_id AS ticketId, t.number AS ticketNumber, c.author, c.body, c.status, c.created_at AS createdAt ' +
  'FROM comments c JOIN tickets t ON t.id = c.ticket_id';
const HISTORY = 'SELECT id, event_id AS eventId, ticket_id AS ticketId, field, old, new, actor, at FROM history';

/**
 * Comments, the event feed, history rows and the audit log. Every page is in id order after
 * `page.after`; a page without a limit binds -1, which SQLite reads as none, so each query is one
 * cached statement whatever the page.
 */
export class SqliteActivity implements ActivityWriter {
  constructor(private readonly s: Statements) {}

  async comments(of: CommentsOf, page: Page = {}): Promise<CommentRow[]> {
    const [where, id] = 'ticketId' in of ? ['c.ticket_id', of.ticketId] : ['t.project_id', of.projectId];
    return this.s.all<CommentRow>(
      `${COMMENT} WHERE ${where} = ? AND c.id > ? ORDER BY c.id LIMIT ?`,
      id,
      page.after ?? 0,
      limitOf(page.limit),
    );
  }

  async history(ticketId: number, page: Page = {}): Promise<HistoryRecord[]> {
    return this.s.all<HistoryRecord>(
      `${HISTORY} WHERE ticket_id = ? AND id > ? ORDER BY id LIMIT ?`,
      ticketId,
      page.after ?? 0,
      limitOf(page.limit),
    );
  }

  async historyOfEvents(projectId: number, eventIds: readonly number[]): Promise<HistoryRow[]> {
    if (!eventIds.length) return [];
    return this.s.all<HistoryRow>(
      'SELECT h.id, h.event_id AS eventId, h.ticket_id AS ticketId, t.number AS ticketNumber, h.field, h.old, h.new, h.actor, h.at ' +
        `FROM history h JOIN tickets t ON t.id = h.ticket_id WHERE h.event_id IN (${placeholders(eventIds.length)}) ` +
        'AND t.project_id = ? ORDER BY h.id',
      ...eventIds,
      projectId,
    );
  }

  async events(projectId: number, page: Page): Promise<EventRecord[]> {
    return this.s.all<EventRecord>(
      'SELECT e.id, e.project_id AS projectId, e.ticket_id AS ticketId, t.number AS ticketNumber, e.kind, e.actor, e.at ' +
        'FROM events e LEFT JOIN tickets t ON t.id = e.ticket_id WHERE e.project_id = ? AND e.id > ? ORDER BY e.id LIMIT ?',
      projectId,
      page.after ?? 0,
      limitOf(page.limit),
    );
  }

  async lastEventId(projectId: number): Promise<number> {
    return (
      this.s.one<{ id: number | null }>('SELECT max(id) AS id FROM events WHERE project_id = ?', projectId)?.id ?? 0
    );
  }

  async audit(projectId: number, page: Page): Promise<AuditRecord[]> {
    return this.s.all<AuditRecord>(
      'SELECT id, at, actor, kind, line FROM audit_log WHERE project_id = ? AND id > ? ORDER BY id LIMIT ?',
      projectId,
      page.after ?? 0,
      limitOf(page.limit),
    );
  }

  async addComment(comment: NewComment): Promise<number> {
    return this.s.insert(
      'INSERT INTO comments (ticket_id, author, body, status, created_at) VALUES (?, ?, ?, ?, ?)',
      comment.ticketId,
      comment.author,
      comment.body,
      comment.status,
      comment.at,
    );
  }

  async addEvent(event: NewEvent): Promise<number> {
    return this.s.insert(
      'INSERT INTO events (project_id, ticket_id, kind, actor, at) VALUES (?, ?, ?, ?, ?)',
      event.projectId,
      event.ticketId,
      event.kind,
      event.actor,
      event.at,
    );
  }

  async addHistory(history: NewHistory): Promise<void> {
    const { eventId, ticketId, actor, at } = history;
    const sql = 'INSERT INTO history (event_id, ticket_id, field, old, new, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)';
    for (const c of history.changes) this.s.run(sql, eventId, ticketId, c.field, c.old, c.new, actor, at);
  }

  async addAudit(line: NewAudit): Promise<void> {
    this.s.run(
      'INSERT INTO audit_log (project_id, at, actor, kind, line) VALUES (?, ?, ?, ?, ?)',
      line.projectId,
      line.at,
      line.actor,
      line.kind,
      line.line,
    );
  }

  /** In process there is no round trip to save: the three writes as they are. */
  async record(entry: NewEntry): Promise<number> {
    const { changes, line, ...event } = entry;
    const eventId = await this.addEvent(event);
    if (event.ticketId !== null && changes.length) {
      await this.addHistory({ eventId, ticketId: event.ticketId, changes, actor: event.actor, at: event.at });
    }
    if (line !== null)
      await this.addAudit({ projectId: event.projectId, kind: event.kind, actor: event.actor, line, at: event.at });
    return eventId;
  }

  async pruneAudit(projectId: number, before: number): Promise<number> {
    return this.s.run('DELETE FROM audit_log WHERE project_id = ? AND at < ?', projectId, before).changes;
  }
}

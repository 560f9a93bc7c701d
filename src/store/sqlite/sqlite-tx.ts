import type { EventKind } from '../../domain/events.js';
import type { LinkType } from '../../domain/links.js';
import type { EntityKind } from '../../domain/records.js';
import type { SearchQuery } from '../../domain/search-query.js';
import {
  type AuditRecord,
  type CategoryRecord,
  type CommentRecord,
  type CountRow,
  type EntityRecord,
  type EventRecord,
  type HistoryRecord,
  type HistoryTarget,
  type LinkEndRow,
  type LinkRecord,
  type ListSpec,
  type NewTicket,
  type ProjectRecord,
  type ReadySpec,
  type SearchHit,
  type StatusCountRow,
  type StoreTx,
  type TicketFilterSpec,
  type TicketPatch,
  type TicketRecord,
  type TokenRecord,
  type TokenRow,
  toLinkRecord,
} from '../store.js';
import type {
  CommentRow,
  CrossProjectLink,
  HistoryRow,
  IdempotencyRow,
  LinkRow,
  ReplyRecord,
  StaleDerived,
  TallyRow,
} from '../store.js';
import { searchTickets } from './search.js';
import type { Statements } from './statements.js';
import * as replies from './replies.js';
import * as tickets from './tickets.js';
import * as transfer from './transfer.js';
import * as upkeep from './upkeep.js';

const PROJECT = 'SELECT id, key, name, schema_version AS schemaVersion, created_at AS createdAt FROM projects';
const HISTORY = 'SELECT id, event_id AS eventId, ticket_id AS ticketId, field, old, new, actor, at FROM history';
const TOKEN =
  'SELECT id, hint, scope, entity, projects, note, created_at AS createdAt, revoked_at AS revokedAt FROM tokens';
/** A token row with its project list read back from JSON text. */
const toToken = <R extends { projects: string }>(r: R): Omit<R, 'projects'> & { projects: string[] } => ({
  ...r,
  projects: JSON.parse(r.projects) as string[],
});
const COLUMN: Readonly<Record<string, string>> = {
  status: 'status',
  priority: 'priority',
  category: 'category',
  assignee: 'assignee',
  type: 'type',
};

/** The SQLite side of the store contract; every method runs inside the transaction SqliteStore opened. */
export class SqliteTx implements StoreTx {
  constructor(private readonly s: Statements) {}

  async projectByKey(key: string): Promise<ProjectRecord | undefined> {
    return this.s.one<ProjectRecord>(`${PROJECT} WHERE key = ?`, key);
  }
  async projects(): Promise<ProjectRecord[]> {
    return this.s.all<ProjectRecord>(`${PROJECT} ORDER BY key`);
  }
  async projectSchema(projectId: number): Promise<string> {
    return this.s.one<{ schema: string }>('SELECT schema FROM projects WHERE id = ?', projectId)?.schema ?? '{}';
  }
  async insertProject(key: string, name: string, schemaJson: string, at: number): Promise<number> {
    const id = this.s.insert(
      'INSERT INTO projects (key, name, schema, created_at) VALUES (?, ?, ?, ?)',
      key,
      name,
      schemaJson,
      at,
    );
    this.s.run('INSERT INTO counters (project_id, last_number) VALUES (?, 0)', id);
    return id;
  }
  async saveProjectSchema(projectId: number, schemaJson: string): Promise<void> {
    this.s.run(
      'UPDATE projects SET schema = ?, schema_version = schema_version + 1 WHERE id = ?',
      schemaJson,
      projectId,
    );
  }
  async nextNumber(projectId: number): Promise<number> {
    const row = this.s.one<{ n: number }>(
      'UPDATE counters SET last_number = last_number + 1 WHERE project_id = ? RETURNING last_number AS n',
      projectId,
    );
    return row!.n;
  }

  async ticket(projectId: number, number: number): Promise<TicketRecord | undefined> {
    return tickets.getTicket(this.s, projectId, number);
  }
  async ticketsByIds(ids: readonly number[]): Promise<TicketRecord[]> {
    return tickets.ticketsByIds(this.s, ids);
  }
  async listTickets(projectId: number, spec: ListSpec): Promise<TicketRecord[]> {
    return tickets.listTickets(this.s, projectId, spec);
  }
  async ready(projectId: number, spec: ReadySpec): Promise<TicketRecord[]> {
    return tickets.readyTickets(this.s, projectId, spec);
  }
  async search(
    projectId: number,
    query: SearchQuery,
    filter: TicketFilterSpec,
    limit: number,
    includeComments: boolean,
  ): Promise<SearchHit[]> {
    return searchTickets(this.s, projectId, query, filter, limit, includeComments);
  }
  async countByAssignee(projectId: number, statuses?: readonly string[]): Promise<CountRow[]> {
    const params: unknown[] = [projectId];
    let sql = 'SELECT assignee AS key, sum(n) AS count FROM ticket_counts WHERE project_id = ?';
    if (statuses?.length) {
      sql += ` AND status IN (${statuses.map(() => '?').join(', ')})`;
      params.push(...statuses);
    }
    sql += ' GROUP BY assignee HAVING sum(n) > 0 ORDER BY count DESC, key';
    return this.s.all<CountRow>(sql, ...params).map((r) => ({ key: r.key === '' ? null : r.key, count: r.count }));
  }
  async countByStatus(projectId: number, types?: readonly string[]): Promise<StatusCountRow[]> {
    const params: unknown[] = [projectId];
    let sql = 'SELECT type, status, sum(n) AS count FROM ticket_counts WHERE project_id = ?';
    if (types?.length) {
      sql += ` AND type IN (${types.map(() => '?').join(', ')})`;
      params.push(...types);
    }
    sql += ' GROUP BY type, status HAVING sum(n) > 0';
    return this.s.all<StatusCountRow>(sql, ...params);
  }
  async usage(projectId: number, column: string, value: string, type?: string): Promise<number> {
    const col = COLUMN[column]!;
    const typed = type === undefined ? '' : ' AND type = ?';
    const params = type === undefined ? [projectId, value] : [projectId, value, type];
    return this.s.one<{ n: number }>(
      `SELECT count(*) AS n FROM tickets WHERE project_id = ? AND ${col} = ?${typed}`,
      ...params,
    )!.n;
  }
  async labels(projectId: number): Promise<CountRow[]> {
    return this.s.all<CountRow>(
      'SELECT l.label AS key, count(*) AS count FROM ticket_labels l JOIN tickets t ON t.id = l.ticket_id WHERE t.project_id = ? GROUP BY l.label ORDER BY count DESC, key',
      projectId,
    );
  }

  async links(ticketId: number): Promise<LinkRecord[]> {
    const rows = this.s.all<LinkEndRow>(
      'SELECT l.id, l.type, l.source_id AS sourceId, l.target_id AS targetId, o.id AS oid, o.number, o.title, o.status, o.closed_at AS closedAt ' +
        'FROM links l JOIN tickets o ON o.id = CASE WHEN l.source_id = ? THEN l.target_id ELSE l.source_id END ' +
        'WHERE l.source_id = ? OR l.target_id = ? ORDER BY l.id',
      ticketId,
      ticketId,
      ticketId,
    );
    return rows.map((r) => toLinkRecord(r, ticketId));
  }
  async link(projectId: number, linkId: number) {
    return this.s.one<{ id: number; type: LinkType; sourceId: number; targetId: number }>(
      'SELECT id, type, source_id AS sourceId, target_id AS targetId FROM links WHERE project_id = ? AND id = ?',
      projectId,
      linkId,
    );
  }
  async findLink(sourceId: number, targetId: number, type: LinkType): Promise<number | undefined> {
    return this.s.one<{ id: number }>(
      'SELECT id FROM links WHERE source_id = ? AND target_id = ? AND type = ?',
      sourceId,
      targetId,
      type,
    )?.id;
  }
  async reachable(type: LinkType, from: number, to: number): Promise<boolean> {
    const row = this.s.one(
      'WITH RECURSIVE walk(id) AS (SELECT ? UNION SELECT l.target_id FROM links l JOIN walk w ON l.source_id = w.id WHERE l.type = ?) ' +
        'SELECT 1 FROM walk WHERE id = ? LIMIT 1',
      from,
      type,
      to,
    );
    return row !== undefined;
  }
  async incomingCount(targetId: number, type: LinkType): Promise<number> {
    return this.s.one<{ n: number }>(
      'SELECT count(*) AS n FROM links WHERE target_id = ? AND type = ?',
      targetId,
      type,
    )!.n;
  }
  async openBlockers(ticketId: number): Promise<number> {
    return this.s.one<{ n: number }>(
      "SELECT count(*) AS n FROM links l JOIN tickets b ON b.id = l.source_id WHERE l.target_id = ? AND l.type = 'blocks' AND b.closed_at IS NULL",
      ticketId,
    )!.n;
  }

  async comments(ticketId: number): Promise<CommentRecord[]> {
    return this.s.all<CommentRecord>(
      'SELECT id, ticket_id AS ticketId, author, body, status, created_at AS createdAt FROM comments WHERE ticket_id = ? ORDER BY id',
      ticketId,
    );
  }
  async history(ticketId: number, limit: number): Promise<HistoryRecord[]> {
    return this.s.all<HistoryRecord>(`${HISTORY} WHERE ticket_id = ? ORDER BY id LIMIT ?`, ticketId, limit);
  }
  async events(projectId: number, afterId: number, limit: number): Promise<EventRecord[]> {
    return this.s.all<EventRecord>(
      'SELECT e.id, e.project_id AS projectId, e.ticket_id AS ticketId, t.number AS ticketNumber, e.kind, e.actor, e.at ' +
        'FROM events e LEFT JOIN tickets t ON t.id = e.ticket_id WHERE e.project_id = ? AND e.id > ? ORDER BY e.id LIMIT ?',
      projectId,
      afterId,
      limit,
    );
  }
  async lastEventId(projectId: number): Promise<number> {
    return (
      this.s.one<{ id: number | null }>('SELECT max(id) AS id FROM events WHERE project_id = ?', projectId)?.id ?? 0
    );
  }
  async historyForEvents(eventIds: readonly number[]): Promise<HistoryRecord[]> {
    if (!eventIds.length) return [];
    return this.s.all<HistoryRecord>(
      `${HISTORY} WHERE event_id IN (${eventIds.map(() => '?').join(', ')}) ORDER BY id`,
      ...eventIds,
    );
  }

  async entities(projectId: number): Promise<EntityRecord[]> {
    return this.s.all<EntityRecord>(
      'SELECT slug, name, kind, created_at AS createdAt FROM entities WHERE project_id = ? ORDER BY slug',
      projectId,
    );
  }
  async entity(projectId: number, slug: string): Promise<EntityRecord | undefined> {
    return this.s.one<EntityRecord>(
      'SELECT slug, name, kind, created_at AS createdAt FROM entities WHERE project_id = ? AND slug = ?',
      projectId,
      slug,
    );
  }
  async categories(projectId: number): Promise<CategoryRecord[]> {
    return this.s.all<CategoryRecord>(
      'SELECT slug, created_at AS createdAt FROM categories WHERE project_id = ? ORDER BY slug',
      projectId,
    );
  }
  async category(projectId: number, slug: string): Promise<CategoryRecord | undefined> {
    return this.s.one<CategoryRecord>(
      'SELECT slug, created_at AS createdAt FROM categories WHERE project_id = ? AND slug = ?',
      projectId,
      slug,
    );
  }
  async idempotent(projectId: number, key: string) {
    return this.s.one<{ requestHash: string; ticketId: number }>(
      'SELECT request_hash AS requestHash, ticket_id AS ticketId FROM idempotency WHERE project_id = ? AND key = ?',
      projectId,
      key,
    );
  }
  async audit(projectId: number, afterId: number, limit: number): Promise<AuditRecord[]> {
    return this.s.all<AuditRecord>(
      'SELECT id, at, actor, kind, line FROM audit_log WHERE project_id = ? AND id > ? ORDER BY id LIMIT ?',
      projectId,
      afterId,
      limit,
    );
  }

  async insertTicket(ticket: NewTicket): Promise<number> {
    return tickets.insertTicket(this.s, ticket);
  }
  async updateTicket(ticketId: number, patch: TicketPatch, at: number): Promise<number> {
    return tickets.updateTicket(this.s, ticketId, patch, at);
  }
  async replaceValue(
    projectId: number,
    column: 'status' | 'priority' | 'category' | 'assignee',
    from: string,
    to: string | null,
    history: HistoryTarget,
    type?: string,
  ): Promise<number> {
    return tickets.replaceValue(this.s, projectId, column, from, to, history, type);
  }
  async rerankPriorities(projectId: number, ranks: ReadonlyMap<string, number>): Promise<void> {
    for (const [priority, rank] of ranks) {
      this.s.run(
        'UPDATE tickets SET priority_rank = ? WHERE project_id = ? AND priority = ? AND priority_rank != ?',
        rank,
        projectId,
        priority,
        rank,
      );
    }
  }
  async insertLink(
    projectId: number,
    sourceId: number,
    targetId: number,
    type: LinkType,
    actor: string | null,
    at: number,
  ): Promise<number> {
    return this.s.insert(
      'INSERT INTO links (project_id, source_id, target_id, type, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      projectId,
      sourceId,
      targetId,
      type,
      actor,
      at,
    );
  }
  async deleteLink(linkId: number): Promise<void> {
    this.s.run('DELETE FROM links WHERE id = ?', linkId);
  }
  async insertComment(ticketId: number, author: string | null, body: string, status: string | null, at: number) {
    return this.s.insert(
      'INSERT INTO comments (ticket_id, author, body, status, created_at) VALUES (?, ?, ?, ?, ?)',
      ticketId,
      author,
      body,
      status,
      at,
    );
  }
  async insertEvent(projectId: number, ticketId: number | null, kind: EventKind, actor: string | null, at: number) {
    return this.s.insert(
      'INSERT INTO events (project_id, ticket_id, kind, actor, at) VALUES (?, ?, ?, ?, ?)',
      projectId,
      ticketId,
      kind,
      actor,
      at,
    );
  }
  async insertHistory(
    eventId: number,
    ticketId: number,
    rows: readonly { field: string; old: string | null; new: string | null }[],
    actor: string | null,
    at: number,
  ): Promise<void> {
    const sql = 'INSERT INTO history (event_id, ticket_id, field, old, new, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)';
    for (const r of rows) this.s.run(sql, eventId, ticketId, r.field, r.old, r.new, actor, at);
  }
  async insertAudit(projectId: number, kind: string, actor: string | null, line: string, at: number): Promise<void> {
    this.s.run(
      'INSERT INTO audit_log (project_id, at, actor, kind, line) VALUES (?, ?, ?, ?, ?)',
      projectId,
      at,
      actor,
      kind,
      line,
    );
  }
  async pruneAudit(projectId: number, before: number): Promise<number> {
    return this.s.run('DELETE FROM audit_log WHERE project_id = ? AND at < ?', projectId, before).changes;
  }
  async upsertEntity(projectId: number, e: EntityRecord): Promise<void> {
    this.s.run(
      'INSERT INTO entities (project_id, slug, name, kind, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET name = excluded.name, kind = excluded.kind',
      projectId,
      e.slug,
      e.name,
      e.kind satisfies EntityKind,
      e.createdAt,
    );
  }
  async deleteEntity(projectId: number, slug: string): Promise<void> {
    this.s.run('DELETE FROM entities WHERE project_id = ? AND slug = ?', projectId, slug);
  }
  async insertCategory(projectId: number, slug: string, at: number): Promise<void> {
    this.s.run('INSERT INTO categories (project_id, slug, created_at) VALUES (?, ?, ?)', projectId, slug, at);
  }
  async renameCategory(projectId: number, from: string, to: string): Promise<void> {
    this.s.run('UPDATE categories SET slug = ? WHERE project_id = ? AND slug = ?', to, projectId, from);
  }
  async deleteCategory(projectId: number, slug: string): Promise<void> {
    this.s.run('DELETE FROM categories WHERE project_id = ? AND slug = ?', projectId, slug);
  }
  async putIdempotent(
    projectId: number,
    key: string,
    requestHash: string,
    ticketId: number,
    at: number,
  ): Promise<void> {
    this.s.run(
      'INSERT INTO idempotency (project_id, key, request_hash, ticket_id, created_at) VALUES (?, ?, ?, ?, ?)',
      projectId,
      key,
      requestHash,
      ticketId,
      at,
    );
  }

  async tokens(): Promise<TokenRecord[]> {
    return this.s.all<Omit<TokenRecord, 'projects'> & { projects: string }>(`${TOKEN} ORDER BY id`).map(toToken);
  }
  async tokenByHash(hash: string): Promise<TokenRecord | undefined> {
    const row = this.s.one<Omit<TokenRecord, 'projects'> & { projects: string }>(`${TOKEN} WHERE hash = ?`, hash);
    return row && toToken(row);
  }
  async insertToken(t: Omit<TokenRecord, 'id' | 'revokedAt'>, hash: string): Promise<number> {
    return this.s.insert(
      'INSERT INTO tokens (hash, hint, scope, entity, projects, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      hash,
      t.hint,
      t.scope,
      t.entity,
      JSON.stringify(t.projects),
      t.note,
      t.createdAt,
    );
  }
  async revokeToken(id: number, at: number): Promise<boolean> {
    return this.s.run('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', at, id).changes > 0;
  }
  async tokenRows(): Promise<TokenRow[]> {
    const rows = this.s.all<Omit<TokenRow, 'projects'> & { projects: string }>(
      'SELECT id, hash, hint, scope, entity, projects, note, created_at AS createdAt, revoked_at AS revokedAt FROM tokens ORDER BY id',
    );
    return rows.map(toToken);
  }
  async restoreToken(t: TokenRow, keepId: boolean): Promise<number> {
    return this.s.insert(
      'INSERT INTO tokens (id, hash, hint, scope, entity, projects, note, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      keepId ? t.id : null,
      t.hash,
      t.hint,
      t.scope,
      t.entity,
      JSON.stringify(t.projects),
      t.note,
      t.createdAt,
      t.revokedAt,
    );
  }

  // per-ticket cursor pages and stored idempotent responses (REST)
  async historyPage(ticketId: number, afterId: number, limit: number): Promise<HistoryRecord[]> {
    return this.s.all<HistoryRecord>(
      `${HISTORY} WHERE ticket_id = ? AND id > ? ORDER BY id LIMIT ?`,
      ticketId,
      afterId,
      limit,
    );
  }
  async commentsPage(ticketId: number, afterId: number, limit: number): Promise<CommentRecord[]> {
    return this.s.all<CommentRecord>(
      'SELECT id, ticket_id AS ticketId, author, body, status, created_at AS createdAt FROM comments WHERE ticket_id = ? AND id > ? ORDER BY id LIMIT ?',
      ticketId,
      afterId,
      limit,
    );
  }
  async reply(key: string): Promise<ReplyRecord | undefined> {
    return replies.reply(this.s, key);
  }
  async putReply(key: string, fingerprint: string, reply: string | null, at: number): Promise<void> {
    replies.putReply(this.s, key, fingerprint, reply, at);
  }
  async deleteReply(key: string): Promise<void> {
    replies.deleteReply(this.s, key);
  }
  async pruneReplies(before: number): Promise<number> {
    return replies.pruneReplies(this.s, before);
  }

  // whole-project pages, restore and consistency checks (export, import, doctor)
  async lastNumber(projectId: number): Promise<number> {
    return transfer.lastNumber(this.s, projectId);
  }
  async maxNumber(projectId: number): Promise<number> {
    return transfer.maxNumber(this.s, projectId);
  }
  async commentPage(projectId: number, afterId: number, limit: number): Promise<CommentRow[]> {
    return transfer.commentPage(this.s, projectId, afterId, limit);
  }
  async linkPage(projectId: number, afterId: number, limit: number): Promise<LinkRow[]> {
    return transfer.linkPage(this.s, projectId, afterId, limit);
  }
  async historyOfEvents(eventIds: readonly number[]): Promise<HistoryRow[]> {
    return transfer.historyOfEvents(this.s, eventIds);
  }
  async idempotencyPage(projectId: number, afterKey: string, limit: number): Promise<IdempotencyRow[]> {
    return transfer.idempotencyPage(this.s, projectId, afterKey, limit);
  }
  async ticketTally(projectId: number): Promise<TallyRow[]> {
    return upkeep.ticketTally(this.s, projectId);
  }
  async crossProjectLinks(): Promise<CrossProjectLink[]> {
    return upkeep.crossProjectLinks(this.s);
  }
  async restoreTicket(ticket: Omit<TicketRecord, 'id'>): Promise<number> {
    return tickets.restoreTicket(this.s, ticket);
  }
  async setLastNumber(projectId: number, last: number): Promise<void> {
    transfer.setLastNumber(this.s, projectId, last);
  }
  async staleDerived(): Promise<StaleDerived[]> {
    return upkeep.staleDerived(this.s);
  }
  async rebuildDerived(name: string): Promise<void> {
    upkeep.rebuildDerived(this.s, name);
  }
  async syncClosedAt(projectId: number, type: string, terminal: readonly string[]) {
    return upkeep.syncClosedAt(this.s, projectId, type, terminal);
  }
}

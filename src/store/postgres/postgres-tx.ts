import { DocketError } from '../../domain/errors.js';
import type { EventKind } from '../../domain/events.js';
import type { LinkType } from '../../domain/links.js';
import type { SearchQuery } from '../../domain/search-query.js';
import type {
  AuditRecord,
  CategoryRecord,
  CommentRecord,
  CommentRow,
  CountRow,
  CrossProjectLink,
  EntityRecord,
  EventRecord,
  HistoryRecord,
  HistoryRow,
  HistoryTarget,
  IdempotencyRow,
  LinkRecord,
  LinkRow,
  ListSpec,
  NewTicket,
  ProjectRecord,
  ReadySpec,
  ReplyRecord,
  SearchHit,
  StaleDerived,
  StatusCountRow,
  StoreTx,
  TallyRow,
  TicketFilterSpec,
  TicketPatch,
  TicketRecord,
  TokenRecord,
  TokenRow,
} from '../store.js';
import * as activity from './activity.js';
import * as counts from './counts.js';
import * as entities from './entities.js';
import * as links from './links.js';
import { ProjectRowBusy, sqlState } from './errors.js';
import * as replies from './replies.js';
import { projectSchemaDdl, tenantSchemaName } from './schema.js';
import { searchTickets } from './search.js';
import { ident, literal, type Statements } from './statements.js';
import * as tickets from './tickets.js';
import * as tokens from './tokens.js';
import * as transfer from './transfer.js';
import * as upkeep from './upkeep.js';

/** What every transaction of one store shares: where each project's rows live. */
export interface Placement {
  /** The main schema (unquoted). */
  readonly main: string;
  /** Where new projects go. */
  readonly tenancy: 'shared' | 'schema';
  /** Project id to key and own schema (null: the main schema); keys and places never change. */
  readonly projects: Map<number, { readonly key: string; readonly tenant: string | null }>;
}

type ProjectRow = ProjectRecord & { tenant: string | null };
const PROJECT =
  'SELECT id, key, name, schema_version AS "schemaVersion", created_at AS "createdAt", tenant_schema AS tenant FROM projects';

/**
 * The PostgreSQL side of the store contract; every method runs in the transaction PostgresStore opened.
 * Project tables are named without a schema: `search_path` points at the main schema, or at the
 * project's own schema first when it has one, so one set of SQL serves both tenancy modes (methods
 * that name only a ticket use the project the transaction entered). In a write, rows that core
 * checks before it writes are locked; docs/postgres.md explains which and why.
 */
export class PostgresTx implements StoreTx {
  /** The project schema on the search path (null: only the main schema). */
  private path: string | null = null;
  private current: number | undefined;
  private readonly exclusive = new Set<number>();
  /** Projects that got an event in this transaction: their events are sequenced, then they are notified. */
  readonly changed = new Set<number>();

  constructor(
    private readonly s: Statements,
    private readonly place: Placement,
    private readonly writing: boolean,
    /** Take the project's row exclusively at once rather than shared (see PostgresStore.withRetries). */
    private readonly lockFirst = false,
  ) {}

  /** Points the search path at the project's schema; every method taking a project id calls it. */
  private async enter(projectId: number): Promise<void> {
    this.current = projectId;
    let known = this.place.projects.get(projectId);
    if (!known) {
      const row = await this.s.one<{ key: string; tenant: string | null }>(
        'SELECT key, tenant_schema AS tenant FROM projects WHERE id = $1',
        projectId,
      );
      if (!row) return;
      known = { key: row.key, tenant: row.tenant };
      this.place.projects.set(projectId, known);
    }
    if (known.tenant === this.path) return;
    const m = ident(this.place.main);
    await this.s.exec(`SET LOCAL search_path TO ${known.tenant ? `${ident(known.tenant)}, ${m}` : m}`);
    this.path = known.tenant;
  }

  /**
   * Takes the project row exclusively before a check that spans many tickets (a value still in use,
   * a link cycle): every write holds the row shared, so this waits for them and holds off new ones.
   */
  private async lockProject(projectId: number | undefined): Promise<void> {
    if (!this.writing || projectId === undefined || this.exclusive.has(projectId)) return;
    // Raising a shared lock waits for every other holder, and two writes raising theirs at once wait
    // for each other until PostgreSQL calls it a deadlock (a second or more each time): give way at
    // once instead, and run again with the row taken first. A run that already does so (its project
    // taken at the start, or here for a project it reached another way) waits its turn.
    const wait = this.lockFirst ? '' : ' NOWAIT';
    try {
      await this.s.run(`SELECT 1 FROM projects WHERE id = $1 FOR NO KEY UPDATE${wait}`, projectId);
    } catch (e) {
      throw sqlState(e) === '55P03' ? new ProjectRowBusy() : e;
    }
    this.exclusive.add(projectId);
  }

  /** Every schema holding project tables, quoted (for checks across all projects). */
  private async tenantSchemas(): Promise<string[]> {
    const rows = await this.s.all<{ name: string }>(
      'SELECT DISTINCT tenant_schema AS name FROM projects WHERE tenant_schema IS NOT NULL ORDER BY 1',
    );
    return [ident(this.place.main), ...rows.map((r) => ident(r.name))];
  }

  /** What a write sends with its COMMIT: feed positions for its events, then a notification per project. */
  finishSql(channel: string): string {
    let sql = '';
    for (const id of [...this.changed].sort((a, b) => a - b)) {
      const where = this.place.projects.get(id);
      sql += activity.sequenceSql(this.place.main, where?.tenant ?? this.place.main, id);
      if (where) sql += activity.notifySql(channel, where.key);
    }
    return sql;
  }

  private remember(row: ProjectRow): ProjectRecord {
    const { tenant, ...rec } = row;
    this.place.projects.set(rec.id, { key: rec.key, tenant });
    return rec;
  }

  // projects and numbering

  async projectByKey(key: string): Promise<ProjectRecord | undefined> {
    // Shared row lock in writes: a schema change (which takes it exclusively) waits for them, and they for it.
    // Inline when the key is plain (project keys are), so the transaction's BEGIN and this first query
    // of nearly every use case share one round trip.
    const lock = !this.writing ? '' : this.lockFirst ? ' FOR NO KEY UPDATE' : ' FOR SHARE';
    const sql = `${PROJECT} WHERE key = %${lock}`;
    const [row] = /^[A-Za-z0-9_-]{1,64}$/.test(key)
      ? await this.s.inline<ProjectRow>(sql.replace('%', literal(key)))
      : await this.s.all<ProjectRow>(sql.replace('%', '$1'), key);
    if (!row) return undefined;
    const rec = this.remember(row);
    if (this.writing && this.lockFirst) this.exclusive.add(rec.id);
    await this.enter(rec.id);
    return rec;
  }
  async projects(): Promise<ProjectRecord[]> {
    return (await this.s.all<ProjectRow>(`${PROJECT} ORDER BY key`)).map((r) => this.remember(r));
  }
  async projectSchema(projectId: number): Promise<string> {
    const row = await this.s.one<{ schema: string }>('SELECT schema FROM projects WHERE id = $1', projectId);
    return row?.schema ?? '{}';
  }
  async insertProject(key: string, name: string, schemaJson: string, at: number): Promise<number> {
    const tenant = this.place.tenancy === 'schema' ? tenantSchemaName(this.place.main, key) : null;
    const id = await this.s.insert(
      'INSERT INTO projects (key, name, schema, created_at, tenant_schema) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      key,
      name,
      schemaJson,
      at,
      tenant,
    );
    await this.s.run('INSERT INTO counters (project_id) VALUES ($1)', id);
    await this.s.run('INSERT INTO event_clock (project_id) VALUES ($1)', id);
    if (tenant) {
      // A host may have created the schema already with projectSchemaDdl.
      const made = await this.s.one<{ reg: string | null }>(
        'SELECT to_regclass($1)::text AS reg',
        `${ident(tenant)}.tickets`,
      );
      if (!made?.reg) await this.s.exec(projectSchemaDdl(key, this.place.main));
    }
    this.place.projects.set(id, { key, tenant });
    this.exclusive.add(id);
    await this.enter(id);
    return id;
  }
  async saveProjectSchema(projectId: number, schemaJson: string): Promise<void> {
    await this.lockProject(projectId);
    await this.s.run(
      'UPDATE projects SET schema = $1, schema_version = schema_version + 1 WHERE id = $2',
      schemaJson,
      projectId,
    );
  }
  async nextNumber(projectId: number): Promise<number> {
    const row = await this.s.one<{ n: number }>(
      'UPDATE counters SET last_number = last_number + 1 WHERE project_id = $1 RETURNING last_number AS n',
      projectId,
    );
    if (!row) throw new DocketError('storage', 'the project has no ticket counter; run docket doctor', { projectId });
    return row.n;
  }

  // tickets, search and counts

  async ticket(projectId: number, number: number): Promise<TicketRecord | undefined> {
    await this.enter(projectId);
    return tickets.getTicket(this.s, projectId, number, this.writing);
  }
  ticketsByIds(ids: readonly number[]): Promise<TicketRecord[]> {
    return tickets.ticketsByIds(this.s, ids);
  }
  async listTickets(projectId: number, spec: ListSpec): Promise<TicketRecord[]> {
    await this.enter(projectId);
    return tickets.listTickets(this.s, projectId, spec);
  }
  async ready(projectId: number, spec: ReadySpec): Promise<TicketRecord[]> {
    await this.enter(projectId);
    return tickets.readyTickets(this.s, projectId, spec, this.writing);
  }
  async search(
    projectId: number,
    query: SearchQuery,
    filter: TicketFilterSpec,
    limit: number,
    includeComments: boolean,
  ): Promise<SearchHit[]> {
    await this.enter(projectId);
    return searchTickets(this.s, projectId, query, filter, limit, includeComments);
  }
  async countByAssignee(projectId: number, statuses?: readonly string[]): Promise<CountRow[]> {
    await this.enter(projectId);
    return counts.countByAssignee(this.s, projectId, statuses);
  }
  async countByStatus(projectId: number, types?: readonly string[]): Promise<StatusCountRow[]> {
    await this.enter(projectId);
    return counts.countByStatus(this.s, projectId, types);
  }
  async usage(projectId: number, column: string, value: string, type?: string): Promise<number> {
    await this.enter(projectId);
    await this.lockProject(projectId);
    return counts.usage(this.s, projectId, column, value, type);
  }
  async labels(projectId: number): Promise<CountRow[]> {
    await this.enter(projectId);
    return counts.labels(this.s, projectId);
  }
  async insertTicket(ticket: NewTicket): Promise<number> {
    await this.enter(ticket.projectId);
    return tickets.insertTicket(this.s, ticket);
  }
  updateTicket(ticketId: number, patch: TicketPatch, at: number): Promise<number> {
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
    await this.enter(projectId);
    await this.lockProject(projectId);
    return tickets.replaceValue(this.s, projectId, counts.column(column), from, to, history, type);
  }
  async rerankPriorities(projectId: number, ranks: ReadonlyMap<string, number>): Promise<void> {
    await this.enter(projectId);
    await this.lockProject(projectId);
    await tickets.rerankPriorities(this.s, projectId, ranks);
  }

  // links

  links(ticketId: number): Promise<LinkRecord[]> {
    return links.links(this.s, ticketId);
  }
  async link(projectId: number, linkId: number) {
    await this.enter(projectId);
    return links.link(this.s, projectId, linkId, this.writing);
  }
  findLink(sourceId: number, targetId: number, type: LinkType): Promise<number | undefined> {
    return links.findLink(this.s, sourceId, targetId, type, this.writing);
  }
  async reachable(type: LinkType, from: number, to: number): Promise<boolean> {
    // A cycle check spans tickets nobody locked: hold off the project's other writers while it runs.
    await this.lockProject(this.current);
    return links.reachable(this.s, type, from, to);
  }
  incomingCount(targetId: number, type: LinkType): Promise<number> {
    return links.incomingCount(this.s, targetId, type);
  }
  openBlockers(ticketId: number): Promise<number> {
    return links.openBlockers(this.s, ticketId);
  }
  async insertLink(
    projectId: number,
    sourceId: number,
    targetId: number,
    type: LinkType,
    actor: string | null,
    at: number,
  ): Promise<number> {
    await this.enter(projectId);
    return links.insertLink(this.s, projectId, sourceId, targetId, type, actor, at);
  }
  deleteLink(linkId: number): Promise<void> {
    return links.deleteLink(this.s, linkId);
  }

  // comments, events, history and audit

  comments(ticketId: number): Promise<CommentRecord[]> {
    return activity.comments(this.s, ticketId);
  }
  commentsPage(ticketId: number, afterId: number, limit: number): Promise<CommentRecord[]> {
    return activity.comments(this.s, ticketId, afterId, limit);
  }
  history(ticketId: number, limit: number): Promise<HistoryRecord[]> {
    return activity.history(this.s, ticketId, 0, limit);
  }
  historyPage(ticketId: number, afterId: number, limit: number): Promise<HistoryRecord[]> {
    return activity.history(this.s, ticketId, afterId, limit);
  }
  async events(projectId: number, afterId: number, limit: number): Promise<EventRecord[]> {
    await this.enter(projectId);
    return activity.events(this.s, projectId, afterId, limit);
  }
  lastEventId(projectId: number): Promise<number> {
    return activity.lastEventId(this.s, projectId);
  }
  /** Feed positions are per project: the events are those of the project this transaction entered. */
  historyForEvents(eventIds: readonly number[]): Promise<HistoryRecord[]> {
    return activity.historyForEvents(this.s, this.current ?? null, eventIds);
  }
  insertComment(ticketId: number, author: string | null, body: string, status: string | null, at: number) {
    return activity.insertComment(this.s, ticketId, author, body, status, at);
  }
  async insertEvent(projectId: number, ticketId: number | null, kind: EventKind, actor: string | null, at: number) {
    await this.enter(projectId);
    const id = await activity.insertEvent(this.s, projectId, ticketId, kind, actor, at);
    this.changed.add(projectId);
    return id;
  }
  insertHistory(
    eventId: number,
    ticketId: number,
    rows: readonly { field: string; old: string | null; new: string | null }[],
    actor: string | null,
    at: number,
  ): Promise<void> {
    return activity.insertHistory(this.s, eventId, ticketId, rows, actor, at);
  }
  async audit(projectId: number, afterId: number, limit: number): Promise<AuditRecord[]> {
    await this.enter(projectId);
    return activity.audit(this.s, projectId, afterId, limit);
  }
  async insertAudit(projectId: number, kind: string, actor: string | null, line: string, at: number): Promise<void> {
    await this.enter(projectId);
    await activity.insertAudit(this.s, projectId, kind, actor, line, at);
  }
  async pruneAudit(projectId: number, before: number): Promise<number> {
    await this.enter(projectId);
    return activity.pruneAudit(this.s, projectId, before);
  }

  // entities, categories, idempotency and tokens

  async entities(projectId: number): Promise<EntityRecord[]> {
    await this.enter(projectId);
    return entities.entities(this.s, projectId);
  }
  async entity(projectId: number, slug: string): Promise<EntityRecord | undefined> {
    await this.enter(projectId);
    return entities.entity(this.s, projectId, slug);
  }
  async upsertEntity(projectId: number, e: EntityRecord): Promise<void> {
    await this.enter(projectId);
    await entities.upsertEntity(this.s, projectId, e);
  }
  async deleteEntity(projectId: number, slug: string): Promise<void> {
    await this.enter(projectId);
    await entities.deleteEntity(this.s, projectId, slug);
  }
  async categories(projectId: number): Promise<CategoryRecord[]> {
    await this.enter(projectId);
    return entities.categories(this.s, projectId);
  }
  async category(projectId: number, slug: string): Promise<CategoryRecord | undefined> {
    await this.enter(projectId);
    return entities.category(this.s, projectId, slug);
  }
  async insertCategory(projectId: number, slug: string, at: number): Promise<void> {
    await this.enter(projectId);
    await entities.insertCategory(this.s, projectId, slug, at);
  }
  async renameCategory(projectId: number, from: string, to: string): Promise<void> {
    await this.enter(projectId);
    await entities.renameCategory(this.s, projectId, from, to);
  }
  async deleteCategory(projectId: number, slug: string): Promise<void> {
    await this.enter(projectId);
    await entities.deleteCategory(this.s, projectId, slug);
  }
  async idempotent(projectId: number, key: string) {
    await this.enter(projectId);
    return replies.idempotent(this.s, projectId, key);
  }
  async putIdempotent(projectId: number, key: string, requestHash: string, ticketId: number, at: number) {
    await this.enter(projectId);
    await replies.putIdempotent(this.s, projectId, key, requestHash, ticketId, at);
  }
  tokens(): Promise<TokenRecord[]> {
    return tokens.tokens(this.s);
  }
  tokenByHash(hash: string): Promise<TokenRecord | undefined> {
    return tokens.tokenByHash(this.s, hash);
  }
  insertToken(t: Omit<TokenRecord, 'id' | 'revokedAt'>, hash: string): Promise<number> {
    return tokens.insertToken(this.s, t, hash);
  }
  revokeToken(id: number, at: number): Promise<boolean> {
    return tokens.revokeToken(this.s, id, at);
  }
  tokenRows(): Promise<TokenRow[]> {
    return tokens.tokenRows(this.s);
  }
  restoreToken(t: TokenRow, keepId: boolean): Promise<number> {
    return tokens.restoreToken(this.s, this.place.main, t, keepId);
  }

  // stored responses of idempotent requests (REST)

  reply(key: string): Promise<ReplyRecord | undefined> {
    return replies.reply(this.s, key);
  }
  putReply(key: string, fingerprint: string, reply: string | null, at: number): Promise<void> {
    return replies.putReply(this.s, key, fingerprint, reply, at);
  }
  deleteReply(key: string): Promise<void> {
    return replies.deleteReply(this.s, key);
  }
  pruneReplies(before: number): Promise<number> {
    return replies.pruneReplies(this.s, before);
  }

  // whole-project pages, restore and consistency checks (export, import, doctor)

  lastNumber(projectId: number): Promise<number> {
    return transfer.lastNumber(this.s, projectId);
  }
  async maxNumber(projectId: number): Promise<number> {
    await this.enter(projectId);
    return transfer.maxNumber(this.s, projectId);
  }
  async commentPage(projectId: number, afterId: number, limit: number): Promise<CommentRow[]> {
    await this.enter(projectId);
    return transfer.commentPage(this.s, projectId, afterId, limit);
  }
  async linkPage(projectId: number, afterId: number, limit: number): Promise<LinkRow[]> {
    await this.enter(projectId);
    return transfer.linkPage(this.s, projectId, afterId, limit);
  }
  historyOfEvents(eventIds: readonly number[]): Promise<HistoryRow[]> {
    return transfer.historyOfEvents(this.s, this.current ?? null, eventIds);
  }
  async idempotencyPage(projectId: number, afterKey: string, limit: number): Promise<IdempotencyRow[]> {
    await this.enter(projectId);
    return transfer.idempotencyPage(this.s, projectId, afterKey, limit);
  }
  async ticketTally(projectId: number): Promise<TallyRow[]> {
    await this.enter(projectId);
    return upkeep.ticketTally(this.s, projectId);
  }
  async crossProjectLinks(): Promise<CrossProjectLink[]> {
    return upkeep.crossProjectLinks(this.s, await this.tenantSchemas());
  }
  async restoreTicket(ticket: Omit<TicketRecord, 'id'>): Promise<number> {
    await this.enter(ticket.projectId);
    return tickets.insertTicket(this.s, ticket);
  }
  setLastNumber(projectId: number, last: number): Promise<void> {
    return transfer.setLastNumber(this.s, projectId, last);
  }
  async staleDerived(): Promise<StaleDerived[]> {
    return upkeep.staleDerived(this.s, await this.tenantSchemas());
  }
  async rebuildDerived(name: string): Promise<void> {
    await upkeep.rebuildDerived(this.s, await this.tenantSchemas(), name);
  }
  async syncClosedAt(projectId: number, type: string, terminal: readonly string[]) {
    await this.enter(projectId);
    await this.lockProject(projectId);
    return upkeep.syncClosedAt(this.s, projectId, type, terminal);
  }
}

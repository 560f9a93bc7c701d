import type { EventKind } from '../domain/events.js';
import type { LinkType } from '../domain/links.js';
import type { EntityKind } from '../domain/records.js';
import type { SearchQuery } from '../domain/search-query.js';

/**
 * The storage contract every backend implements (SQLite now, PostgreSQL later), checked by one
 * contract suite. Backends store and fetch; every rule lives in core. Timestamps are epoch ms.
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Runs `fn` in one write transaction: commits when it returns, rolls back when it throws.
   * On SQLite this is `BEGIN IMMEDIATE`, so a read-check-write inside `fn` is atomic across processes.
   * Never call `write` or `read` from inside `fn`.
   */
  write<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Runs `fn` against one consistent snapshot. */
  read<T>(fn: (tx: StoreReader) => Promise<T>): Promise<T>;
  /**
   * Optional fast path for the most frequent read: a project by key and one of its tickets, in one
   * statement that is its own snapshot (no explicit transaction). Undefined when no project has the
   * key; `ticket` undefined when the project has no such number. Core uses `read` when it is absent.
   */
  ticketAt?(projectKey: string, number: number): Promise<TicketAt | undefined>;
  readonly maintenance: Maintenance;
  /**
   * Optional: calls `listener` with a project's key soon after any process sharing this store commits
   * a change to it, so change feeds can poll at once instead of at their next tick. PostgreSQL has it
   * (LISTEN/NOTIFY); SQLite has no signal between processes and leaves it out. Returns the unsubscribe.
   */
  onChange?(listener: (project: string) => void): () => void;
  close(): Promise<void>;
}

export interface TicketAt {
  readonly project: ProjectRecord;
  readonly ticket: TicketRecord | undefined;
}

export interface ProjectRecord {
  readonly id: number;
  readonly key: string;
  readonly name: string;
  readonly schemaVersion: number;
  readonly createdAt: number;
}

export interface TicketRecord {
  readonly id: number;
  readonly projectId: number;
  readonly number: number;
  readonly type: string;
  readonly title: string;
  readonly description: string;
  readonly status: string;
  readonly priority: string;
  readonly priorityRank: number;
  readonly assignee: string | null;
  readonly category: string | null;
  readonly labels: readonly string[];
  readonly createdBy: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly closedAt: number | null;
  readonly leaseUntil: number | null;
  readonly version: number;
}

/** Columns a write may change; `version` and `updatedAt` are set by the store on every update. */
export type TicketPatch = Partial<
  Pick<
    TicketRecord,
    | 'type'
    | 'title'
    | 'description'
    | 'status'
    | 'priority'
    | 'priorityRank'
    | 'assignee'
    | 'category'
    | 'labels'
    | 'closedAt'
    | 'leaseUntil'
  >
>;

/** The column each patchable field is stored in: the same in every backend's tickets table. */
export const PATCH_COLUMNS: Readonly<Record<keyof TicketPatch, string>> = {
  type: 'type',
  title: 'title',
  description: 'description',
  status: 'status',
  priority: 'priority',
  priorityRank: 'priority_rank',
  assignee: 'assignee',
  category: 'category',
  labels: 'labels',
  closedAt: 'closed_at',
  leaseUntil: 'lease_until',
};

export type NewTicket = Omit<TicketRecord, 'id' | 'version'>;

/** Filters already resolved by core (slugs checked, `open` turned into a closed_at test). */
export interface TicketFilterSpec {
  readonly types?: readonly string[];
  readonly statuses?: readonly string[];
  readonly open?: boolean;
  readonly priorities?: readonly string[];
  /** null: unassigned only. */
  readonly assignee?: string | null;
  readonly category?: string | null;
  readonly label?: string;
}

export interface ListSpec extends TicketFilterSpec {
  readonly after?: number;
  readonly limit: number;
  /** By number; `priority` (most urgent first, then number) ignores `after`. */
  readonly order: 'asc' | 'desc' | 'priority';
}

export interface ReadySpec extends TicketFilterSpec {
  readonly limit: number;
  readonly now: number;
  /** Ready tickets of this assignee (or whose lease has lapsed) instead of unassigned ones. */
  readonly readyFor?: string;
  /** Set by claim-next inside a write: a backend with row locks skips rows other writers hold. */
  readonly claim?: boolean;
}

/**
 * The most matches one search ranks, on every backend. Up to it the ranking is exact; past it, a
 * word found in a large share of the tickets would have every search score all of them, so the best
 * of the newest this many matches come back instead. Scoring reads each match's indexed data: a word
 * in a fifth of the tickets took 300-500 ms at 1M on SQLite, and 124 ms at 100k on PostgreSQL.
 * docs/library.md (search) describes the trade.
 */
export const RANK_WINDOW = 5000;

export interface SearchHit {
  readonly ticket: TicketRecord;
  readonly rank: number;
  readonly snippet: string;
}

export interface LinkRecord {
  readonly id: number;
  readonly type: LinkType;
  readonly sourceId: number;
  readonly targetId: number;
  /** The ticket at the other end from the one asked about. */
  readonly other: Pick<TicketRecord, 'id' | 'number' | 'title' | 'status' | 'closedAt'>;
  readonly outgoing: boolean;
}

/** A link with the ticket at its other end, as both backends select them for `links`. */
export interface LinkEndRow {
  readonly id: number;
  readonly type: LinkType;
  readonly sourceId: number;
  readonly targetId: number;
  readonly oid: number;
  readonly number: number;
  readonly title: string;
  readonly status: string;
  readonly closedAt: number | null;
}

/** A `LinkEndRow` seen from ticket `ticketId`. */
export function toLinkRecord(r: LinkEndRow, ticketId: number): LinkRecord {
  return {
    id: r.id,
    type: r.type,
    sourceId: r.sourceId,
    targetId: r.targetId,
    outgoing: r.sourceId === ticketId,
    other: { id: r.oid, number: r.number, title: r.title, status: r.status, closedAt: r.closedAt },
  };
}

export interface CommentRecord {
  readonly id: number;
  readonly ticketId: number;
  readonly author: string | null;
  readonly body: string;
  readonly status: string | null;
  readonly createdAt: number;
}

export interface HistoryRecord {
  readonly id: number;
  readonly eventId: number;
  readonly ticketId: number;
  readonly field: string;
  readonly old: string | null;
  readonly new: string | null;
  readonly actor: string | null;
  readonly at: number;
}

/** Where a change across many tickets files its history rows: its event, actor and time. */
export interface HistoryTarget {
  readonly eventId: number;
  readonly actor: string | null;
  readonly at: number;
}

export interface EventRecord {
  readonly id: number;
  readonly projectId: number;
  readonly ticketId: number | null;
  readonly ticketNumber: number | null;
  readonly kind: EventKind;
  readonly actor: string | null;
  readonly at: number;
}

export interface EntityRecord {
  readonly slug: string;
  readonly name: string;
  readonly kind: EntityKind;
  readonly createdAt: number;
}

export interface CategoryRecord {
  readonly slug: string;
  readonly createdAt: number;
}

export interface AuditRecord {
  readonly id: number;
  readonly at: number;
  readonly actor: string | null;
  readonly kind: string;
  readonly line: string;
}

export interface CountRow {
  readonly key: string | null;
  readonly count: number;
}

export interface StatusCountRow {
  readonly type: string;
  readonly status: string;
  readonly count: number;
}

export interface TokenRecord {
  readonly id: number;
  /** The first characters of the secret, to tell tokens apart in listings. */
  readonly hint: string;
  readonly scope: string;
  readonly entity: string | null;
  /** Project keys the token reaches (JSON in storage). */
  readonly projects: readonly string[];
  readonly note: string | null;
  readonly createdAt: number;
  readonly revokedAt: number | null;
}

/** A stored response to an idempotent request; `reply` is null while the first request is running. */
export interface ReplyRecord {
  readonly key: string;
  readonly fingerprint: string;
  readonly reply: string | null;
  readonly createdAt: number;
}

// --- whole-project pages (export, import, doctor) ------------------------------------------

/** A comment with its ticket's number, as project-wide pages return it. */
export interface CommentRow extends CommentRecord {
  readonly ticketNumber: number;
}

/** A link as stored, its ends by ticket number. */
export interface LinkRow {
  readonly id: number;
  readonly type: LinkType;
  readonly sourceNumber: number;
  readonly targetNumber: number;
  readonly createdBy: string | null;
  readonly createdAt: number;
}

/** A history row with its ticket's number. */
export interface HistoryRow extends HistoryRecord {
  readonly ticketNumber: number;
}

export interface IdempotencyRow {
  readonly key: string;
  readonly requestHash: string;
  readonly ticketNumber: number;
  readonly createdAt: number;
}

/** Real ticket counts (not the trigger-kept ones) per type, status and whether `closedAt` is set. */
export interface TallyRow {
  readonly type: string;
  readonly status: string;
  readonly closed: boolean;
  readonly count: number;
}

/** A link whose ends, or the link itself, sit in different projects. */
export interface CrossProjectLink {
  readonly id: number;
  readonly type: LinkType;
  readonly projectId: number;
  readonly sourceProjectId: number;
  readonly sourceNumber: number;
  readonly targetProjectId: number;
  readonly targetNumber: number;
}

/** Derived data a backend keeps (a search index, a count table) that no longer matches its source rows. */
export interface StaleDerived {
  /** What `rebuildDerived` takes, e.g. `tickets_fts`. */
  readonly name: string;
  readonly detail: string;
}

/** A token with its stored hash: what a whole-store migration copies. */
export interface TokenRow extends TokenRecord {
  readonly hash: string;
}

export interface StoreReader {
  projectByKey(key: string): Promise<ProjectRecord | undefined>;
  projects(): Promise<ProjectRecord[]>;
  /** The project's schema document (JSON text), as last saved. */
  projectSchema(projectId: number): Promise<string>;

  ticket(projectId: number, number: number): Promise<TicketRecord | undefined>;
  ticketsByIds(ids: readonly number[]): Promise<TicketRecord[]>;
  listTickets(projectId: number, spec: ListSpec): Promise<TicketRecord[]>;
  /** Ready work: open, not blocked by an open ticket, unclaimed (or claimed by `readyFor`), by priority then age. */
  ready(projectId: number, spec: ReadySpec): Promise<TicketRecord[]>;
  search(
    projectId: number,
    query: SearchQuery,
    filter: TicketFilterSpec,
    limit: number,
    includeComments: boolean,
  ): Promise<SearchHit[]>;
  countByAssignee(projectId: number, statuses?: readonly string[]): Promise<CountRow[]>;
  countByStatus(projectId: number, types?: readonly string[]): Promise<StatusCountRow[]>;
  /** How many tickets of the project use `value` in `column` (for safe deletes and renames). */
  usage(
    projectId: number,
    column: 'status' | 'priority' | 'category' | 'assignee' | 'type',
    value: string,
    type?: string,
  ): Promise<number>;
  labels(projectId: number): Promise<CountRow[]>;

  links(ticketId: number): Promise<LinkRecord[]>;
  link(projectId: number, linkId: number): Promise<Omit<LinkRecord, 'other' | 'outgoing'> | undefined>;
  findLink(sourceId: number, targetId: number, type: LinkType): Promise<number | undefined>;
  /** Whether `to` can be reached from `from` by following links of `type` forwards. */
  reachable(type: LinkType, from: number, to: number): Promise<boolean>;
  /** How many links of `type` point at `targetId`. */
  incomingCount(targetId: number, type: LinkType): Promise<number>;
  /** Open tickets that block `ticketId`. */
  openBlockers(ticketId: number): Promise<number>;

  comments(ticketId: number): Promise<CommentRecord[]>;
  history(ticketId: number, limit: number): Promise<HistoryRecord[]>;
  events(projectId: number, afterId: number, limit: number): Promise<EventRecord[]>;
  lastEventId(projectId: number): Promise<number>;
  historyForEvents(eventIds: readonly number[]): Promise<HistoryRecord[]>;

  entities(projectId: number): Promise<EntityRecord[]>;
  entity(projectId: number, slug: string): Promise<EntityRecord | undefined>;
  categories(projectId: number): Promise<CategoryRecord[]>;
  category(projectId: number, slug: string): Promise<CategoryRecord | undefined>;

  idempotent(projectId: number, key: string): Promise<{ requestHash: string; ticketId: number } | undefined>;
  audit(projectId: number, afterId: number, limit: number): Promise<AuditRecord[]>;

  tokens(): Promise<TokenRecord[]>;
  tokenByHash(hash: string): Promise<TokenRecord | undefined>;
  /** Every token with its hash, for moving a whole store. */
  tokenRows(): Promise<TokenRow[]>;

  /** A ticket's history rows with id above `afterId`, oldest first (cursor pages). */
  historyPage(ticketId: number, afterId: number, limit: number): Promise<HistoryRecord[]>;
  /** A ticket's comments with id above `afterId`, oldest first (cursor pages). */
  commentsPage(ticketId: number, afterId: number, limit: number): Promise<CommentRecord[]>;
  /** The stored response of an idempotent request (REST `Idempotency-Key`). */
  reply(key: string): Promise<ReplyRecord | undefined>;

  // Whole-project pages in id order after a cursor, for export and doctor.
  /** The last ticket number the project's counter handed out. */
  lastNumber(projectId: number): Promise<number>;
  /** The highest ticket number in use (0 for none). */
  maxNumber(projectId: number): Promise<number>;
  commentPage(projectId: number, afterId: number, limit: number): Promise<CommentRow[]>;
  linkPage(projectId: number, afterId: number, limit: number): Promise<LinkRow[]>;
  /** History rows of these events, in id order, with their tickets' numbers. */
  historyOfEvents(eventIds: readonly number[]): Promise<HistoryRow[]>;
  /** Idempotency keys in key order after `afterKey`. */
  idempotencyPage(projectId: number, afterKey: string, limit: number): Promise<IdempotencyRow[]>;
  ticketTally(projectId: number): Promise<TallyRow[]>;
  crossProjectLinks(): Promise<CrossProjectLink[]>;
}

export interface StoreTx extends StoreReader {
  insertProject(key: string, name: string, schemaJson: string, at: number): Promise<number>;
  /** Saves a new schema document and bumps the project's schema version. */
  saveProjectSchema(projectId: number, schemaJson: string): Promise<void>;
  /** The next ticket number, from the project's counter row in this transaction. */
  nextNumber(projectId: number): Promise<number>;

  insertTicket(ticket: NewTicket): Promise<number>;
  /** Applies `patch`, bumps `version`, sets `updatedAt`; returns the new version. */
  updateTicket(ticketId: number, patch: TicketPatch, at: number): Promise<number>;
  /**
   * Rewrites a value in a column across a project's tickets (renames and forced deletes), bumping
   * each one's version, and writes each a history row (field: the column, `from` to `to`) under
   * the operation's event. Returns how many tickets changed.
   */
  replaceValue(
    projectId: number,
    column: 'status' | 'priority' | 'category' | 'assignee',
    from: string,
    to: string | null,
    history: HistoryTarget,
    type?: string,
  ): Promise<number>;
  /** Recomputes priority ranks after the priority list changed. */
  rerankPriorities(projectId: number, ranks: ReadonlyMap<string, number>): Promise<void>;

  insertLink(
    projectId: number,
    sourceId: number,
    targetId: number,
    type: LinkType,
    actor: string | null,
    at: number,
  ): Promise<number>;
  deleteLink(linkId: number): Promise<void>;
  insertComment(
    ticketId: number,
    author: string | null,
    body: string,
    status: string | null,
    at: number,
  ): Promise<number>;

  insertEvent(
    projectId: number,
    ticketId: number | null,
    kind: EventKind,
    actor: string | null,
    at: number,
  ): Promise<number>;
  insertHistory(
    eventId: number,
    ticketId: number,
    rows: readonly { field: string; old: string | null; new: string | null }[],
    actor: string | null,
    at: number,
  ): Promise<void>;
  insertAudit(projectId: number, kind: string, actor: string | null, line: string, at: number): Promise<void>;
  pruneAudit(projectId: number, before: number): Promise<number>;

  upsertEntity(projectId: number, entity: EntityRecord): Promise<void>;
  deleteEntity(projectId: number, slug: string): Promise<void>;
  insertCategory(projectId: number, slug: string, at: number): Promise<void>;
  renameCategory(projectId: number, from: string, to: string): Promise<void>;
  deleteCategory(projectId: number, slug: string): Promise<void>;

  putIdempotent(projectId: number, key: string, requestHash: string, ticketId: number, at: number): Promise<void>;

  insertToken(token: Omit<TokenRecord, 'id' | 'revokedAt'>, hash: string): Promise<number>;
  revokeToken(id: number, at: number): Promise<boolean>;
  /** Writes a token as it was (hash, scope, revocation); `keepId` keeps its id. Returns the id. */
  restoreToken(token: TokenRow, keepId: boolean): Promise<number>;

  /** Reserves (`reply` null) or completes an idempotent request's stored response. */
  putReply(key: string, fingerprint: string, reply: string | null, at: number): Promise<void>;
  deleteReply(key: string): Promise<void>;
  /** Forgets stored responses older than `before`; returns how many. */
  pruneReplies(before: number): Promise<number>;

  // Restoring exported or imported data as it was (numbers, versions and timestamps kept).
  /** Inserts a ticket with its number, version and timestamps as given; the counter is not touched. */
  restoreTicket(ticket: Omit<TicketRecord, 'id'>): Promise<number>;
  setLastNumber(projectId: number, last: number): Promise<void>;
  /**
   * Derived data that no longer matches its source. Needs a write transaction: on SQLite the FTS5
   * check is an INSERT command.
   */
  staleDerived(): Promise<StaleDerived[]>;
  /** Rebuilds one piece of derived data named by `staleDerived`. */
  rebuildDerived(name: string): Promise<void>;
  /** Sets `closedAt` (to `updatedAt`) on terminal tickets of `type` without it and clears it on open ones. */
  syncClosedAt(
    projectId: number,
    type: string,
    terminal: readonly string[],
  ): Promise<{ readonly closed: number; readonly reopened: number }>;
}

/** Database upkeep; each backend does what its engine offers and says `unsupported` otherwise. */
export interface Maintenance {
  integrityCheck(): Promise<string[]>;
  backup(destination: string): Promise<void>;
  vacuum(): Promise<void>;
  getPragma(name: 'journal_mode' | 'vacuum_mode' | 'synchronous'): Promise<string>;
  setPragma(name: 'journal_mode' | 'vacuum_mode' | 'synchronous', value: string): Promise<string>;
  stats(): Promise<Record<string, number>>;
}

// --- reading a BlinkDesk 0.11 database (docket import --from blinkdesk) ---------------------

export interface BlinkdeskSlugRow {
  readonly id: number;
  readonly slug: string;
}

/** A BlinkDesk ticket row, with what its log says about it; timestamps are BlinkDesk's ISO text. */
export interface BlinkdeskTicketRow {
  readonly id: number;
  readonly title: string;
  readonly description: string | null;
  readonly stateId: number | null;
  readonly priorityId: number | null;
  readonly assigneeId: number | null;
  readonly categoryId: number | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The entity of its `created` log row. */
  readonly createdById: number | null;
  readonly logCount: number;
  /** When its last `state_changed` log row was written. */
  readonly lastStateChangeAt: string | null;
}

/** One `ticket_logs` or `comments` row; both come in one stream, oldest first. */
export interface BlinkdeskActivityRow {
  readonly source: 'log' | 'comment';
  readonly ticketId: number;
  /** `ticket_log_id` or `comment_id`. */
  readonly seq: number;
  readonly entityId: number | null;
  /** The log action, or `comment`. */
  readonly action: string;
  /** The log details, or the comment text. */
  readonly details: string | null;
  readonly newStateId: number | null;
  readonly createdAt: string;
}

export interface BlinkdeskAuditRow {
  readonly rowid: number;
  readonly createdAt: string;
  readonly line: string;
}

/** A BlinkDesk database opened for import: raw rows, no rules (core maps them onto Docket's model). */
export interface BlinkdeskSource {
  readonly path: string;
  states(): Promise<BlinkdeskSlugRow[]>;
  transitions(): Promise<{ readonly from: number; readonly to: number }[]>;
  priorities(): Promise<BlinkdeskSlugRow[]>;
  entities(): Promise<BlinkdeskSlugRow[]>;
  categories(): Promise<BlinkdeskSlugRow[]>;
  config(): Promise<{ readonly key: string; readonly value: string }[]>;
  ticketCount(): Promise<number>;
  /** Tickets by id after `afterId`. */
  tickets(afterId: number, limit: number): Promise<BlinkdeskTicketRow[]>;
  /** Logs and comments of existing tickets in time order, after the row `after` (null: from the start). */
  activity(after: BlinkdeskActivityRow | null, limit: number): Promise<BlinkdeskActivityRow[]>;
  audit(afterRowid: number, limit: number): Promise<BlinkdeskAuditRow[]>;
}

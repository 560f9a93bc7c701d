import type { FieldValue } from '../domain/fields.js';
import type { SearchQuery } from '../domain/search-query.js';
import type { HistoryTarget } from './activity.js';
import type { ProjectRecord } from './projects.js';

/** Tickets: rows, filtered pages, ready work, search, and writes that change many tickets at once. */

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
  /** Due date in epoch ms (midnight UTC of the day when `dueDay`); null or absent for none. */
  readonly dueAt?: number | null;
  readonly dueDay?: boolean;
  readonly estimate?: number | null;
  /** The key of the ticket's milestone (at most one). */
  readonly milestone?: string | null;
  /** Custom field values by name; null or absent for none. */
  readonly fields?: Readonly<Record<string, FieldValue>> | null;
}

/** A project and one of its tickets, read together (`Store.ticketAt`). */
export interface TicketAt {
  readonly project: ProjectRecord;
  readonly ticket: TicketRecord | undefined;
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
    | 'dueAt'
    | 'dueDay'
    | 'estimate'
    | 'milestone'
    | 'fields'
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
  dueAt: 'due_at',
  dueDay: 'due_day',
  estimate: 'estimate',
  milestone: 'milestone',
  fields: 'fields',
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
  /** Due strictly before / at or after these instants (epoch ms). */
  readonly dueBefore?: number;
  readonly dueAfter?: number;
  /** Open and past due: an instant due before `now`, a calendar day due before `today` (its midnight UTC). */
  readonly overdue?: { readonly now: number; readonly today: number };
  /** A milestone's key, or null for tickets in none. */
  readonly milestone?: string | null;
  /** Custom field values, each already of its field's type. */
  readonly fields?: readonly { readonly name: string; readonly value: FieldValue }[];
}

export interface ListSpec extends TicketFilterSpec {
  readonly after?: number;
  readonly limit: number;
  /** By number; `priority` (most urgent first, then number) and `due` (soonest first, none last) ignore `after`. */
  readonly order: 'asc' | 'desc' | 'priority' | 'due';
}

export interface ReadySpec extends TicketFilterSpec {
  readonly limit: number;
  readonly now: number;
  /** Ready tickets of this assignee (or whose lease has lapsed) instead of unassigned ones. */
  readonly readyFor?: string;
  /** Set by claim-next inside a write: a backend with row locks skips rows other writers hold. */
  readonly claim?: boolean;
}

export interface SearchSpec {
  readonly query: SearchQuery;
  readonly filter: TicketFilterSpec;
  readonly limit: number;
  /** Whether comments match too (a ticket then ranks by its best match). */
  readonly comments: boolean;
}

/**
 * The most matches one search ranks, on every backend. Up to it the ranking is exact; past it, a
 * word found in a large share of the tickets would have every search score all of them, so the best
 * of the newest this many matches come back instead (scoring reads each match's indexed data).
 * docs/library.md (search) describes the trade; docs/benchmarks.md has what it saves.
 */
export const RANK_WINDOW = 5000;

export interface SearchHit {
  readonly ticket: TicketRecord;
  readonly rank: number;
  readonly snippet: string;
}

/** The columns `replace` may rewrite across a project's tickets. */
export type ReplaceableColumn = 'status' | 'priority' | 'category' | 'assignee' | 'milestone';

/** A value rewritten across a project's tickets (renames and forced deletes). */
export interface Replacement {
  readonly projectId: number;
  readonly column: ReplaceableColumn;
  readonly from: string;
  readonly to: string | null;
  /** Only tickets of this type (a state belongs to one type's workflow). */
  readonly type?: string;
  /** Where each changed ticket's history row is filed. */
  readonly history: HistoryTarget;
}

export interface TicketsReader {
  get(projectId: number, number: number): Promise<TicketRecord | undefined>;
  byIds(ids: readonly number[]): Promise<TicketRecord[]>;
  list(projectId: number, spec: ListSpec): Promise<TicketRecord[]>;
  /** Ready work: open, not blocked by an open ticket, unclaimed (or claimed by `readyFor`), by priority then age. */
  ready(projectId: number, spec: ReadySpec): Promise<TicketRecord[]>;
  search(projectId: number, spec: SearchSpec): Promise<SearchHit[]>;
}

export interface TicketsWriter extends TicketsReader {
  insert(ticket: NewTicket): Promise<number>;
  /** Applies `patch`, bumps `version`, sets `updatedAt`; returns the new version. */
  update(ticketId: number, patch: TicketPatch, at: number): Promise<number>;
  /**
   * Rewrites a value in a column across a project's tickets, bumping each one's version, and writes
   * each a history row (field: the column, `from` to `to`) under the operation's event. Returns how
   * many tickets changed.
   */
  replace(change: Replacement): Promise<number>;
  /** Recomputes priority ranks after the priority list changed. */
  rerank(projectId: number, ranks: ReadonlyMap<string, number>): Promise<void>;
}

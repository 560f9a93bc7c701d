import { invalid } from '../domain/errors.js';
import type { ChangeEvent } from '../domain/events.js';
import {
  type ListQuery,
  ListQuerySchema,
  parseInput,
  type SearchInput,
  SearchInputSchema,
  SlugSchema,
  wholeNumber,
} from '../domain/inputs.js';
import type { Link } from '../domain/links.js';
import type { Reference } from '../domain/references.js';
import type { Comment, HistoryEntry } from '../domain/records.js';
import { parseSearchQuery } from '../domain/search-query.js';
import { displayId, iso, parseTicketRef, type Ticket } from '../domain/ticket.js';
import type { CommentRecord, HistoryRecord } from '../store/store.js';
import { projectRead, type Scope, type TicketRef, ticketRead, toTicket } from './context.js';
import { confirmNames, filterSpec } from './filters.js';
import { toLink } from './links.js';
import { toReference } from './references.js';

export interface Page<T> {
  readonly items: readonly T[];
  /** Pass as `after` for the next page; null on the last page. */
  readonly next: number | null;
}

export interface TicketDetail {
  readonly ticket: Ticket;
  readonly links: readonly Link[];
  /** Commits, branches and pull requests that did the ticket's work, oldest first. */
  readonly references: readonly Reference[];
  readonly comments: readonly Comment[];
  readonly history: readonly HistoryEntry[];
}

export interface DetailOptions {
  readonly links?: boolean;
  /** Commits, branches and pull requests (default true). */
  readonly references?: boolean;
  readonly comments?: boolean;
  /** How many history rows to include, oldest first (0 for none; default 100). */
  readonly history?: number;
}

export const toComment = (c: CommentRecord): Comment => ({
  id: c.id,
  author: c.author,
  body: c.body,
  status: c.status,
  createdAt: iso(c.createdAt)!,
});

export const toHistory = (h: HistoryRecord): HistoryEntry => ({
  id: h.id,
  field: h.field,
  old: h.old,
  new: h.new,
  actor: h.actor,
  at: iso(h.at)!,
});

export async function getTicket(scope: Scope, ref: TicketRef): Promise<Ticket> {
  return (await quickTicket(scope, ref)) ?? ticketRead(scope, ref, async (_tx, p, t) => toTicket(p, t));
}

/**
 * The common case of `getTicket` in one statement, when the store offers it and the project's schema
 * is already cached at the version the statement read. Undefined sends the caller down the full path,
 * which also words every error (unknown project, unknown ticket, a malformed id).
 */
async function quickTicket(scope: Scope, ref: TicketRef): Promise<Ticket | undefined> {
  const known = scope.store.ticketAt && scope.cache.peek(scope.project);
  if (!known) return undefined;
  const prefix = known.schema.options.display_prefix;
  let number: number;
  try {
    number = parseTicketRef(ref, prefix);
  } catch {
    return undefined;
  }
  const at = await scope.store.ticketAt!(scope.project, number);
  if (!at?.ticket || at.project.id !== known.id || at.project.schemaVersion !== known.version) return undefined;
  return toTicket({ rec: at.project, schema: known.schema, prefix }, at.ticket);
}

export async function ticketDetail(scope: Scope, ref: TicketRef, options: DetailOptions = {}): Promise<TicketDetail> {
  const historyLimit = wholeNumber(options.history ?? 100, 'history');
  return ticketRead(scope, ref, async (tx, p, t) => ({
    ticket: toTicket(p, t),
    links: options.links === false ? [] : (await tx.links.of(t.id)).map((l) => toLink(p, l)),
    references: options.references === false ? [] : (await tx.references.of(t.id)).map(toReference),
    comments: options.comments === false ? [] : (await tx.activity.comments({ ticketId: t.id })).map(toComment),
    history: historyLimit > 0 ? (await tx.activity.history(t.id, { limit: historyLimit })).map(toHistory) : [],
  }));
}

export async function ticketHistory(scope: Scope, ref: TicketRef, limit = 1000): Promise<HistoryEntry[]> {
  const rows = Math.max(wholeNumber(limit, 'limit'), 0);
  return ticketRead(scope, ref, async (tx, _p, t) => (await tx.activity.history(t.id, { limit: rows })).map(toHistory));
}

export async function ticketComments(scope: Scope, ref: TicketRef): Promise<Comment[]> {
  return ticketRead(scope, ref, async (tx, _p, t) => (await tx.activity.comments({ ticketId: t.id })).map(toComment));
}

/** A page of tickets in number order (oldest first by default); `after` is the cursor. */
export async function listTickets(scope: Scope, raw: ListQuery = {}): Promise<Page<Ticket>> {
  const q = parseInput(ListQuerySchema, raw);
  return projectRead(scope, async (tx, p) => {
    const { after, limit = 50, order = 'asc', ...filter } = q;
    const spec = filterSpec(p, scope.now(), filter);
    const rows = await tx.tickets.list(p.rec.id, {
      ...spec,
      // ticket numbers start at 1, so a cursor of 0 means "from the start" in either order
      ...(after ? { after } : {}),
      limit: limit + 1,
      order,
    });
    if (!rows.length) await confirmNames(tx, p, spec);
    const items = rows.slice(0, limit).map((r) => toTicket(p, r));
    // Sorted by due date there is no number cursor: the answer is one page.
    const more = rows.length > limit && order !== 'due';
    return { items, next: more ? items[items.length - 1]!.number : null };
  });
}

export interface SearchResult {
  readonly ticket: Ticket;
  /** Relevance (bm25, higher is better). */
  readonly rank: number;
  /** The best passage as written, each match between U+E000 and U+E001 (domain/snippet.ts). */
  readonly snippet: string;
}

/** Ranked full-text search over titles and descriptions (and comments when asked). */
export async function searchTickets(scope: Scope, raw: SearchInput): Promise<SearchResult[]> {
  const q = parseInput(SearchInputSchema, raw);
  const query = parseSearchQuery(q.query);
  return projectRead(scope, async (tx, p) => {
    const { query: _text, limit = 20, includeComments = false, ...filter } = q;
    const spec = filterSpec(p, scope.now(), filter);
    const hits = await tx.tickets.search(p.rec.id, { query, filter: spec, limit, comments: includeComments });
    if (!hits.length) await confirmNames(tx, p, spec);
    return hits.map((h) => ({ ticket: toTicket(p, h.ticket), rank: h.rank, snippet: h.snippet }));
  });
}

export interface BoardColumn {
  readonly status: string;
  readonly terminal: boolean;
  readonly count: number;
  /** Kanban only: the most urgent cards of the column. */
  readonly tickets?: readonly Ticket[];
}

export interface Board {
  readonly types: readonly { readonly type: string; readonly columns: readonly BoardColumn[] }[];
  readonly open: number;
  readonly closed: number;
}

export interface BoardOptions {
  readonly view?: 'kanban' | 'summary';
  readonly type?: string;
  /** Include terminal columns' cards in kanban (their counts are always there). */
  readonly includeTerminal?: boolean;
  /** Cards per column in kanban (default 10). */
  readonly limit?: number;
}

/** Columns in workflow order per type; `summary` has counts only, `kanban` adds the top cards. */
export async function board(scope: Scope, options: BoardOptions = {}): Promise<Board> {
  const type = options.type === undefined ? undefined : parseInput(SlugSchema, options.type, 'type');
  const limit = options.limit ?? 10;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalid('limit: must be 1 to 100 cards per column');
  return projectRead(scope, async (tx, p) => {
    const types = p.schema.types.filter((w) => type === undefined || w.type === type);
    if (!types.length)
      throw invalid(`unknown ticket type '${type}'; types: ${p.schema.types.map((w) => w.type).join(', ')}`);
    const counts = await tx.counts.byStatus(p.rec.id, type === undefined ? undefined : [type]);
    const countOf = (t: string, s: string) => counts.find((c) => c.type === t && c.status === s)?.count ?? 0;
    let open = 0;
    let closed = 0;
    const out = [];
    for (const wf of types) {
      const columns: BoardColumn[] = [];
      for (const status of wf.states) {
        const terminal = wf.terminal.includes(status);
        const count = countOf(wf.type, status);
        if (terminal) closed += count;
        else open += count;
        if (options.view === 'kanban' && (!terminal || options.includeTerminal)) {
          const rows = count
            ? await tx.tickets.list(p.rec.id, { types: [wf.type], statuses: [status], limit, order: 'priority' })
            : [];
          columns.push({ status, terminal, count, tickets: rows.map((r) => toTicket(p, r)) });
        } else {
          columns.push({ status, terminal, count });
        }
      }
      out.push({ type: wf.type, columns });
    }
    return { types: out, open, closed };
  });
}

const byName = (a: string | null, b: string | null) =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;

export interface EntityCount {
  /** null: unassigned. */
  readonly entity: string | null;
  readonly count: number;
}

/** Tickets per assignee, optionally only in the given states. */
export async function countByEntity(scope: Scope, states: readonly string[] = []): Promise<EntityCount[]> {
  const statuses = states.map((s) => parseInput(SlugSchema, s, 'states'));
  return projectRead(scope, async (tx, p) => {
    const rows = await tx.counts.byAssignee(p.rec.id, statuses);
    // One order on every backend: most tickets first, then by name, unassigned last among equals.
    return rows
      .map((r) => ({ entity: r.key, count: r.count }))
      .sort((x, y) => y.count - x.count || byName(x.entity, y.entity));
  });
}

export async function labelCounts(scope: Scope): Promise<{ label: string; count: number }[]> {
  return projectRead(scope, async (tx, p) =>
    (await tx.counts.labels(p.rec.id)).map((r) => ({ label: r.key ?? '', count: r.count })),
  );
}

export interface DayFlow {
  /** `YYYY-MM-DD`, a UTC day. */
  readonly day: string;
  readonly opened: number;
  readonly closed: number;
}

/** Most days `flow` covers. */
export const MAX_FLOW_DAYS = 366;
const DAY = 86_400_000;

/**
 * Tickets opened and closed per UTC day over the last `days` days, today last, every day listed
 * (zeros included). "Closed" counts a ticket on the day it is closed now: one reopened since is not.
 */
export async function ticketFlow(scope: Scope, days = 30): Promise<DayFlow[]> {
  if (!Number.isInteger(days) || days < 1 || days > MAX_FLOW_DAYS)
    throw invalid(`days: must be a whole number from 1 to ${MAX_FLOW_DAYS}, not ${days}`, { field: 'days' });
  return projectRead(scope, async (tx, p) => {
    const today = Math.floor(scope.now() / DAY);
    const first = today - days + 1;
    const rows = new Map((await tx.counts.perDay(p.rec.id, first * DAY)).map((r) => [Number(r.day), r]));
    const out: DayFlow[] = [];
    for (let d = first; d <= today; d++) {
      const r = rows.get(d);
      out.push({
        day: new Date(d * DAY).toISOString().slice(0, 10),
        opened: Number(r?.opened ?? 0),
        closed: Number(r?.closed ?? 0),
      });
    }
    return out;
  });
}

/** The id of the project's latest change (0 when none): where a new follower starts. */
export function lastChangeId(scope: Scope): Promise<number> {
  return projectRead(scope, (tx, p) => tx.activity.lastEventId(p.rec.id));
}

/** Changes after `afterId`, oldest first: what `watch` and live streams follow. */
export async function changesSince(scope: Scope, afterId = 0, limit = 100): Promise<ChangeEvent[]> {
  const after = wholeNumber(afterId, 'after');
  const page = { after, limit: Math.min(Math.max(wholeNumber(limit, 'limit'), 1), 1000) };
  return projectRead(scope, async (tx, p) => {
    const events = await tx.activity.events(p.rec.id, page);
    const rows = await tx.activity.historyOfEvents(
      p.rec.id,
      events.map((e) => e.id),
    );
    return events.map((e) => ({
      id: e.id,
      project: p.rec.key,
      kind: e.kind,
      ticket: e.ticketNumber === null ? null : displayId(p.prefix, e.ticketNumber),
      actor: e.actor,
      at: iso(e.at)!,
      changes: rows
        .filter((r) => r.eventId === e.id && r.ticketId === e.ticketId)
        .map((r) => ({ field: r.field, old: r.old, new: r.new })),
    }));
  });
}

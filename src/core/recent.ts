import { invalid, isDocketError } from '../domain/errors.js';
import type { ChangeEvent } from '../domain/events.js';
import type { Ticket } from '../domain/ticket.js';
import type { Project } from './docket.js';

/**
 * What changed lately, read from the change feed backwards: the open tickets most recently changed
 * (MCP `resources/list`) and the changes since a time (the `standup` prompt). Built on `Project`'s
 * public methods only (`changes`, `lastChangeId`, `get`, `list`), so it needs no store query of its
 * own. "Changed" is what the feed records: edits, moves, comments, links, claims.
 */

/** Most feed events one call reads; past it, tickets follow by number (newest first). */
export const SCAN_LIMIT = 5000;

export interface RecentPage {
  readonly items: readonly Ticket[];
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly next: string | null;
}

/**
 * Where a page starts. `feed`: tickets whose latest change has an id below `before`. `rest`: once the
 * feed window is used up (it starts at `floor`), the open tickets with no change from `floor` on, by
 * number below `below`, newest first.
 */
type Cursor =
  | { readonly phase: 'start' }
  | { readonly phase: 'feed'; readonly before: number }
  | { readonly phase: 'rest'; readonly below: number; readonly floor: number };

const natural = (s: string | undefined) => (s !== undefined && /^\d{1,15}$/.test(s) ? Number(s) : Number.NaN);

function parseCursor(cursor: string | undefined): Cursor {
  if (cursor === undefined || cursor === '') return { phase: 'start' };
  const [phase, a, b] = cursor.split('.');
  if (phase === 'f' && natural(a) > 0 && b === undefined) return { phase: 'feed', before: natural(a) };
  if (phase === 'r' && natural(a) >= 0 && natural(b) >= 0)
    return { phase: 'rest', below: natural(a), floor: natural(b) };
  throw invalid(`cursor '${cursor.slice(0, 40)}' is not one this list gave out; start again without one`, {
    field: 'cursor',
  });
}

/**
 * The tickets whose text a change alters: its own, and for a link or unlink the ticket at the other
 * end (the feed names only the source; the target's history row records `blocked by DOC-1`).
 */
export function ticketsTouched(e: ChangeEvent): string[] {
  const out = e.ticket ? [e.ticket] : [];
  for (const c of e.changes) {
    if (c.field !== 'link') continue;
    const other = (c.new ?? c.old ?? '').split(' ').pop();
    if (other && !out.includes(other)) out.push(other);
  }
  return out;
}

/** Events with ids in (after, before), oldest first. */
async function between(project: Project, after: number, before: number): Promise<ChangeEvent[]> {
  const out: ChangeEvent[] = [];
  let from = Math.max(after, 0);
  for (;;) {
    const page = await project.changes(from, 1000);
    for (const e of page) if (e.id < before) out.push(e);
    const last = page[page.length - 1];
    if (!last || last.id >= before - 1 || page.length < 1000) return out;
    from = last.id;
  }
}

/**
 * The feed from `before` (exclusive) back to its first event, newest first. The feed only reads
 * forwards, so it is read in windows of ids below `before`; a window that held few of this project's
 * events (ids are shared by all projects on SQLite) is followed by a wider one.
 */
async function* backwards(project: Project, before: number): AsyncGenerator<ChangeEvent> {
  let upper = before;
  let width = 256;
  while (upper > 1) {
    const lower = Math.max(0, upper - 1 - width);
    const window = await between(project, lower, upper);
    for (let i = window.length - 1; i >= 0; i--) yield window[i]!;
    upper = lower + 1;
    width = Math.min(Math.max(Math.round((width * 256) / Math.max(window.length, 1)), 64), 1 << 20);
  }
}

/** The ticket as it is now, or null when it is gone (its project's history outlives nothing else). */
async function current(project: Project, id: string): Promise<Ticket | null> {
  try {
    return await project.get(id);
  } catch (e) {
    if (isDocketError(e) && e.code === 'not_found') return null;
    throw e;
  }
}

/**
 * One page of the project's open tickets, most recently changed first (by their latest change in the
 * feed). Every call reads at most about `SCAN_LIMIT` events: a project whose open tickets are older
 * than that many changes lists the rest by number, newest first, after the recently changed ones.
 * A ticket changed while a client pages moves to the front, so it is not listed again further on.
 *
 * @example
 * let page = await recentlyChanged(doc, { limit: 50 });
 * while (page.next) page = await recentlyChanged(doc, { cursor: page.next, limit: 50 });
 */
export async function recentlyChanged(
  project: Project,
  options: {
    readonly cursor?: string;
    readonly limit?: number;
    /** Most feed events to read (default `SCAN_LIMIT`; tests make it small). */
    readonly scan?: number;
  } = {},
): Promise<RecentPage> {
  const limit = options.limit ?? 50;
  const scan = options.scan ?? SCAN_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw invalid('limit: must be 1 to 500', { field: 'limit' });
  const cursor = parseCursor(options.cursor);
  const top = await project.lastChangeId();
  /** Tickets whose latest change is at or above the point this page starts from: listed before. */
  const seen = new Set<string>();
  const note = (events: readonly ChangeEvent[]) => {
    for (const e of events) for (const id of ticketsTouched(e)) seen.add(id);
  };
  if (cursor.phase === 'rest') {
    note(await between(project, cursor.floor - 1, top + 1));
    return rest(project, cursor.below, cursor.floor, seen, [], limit);
  }
  const before = cursor.phase === 'feed' ? cursor.before : top + 1;
  let scanned = 0;
  if (cursor.phase === 'feed') {
    const newer = await between(project, before - 1, top + 1);
    note(newer);
    scanned = newer.length;
  }
  const items: Ticket[] = [];
  let floor = 0;
  for await (const e of backwards(project, before)) {
    if (scanned++ >= scan) {
      floor = e.id + 1;
      break;
    }
    for (const id of ticketsTouched(e)) {
      if (seen.has(id)) continue;
      seen.add(id);
      const t = await current(project, id);
      if (t && t.closedAt === null) items.push(t);
    }
    // A page ends after a whole change (a link touches two tickets), so the cursor never splits one.
    if (items.length >= limit) return { items, next: `f.${e.id}` };
  }
  return rest(project, 0, floor, seen, items, limit);
}

/** Fills the page with open tickets the feed window did not reach, by number, newest first. */
async function rest(
  project: Project,
  below: number,
  floor: number,
  seen: ReadonlySet<string>,
  items: Ticket[],
  limit: number,
): Promise<RecentPage> {
  let after = below;
  for (;;) {
    const page = await project.list({ state: 'open', order: 'desc', limit: 200, ...(after ? { after } : {}) });
    for (const t of page.items) {
      if (seen.has(t.id)) continue;
      items.push(t);
      if (items.length === limit) return { items, next: t.number > 1 ? `r.${t.number}.${floor}` : null };
    }
    if (page.next === null) return { items, next: null };
    after = page.next;
  }
}

/**
 * The project's changes at or after `since` (epoch ms), oldest first, at most `max` of them (the
 * newest when there are more: `complete` is then false).
 */
export async function changesSince(
  project: Project,
  since: number,
  max = 500,
): Promise<{ readonly events: readonly ChangeEvent[]; readonly complete: boolean }> {
  const top = await project.lastChangeId();
  const events: ChangeEvent[] = [];
  for await (const e of backwards(project, top + 1)) {
    if (Date.parse(e.at) < since) return { events: events.reverse(), complete: true };
    if (events.length === max) return { events: events.reverse(), complete: false };
    events.push(e);
  }
  return { events: events.reverse(), complete: true };
}

/**
 * The project's latest changes, newest first: at most `limit`, with ids below `before` when given
 * (pass the last one's id to read further back). What a "recent activity" feed shows.
 */
export async function latestChanges(
  project: Project,
  options: { readonly before?: number; readonly limit?: number } = {},
): Promise<ChangeEvent[]> {
  const limit = options.limit ?? 20;
  const before = options.before ?? (await project.lastChangeId()) + 1;
  const out: ChangeEvent[] = [];
  if (limit < 1) return out;
  for await (const e of backwards(project, before)) {
    out.push(e);
    if (out.length === limit) break;
  }
  return out;
}

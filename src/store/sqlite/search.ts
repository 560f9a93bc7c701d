import type { SearchQuery, SearchTerm } from '../../domain/search-query.js';
import type { SearchHit, TicketFilterSpec } from '../store.js';
import type { Statements } from './statements.js';
import { filterSql, ticketsByIds } from './tickets.js';

const SNIPPET = "snippet(tickets_fts, -1, '**', '**', '…', 16)";

/** Turns a parsed query into an FTS5 expression; every word is quoted, so no input is read as syntax. */
export function toFts5(query: SearchQuery): string {
  const term = (t: SearchTerm) => `"${t.words.join(' ')}"${t.prefix ? ' *' : ''}`;
  return query
    .map((group) => {
      const pos = group.filter((t) => !t.exclude).map(term);
      const neg = group.filter((t) => t.exclude).map(term);
      const must = `(${pos.join(' AND ')})`;
      return neg.length ? `(${must} NOT (${neg.join(' OR ')}))` : must;
    })
    .join(' OR ');
}

/**
 * The most matches one search ranks. Up to it the ranking is exact bm25; past it, a word found in a
 * large share of tickets would have every search score all of them (bm25 reads each match's column
 * sizes: about 1 µs a match at 100k tickets and 3 µs at 1M, where a word in a fifth of the tickets
 * took 300-500 ms), so the best of the newest this many matches come back instead. Measured in
 * bench/core.bench.ts; docs/library.md (search) describes the trade.
 */
export const RANK_WINDOW = 5000;

/**
 * FTS5 uses a rowid constraint only when its value is an INTEGER, and better-sqlite3 binds JavaScript
 * numbers as REAL. Given a REAL, FTS5 reads every match for a range (SQLite filters afterwards:
 * right, but as slow as no bound) and answers every match for an equality (wrong rows). So every
 * rowid compared inside a MATCH query is cast.
 */
const ROWID = 'CAST(? AS INTEGER)';

/** The rowid of the `window`-th newest match, or undefined when there are fewer matches than that. */
export const WINDOW_START =
  'SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?';

/** One ticket's snippet for a match. */
const SNIPPET_OF = `SELECT ${SNIPPET} AS snip FROM tickets_fts WHERE tickets_fts MATCH ? AND rowid = ${ROWID}`;

/** The best-ranked matches with their snippets: all of them, or (`RANKED_FROM`) from a rowid on. */
export const RANKED = `SELECT rowid AS id, rank, ${SNIPPET} AS snip FROM tickets_fts WHERE tickets_fts MATCH ? ORDER BY rank LIMIT ?`;
export const RANKED_FROM = RANKED.replace(' ORDER BY', ` AND rowid >= ${ROWID} ORDER BY`);

/**
 * Ranked search. Ranks inside the FTS index first, over the newest `window` matches, and joins only
 * the best rows (2-4x faster than joining first); when filters leave too few of those (a filter that
 * most matches fail, or a project whose matches are older than other projects' newest), ranks the
 * newest `window` matches of the filtered join instead.
 */
export function searchTickets(
  s: Statements,
  projectId: number,
  query: SearchQuery,
  filter: TicketFilterSpec,
  limit: number,
  includeComments: boolean,
  window = RANK_WINDOW,
): SearchHit[] {
  const match = toFts5(query);
  const scores = new Map<number, number>();
  const note = (id: number, rank: number) => {
    const prev = scores.get(id);
    if (prev === undefined || rank < prev) scores.set(id, rank);
  };

  const params: unknown[] = [projectId];
  const where = filterSql(filter, params);
  const cap = limit * 4 + 20;
  const from = s.one<{ rowid: number }>(WINDOW_START, match, window - 1)?.rowid ?? 0;
  // The snippets come with the ranking: under ORDER BY rank LIMIT, FTS5 makes them only for the
  // rows it returns, where a second MATCH for them would run the whole query again (for a prefix
  // query, the costliest part of a search).
  // With fewer matches than the window, no bound: a rowid range slows FTS5 down on phrases.
  type Ranked = { id: number; rank: number; snip: string | null };
  const top = from ? s.all<Ranked>(RANKED_FROM, match, from, cap) : s.all<Ranked>(RANKED, match, cap);
  const known = new Map<number, string>();
  for (const r of top) if (r.snip) known.set(r.id, r.snip);
  const kept = keepMatching(s, top, where, params);
  if (kept.length < limit && (top.length === cap || from > 0)) {
    const rows = s.all<{ id: number; rank: number }>(
      `SELECT t.id AS id, f.rank AS rank FROM tickets_fts f JOIN tickets t ON t.id = f.rowid WHERE tickets_fts MATCH ? AND t.project_id = ?${where} ORDER BY f.rowid DESC LIMIT ?`,
      match,
      ...params,
      window,
    );
    for (const r of rows) note(r.id, r.rank);
  } else {
    for (const r of kept) note(r.id, r.rank);
  }

  if (includeComments) {
    const rows = s.all<{ id: number; rank: number }>(
      `SELECT t.id AS id, f.rank AS rank FROM comments_fts f JOIN comments c ON c.id = f.rowid JOIN tickets t ON t.id = c.ticket_id WHERE comments_fts MATCH ? AND t.project_id = ?${where} ORDER BY f.rowid DESC LIMIT ?`,
      match,
      ...params,
      window,
    );
    for (const r of rows) note(r.id, r.rank);
  }

  // Best first; equal ranks newest first, so the order is stable.
  const best = [...scores.entries()].sort((a, b) => a[1] - b[1] || b[0] - a[0]).slice(0, limit);
  const ids = best.map(([id]) => id);
  const missing = ids.filter((id) => !known.has(id));
  const snippets = missing.length ? new Map([...known, ...snippetsFor(s, match, missing)]) : known;
  const tickets = ticketsByIds(s, ids);
  return tickets.map((ticket, i) => ({
    ticket,
    rank: Math.round(-best[i]![1] * 1000) / 1000,
    snippet: snippets.get(ticket.id) ?? ticket.title,
  }));
}

function keepMatching(
  s: Statements,
  top: { id: number; rank: number }[],
  where: string,
  params: unknown[],
): { id: number; rank: number }[] {
  if (!top.length) return [];
  const ids = top.map((r) => r.id);
  const rows = s.all<{ id: number }>(
    `SELECT t.id AS id FROM tickets t WHERE t.id IN (${ids.map(() => '?').join(', ')}) AND t.project_id = ?${where}`,
    ...ids,
    ...params,
  );
  const ok = new Set(rows.map((r) => r.id));
  return top.filter((r) => ok.has(r.id));
}

/** Snippets for tickets the ranked rows did not bring, one seek per ticket. */
function snippetsFor(s: Statements, match: string, ids: readonly number[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const id of ids) {
    const row = s.one<{ snip: string | null }>(SNIPPET_OF, match, id);
    if (row?.snip) out.set(id, row.snip);
  }
  return out;
}

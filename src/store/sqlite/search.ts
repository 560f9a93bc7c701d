import type { SearchQuery, SearchTerm } from '../../domain/search-query.js';
import { MATCH_END, MATCH_START } from '../../domain/snippet.js';
import type { SearchSpec } from '../tickets.js';
import { placeholders, type Statements } from './statements.js';

/** Matches between the marks of domain/snippet.ts, which `trustedSnippet` checks against the ticket's text. */
const SNIPPET = `snippet(tickets_fts, -1, '${MATCH_START}', '${MATCH_END}', '…', 16)`;

/** The words of the index a prefix stands for, or undefined to let FTS5 read the prefix itself. */
export type Speller = (prefix: string) => readonly string[] | undefined;

const quoted = (word: string) => `"${word.replaceAll('"', '""')}"`;

/**
 * Turns a parsed query into an FTS5 expression; every word is quoted, so no input is read as syntax.
 * With a speller, a one-word prefix it knows becomes the OR of its words (see `spellPrefix`).
 */
export function toFts5(query: SearchQuery, spell?: Speller): string {
  const term = (t: SearchTerm) => {
    const words = t.prefix && t.words.length === 1 ? spell?.(t.words[0]!) : undefined;
    if (words) return `(${words.map(quoted).join(' OR ')})`;
    return `"${t.words.join(' ')}"${t.prefix ? ' *' : ''}`;
  };
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
 * FTS5 uses a rowid constraint only when its value is an INTEGER, and better-sqlite3 binds JavaScript
 * numbers as REAL. Given a REAL, FTS5 reads every match for a range (SQLite filters afterwards:
 * right, but as slow as no bound) and answers every match for an equality (wrong rows). So every
 * rowid compared inside a MATCH query is cast.
 */
const ROWID = 'CAST(? AS INTEGER)';

/** The most words a prefix is spelled out into; a prefix with more is left to FTS5. */
export const PREFIX_WORDS = 32;

/** The full-text indexes: ticket titles and descriptions, and comments. */
export const FTS_INDEXES = ['tickets_fts', 'comments_fts'] as const;
export type FtsIndex = (typeof FTS_INDEXES)[number];

/**
 * A prefix's words in an index, with the rows each is in, read through a per-connection fts5vocab
 * table (`VOCABULARY_TABLES`). fts5vocab counts the rows as it goes, so reading a word costs about as
 * much as walking its postings once.
 */
export const WORDS_OF = (index: FtsIndex) =>
  `SELECT term, doc FROM temp.${index}_words WHERE term >= ? AND term < ? LIMIT ${PREFIX_WORDS + 1}`;

/** Makes the vocabulary tables `WORDS_OF` reads, on opening: they live in the connection's temp schema, not the file. */
export const VOCABULARY_TABLES: readonly string[] = FTS_INDEXES.map(
  (index) => `CREATE VIRTUAL TABLE IF NOT EXISTS temp.${index}_words USING fts5vocab(main, ${index}, row)`,
);

/** Prefixes fts5vocab can be asked about as they are: the tokenizer changes no ASCII letter or digit. */
const PLAIN = /^[a-z0-9]+$/;

/** The bounds of the words starting with a plain prefix: from it to the prefix with its last character raised. */
export function prefixRange(prefix: string): [string, string] | undefined {
  if (!PLAIN.test(prefix)) return undefined;
  return [prefix, prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)];
}

/**
 * Whether to search a prefix as the OR of its words. Without a prefix index, FTS5 answers `auth*`
 * by merging the position lists of every word it covers into one, for each cursor a search opens,
 * and a bound on rowids does not shorten that merge; an OR of the words seeks each list to the
 * ranking window instead (bench/core.bench.ts; docs/benchmarks.md has the figures). Each word of an
 * OR costs a little more, so a prefix with more than `PREFIX_WORDS` words, or whose words are in no
 * more rows altogether than the window holds (too few matches for the window to apply), stays a prefix.
 */
export function spellPrefix(words: readonly { term: string; doc: number }[], window: number): string[] | undefined {
  if (!words.length || words.length > PREFIX_WORDS) return undefined;
  let rows = 0;
  for (const w of words) rows += w.doc;
  return rows > window ? words.map((w) => w.term) : undefined;
}

/** A row when a query has at least `window` matches (the offset is `window - 1`), none when fewer. */
export const WINDOW_FILLED =
  'SELECT 1 AS one FROM tickets_fts WHERE tickets_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?';

/** One ticket's snippet for a match. */
export const SNIPPET_OF = `SELECT ${SNIPPET} AS snip FROM tickets_fts WHERE tickets_fts MATCH ? AND rowid = ${ROWID}`;

/** The best-ranked matches with their snippets, when they are fewer than the window. */
export const RANKED = `SELECT rowid AS id, rank, ${SNIPPET} AS snip FROM tickets_fts WHERE tickets_fts MATCH ? ORDER BY rank LIMIT ?`;

/** The newest matches with their ranks, in rowid order: the window, ranked by the caller. */
export const NEWEST = 'SELECT rowid AS id, rank FROM tickets_fts WHERE tickets_fts MATCH ? ORDER BY rowid DESC LIMIT ?';

type Ranked = { id: number; rank: number; snip?: string | null };

/** Best first; equal ranks newest first, so the order is stable. */
export const byRank = (a: { id: number; rank: number }, b: { id: number; rank: number }) =>
  a.rank - b.rank || b.id - a.id;

/**
 * The `cap` best of a query's matches (bm25 reads each match's column sizes, so its cost grows with
 * the matches: hence `RANK_WINDOW`), ranked in the FTS index before any join (faster than joining
 * first). Fewer matches than the window are ranked by FTS5, which makes the snippets of the
 * rows it returns as it goes. More are ranked here from the newest `window` with their ranks: FTS5's
 * `ORDER BY rank` over a rowid range seeks every phrase back to each row it returns, which made an
 * AND or a phrase markedly slower (docs/benchmarks.md); the few snippets this leaves out come after
 * (`snippetsFor`). `windowed` says the matches outnumbered the window, `lowest` is then the lowest
 * rowid in it.
 */
export function rankMatches(
  s: Statements,
  match: string,
  window: number,
  cap: number,
): { top: Ranked[]; windowed: boolean; lowest: number | undefined } {
  const windowed = s.one(WINDOW_FILLED, match, window - 1) !== undefined;
  if (!windowed) return { top: s.all<Ranked>(RANKED, match, cap), windowed, lowest: undefined };
  const newest = s.all<Ranked>(NEWEST, match, window);
  const lowest = newest.at(-1)?.id;
  return { top: newest.sort(byRank).slice(0, cap), windowed, lowest };
}

/** A search as tickets.ts hands it over: its filters already turned into SQL on `t` (`filterSql`). */
export interface MatchSpec extends Omit<SearchSpec, 'filter'> {
  /** `AND …` conditions on the tickets table `t`. */
  readonly where: string;
  /** The project's id, then the parameters of `where`. */
  readonly params: readonly unknown[];
}

/** The best matches, best first, and the snippets found while ranking them (by ticket id). */
export interface Matches {
  readonly best: readonly { readonly id: number; readonly rank: number }[];
  readonly snippets: ReadonlyMap<number, string>;
}

/**
 * Ranked search over the newest `window` matches (see `rankMatches`), joined with the tickets only
 * for the best rows; when filters leave too few of those (a filter that most matches fail, or a
 * project whose matches are older than other projects' newest), ranks the newest `window` matches
 * of the filtered join instead.
 */
export function searchMatches(s: Statements, spec: MatchSpec, window: number): Matches {
  const { query, where, params, limit } = spec;
  const match = toFts5(query, speller(s, 'tickets_fts', window));
  const scores = new Map<number, number>();
  const note = (id: number, rank: number) => {
    const prev = scores.get(id);
    if (prev === undefined || rank < prev) scores.set(id, rank);
  };

  const cap = limit * 4 + 20;
  const { top, windowed, lowest } = rankMatches(s, match, window, cap);
  const known = new Map<number, string>();
  for (const r of top) if (r.snip) known.set(r.id, r.snip);
  const kept = keepMatching(s, top, where, params);
  if (kept.length < limit && (top.length === cap || windowed)) {
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

  if (spec.comments) {
    const rows = s.all<{ id: number; rank: number }>(
      `SELECT t.id AS id, f.rank AS rank FROM comments_fts f JOIN comments c ON c.id = f.rowid JOIN tickets t ON t.id = c.ticket_id WHERE comments_fts MATCH ? AND t.project_id = ?${where} ORDER BY f.rowid DESC LIMIT ?`,
      toFts5(query, speller(s, 'comments_fts', window)),
      ...params,
      window,
    );
    for (const r of rows) note(r.id, r.rank);
  }

  const best = [...scores.entries()]
    .map(([id, rank]) => ({ id, rank }))
    .sort(byRank)
    .slice(0, limit);
  const missing = best.map((b) => b.id).filter((id) => !known.has(id));
  const snippets = missing.length
    ? new Map([...known, ...snippetsFor(s, match, missing, snippetsInOnePass(match, missing, lowest))])
    : known;
  return { best, snippets };
}

function keepMatching(
  s: Statements,
  top: { id: number; rank: number }[],
  where: string,
  params: readonly unknown[],
): { id: number; rank: number }[] {
  if (!top.length) return [];
  const ids = top.map((r) => r.id);
  const rows = s.all<{ id: number }>(
    `SELECT t.id AS id FROM tickets t WHERE t.id IN (${placeholders(ids.length)}) AND t.project_id = ?${where}`,
    ...ids,
    ...params,
  );
  const ok = new Set(rows.map((r) => r.id));
  return top.filter((r) => ok.has(r.id));
}

/**
 * Whether the snippets of `ids` come faster from one pass over their rowid range than from a seek
 * each. A seek looks every word up again in every segment of the index, so one pass wins:
 * - when the match still holds a prefix FTS5 reads itself (the only `*` an expression from `toFts5`
 *   can hold), since each seek would merge the prefix's lists again;
 * - when the ids all lie in the ranked window (`lowest` is its lowest rowid), so the pass reads no
 *   more matches than the window holds.
 * docs/benchmarks.md (snippets past the window) has what each way costs.
 * Ids from further back (a filter that most recent matches fail) are sought one by one.
 */
export const snippetsInOnePass = (match: string, ids: readonly number[], lowest: number | undefined): boolean =>
  match.includes('*') || (lowest !== undefined && Math.min(...ids) >= lowest);

/** Snippets for tickets the ranked rows did not bring: one seek per ticket, or one pass (`snippetsInOnePass`). */
function snippetsFor(s: Statements, match: string, ids: readonly number[], onePass: boolean): Map<number, string> {
  const out = new Map<number, string>();
  if (onePass) {
    const rows = s.all<{ id: number; snip: string }>(SNIPPETS_IN(ids.length), ...ids, match, ...rangeOf(ids));
    for (const r of rows) out.set(r.id, r.snip);
    return out;
  }
  for (const id of ids) {
    const row = s.one<{ snip: string | null }>(SNIPPET_OF, match, id);
    if (row?.snip) out.set(id, row.snip);
  }
  return out;
}

/** The snippets of `n` tickets in one pass over the matches between the lowest and highest of them. */
export const SNIPPETS_IN = (n: number) =>
  `WITH w AS MATERIALIZED (SELECT rowid AS id, CASE WHEN rowid IN (${placeholders(n)}) ` +
  `THEN ${SNIPPET} END AS snip FROM tickets_fts WHERE tickets_fts MATCH ? AND rowid BETWEEN ${ROWID} AND ${ROWID}) ` +
  "SELECT id, snip FROM w WHERE snip IS NOT NULL AND snip <> ''";

export const rangeOf = (ids: readonly number[]): [number, number] => [Math.min(...ids), Math.max(...ids)];

/** Spells prefixes out from `index`'s words, when `spellPrefix` says the OR is the faster search. */
export function speller(s: Statements, index: FtsIndex, window: number): Speller {
  return (prefix) => {
    const range = prefixRange(prefix);
    return range && spellPrefix(s.all<{ term: string; doc: number }>(WORDS_OF(index), ...range), window);
  };
}

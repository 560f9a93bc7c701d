import type { SearchQuery, SearchTerm } from '../../domain/search-query.js';
import { fieldStrings, MATCH_END, MATCH_START, trustedSnippet } from '../../domain/snippet.js';
import { FIELD_STRINGS } from './only/ddl.js';
import { RANK_WINDOW, type SearchHit, type SearchSpec, type TicketRecord } from '../tickets.js';
import { filterSql, Params, type Statements, TICKET_COLUMNS } from './statements.js';

/**
 * A term as tsquery text: the words of a phrase joined by `<->`, the last one a prefix when asked.
 * Words hold only letters, digits and `_` (the shared parser made them), and `_` splits words as it
 * does in indexed text, so quoting each part cannot let input be read as syntax.
 */
function termQuery(t: SearchTerm): string {
  const parts = t.words.flatMap((w) => w.split('_')).filter((w) => w.length > 0);
  const lexemes = parts.map((w, i) => `'${w}'${t.prefix && i === parts.length - 1 ? ':*' : ''}`);
  return lexemes.length > 1 ? `(${lexemes.join(' <-> ')})` : (lexemes[0] ?? '');
}

/** Each OR group as tsquery text, with its positive terms alone (to drop groups that normalise to nothing). */
export function toTsqueryGroups(query: SearchQuery): { full: string[]; positive: string[] } {
  const full: string[] = [];
  const positive: string[] = [];
  for (const group of query) {
    const pos = group
      .filter((t) => !t.exclude)
      .map(termQuery)
      .filter(Boolean);
    const neg = group
      .filter((t) => t.exclude)
      .map(termQuery)
      .filter(Boolean);
    if (!pos.length) continue;
    full.push([...pos, ...neg.map((n) => `!${n}`)].join(' & '));
    positive.push(pos.join(' & '));
  }
  return { full, positive };
}

/** Matches between the marks of domain/snippet.ts, which `trustedSnippet` checks against the ticket's text. */
const HEADLINE = `'StartSel="${MATCH_START}", StopSel="${MATCH_END}", MaxWords=16, MinWords=6, ShortWord=0, MaxFragments=1, FragmentDelimiter=" … "'`;

/**
 * Ranked search. The query is normalised by the store's text search configuration (case, accents,
 * stemming when a language is set) in one statement, then the newest `window` matching tickets that
 * pass the filters (and as many comments, when asked) are ranked with `ts_rank_cd` (title weighs
 * more than description), and the best get a marked snippet. Ranking every match read each one's
 * `tsvector`, so a common word cost more as the project grew; with the window (`RANK_WINDOW`) a
 * search reads about the same rows at any size (docs/postgres.md; docs/benchmarks.md has the figures).
 * The caller has entered the project.
 */
export async function searchTickets(
  s: Statements,
  projectId: number,
  spec: SearchSpec,
  window = RANK_WINDOW,
): Promise<SearchHit[]> {
  const { query, filter, limit, comments: includeComments } = spec;
  const groups = toTsqueryGroups(query);
  if (!groups.full.length) return [];
  // A group whose positive words all normalise to nothing would otherwise match by its exclusions alone.
  const normal = await s.one<{ q: string | null }>(
    "SELECT string_agg('(' || to_tsquery('docket_search', g.whole)::text || ')', ' | ') AS q " +
      'FROM unnest($1::text[], $2::text[]) AS g(whole, pos) ' +
      "WHERE numnode(to_tsquery('docket_search', g.pos)) > 0",
    groups.full,
    groups.positive,
  );
  if (!normal?.q) return [];

  const p = new Params(normal.q, projectId);
  const where = filterSql(filter, p);
  const newest = p.add(window);
  // The query goes in as $1 itself, not through the CTE `q`, so the planner sees it: a word in many
  // tickets is then read along the number index until the window is full, a rare one through the
  // search index, and only the window's rows are ranked.
  const tickets =
    'SELECT t.id, ts_rank_cd(t.search, $1::tsquery) AS rank FROM tickets t ' +
    `WHERE t.search @@ $1::tsquery AND t.project_id = $2${where} ORDER BY t.number DESC LIMIT ${newest}`;
  const comments = includeComments
    ? ' UNION ALL (SELECT t.id, ts_rank_cd(c.search, $1::tsquery) AS rank FROM comments c JOIN tickets t ON t.id = c.ticket_id ' +
      `WHERE c.search @@ $1::tsquery AND t.project_id = $2${where} ORDER BY c.id DESC LIMIT ${newest})`
    : '';
  const rows = await s.all<TicketRecord & { rank: number; snip: string | null }>(
    `WITH q AS (SELECT $1::tsquery AS q), ` +
      `hits AS ((${tickets})${comments}), ` +
      `best AS (SELECT id, max(rank) AS rank FROM hits GROUP BY id ORDER BY rank DESC, id LIMIT ${p.add(limit)}) ` +
      `SELECT ${TICKET_COLUMNS}, best.rank, CASE ` +
      `WHEN ts_filter(t.search, '{a}') @@ q.q THEN ts_headline('docket_search', t.title, q.q, ${HEADLINE}) ` +
      `WHEN ts_filter(t.search, '{b}') @@ q.q THEN ts_headline('docket_search', t.description, q.q, ${HEADLINE}) ` +
      `WHEN ts_filter(t.search, '{c}') @@ q.q THEN ts_headline('docket_search', array_to_string(ARRAY(SELECT jsonb_array_elements_text(${FIELD_STRINGS.replace('fields', 't.fields')})), ' '), q.q, ${HEADLINE}) ` +
      `WHEN t.search @@ q.q THEN ts_headline('docket_search', t.title || ' — ' || t.description, q.q, ${HEADLINE}) ` +
      'END AS snip FROM best JOIN tickets t ON t.id = best.id, q ORDER BY best.rank DESC, best.id',
    ...p.values,
  );
  return rows.map(({ rank, snip, ...ticket }) => ({
    ticket,
    rank: Math.round(rank * 10_000) / 10_000,
    snippet: trustedSnippet(snip || ticket.title, [ticket.title, ticket.description, ...fieldStrings(ticket.fields)]),
  }));
}

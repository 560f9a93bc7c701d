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

/** How many of the newest tickets passing the filters a search reads first (docs/postgres.md, search). */
export const BAND = 1000;
/** The widest such band; past it the search index finds the matches. */
export const BAND_MAX = 5000;

/** Where one pass takes its tickets from: the newest `size` that pass the filters, or the search index. */
type Source = { readonly band: number } | { readonly index: true };

interface Pass {
  readonly hits: SearchHit[];
  /** Tickets the band read (the band was the whole filtered project when fewer than its size). */
  readonly walked: number;
  /** Tickets that matched in the band or a ranked comment. */
  readonly matched: number;
}

/**
 * Ranked search. The query is normalised by the store's text search configuration (case, accents,
 * stemming when a language is set), then matches are ranked with `ts_rank_cd` (title weighs more
 * than description) and the best get a marked snippet. Ranking reads each candidate's `tsvector`
 * (most are TOASTed at this size), and the search index hands out matches in no useful order, so a
 * common word cost hundreds of milliseconds at a million tickets whichever way it was read. Instead a
 * search first reads the newest `BAND` tickets that pass the filters along the number index and
 * ranks the matches among them; when that finds fewer than `limit`, one wider band (sized from the
 * share that matched, up to `BAND_MAX`) or, for a rare term, the search index takes over, ranking
 * the newest `window` matches as before. Every pass ranks at most `window` tickets.
 * The caller has entered the project.
 */
export async function searchTickets(
  s: Statements,
  projectId: number,
  spec: SearchSpec,
  window = RANK_WINDOW,
): Promise<SearchHit[]> {
  const groups = toTsqueryGroups(spec.query);
  if (!groups.full.length) return [];
  // A group whose positive words all normalise to nothing would otherwise match by its exclusions alone.
  const normal = await s.one<{ q: string | null; top: number | null }>(
    "SELECT string_agg('(' || to_tsquery('docket_search', g.whole)::text || ')', ' | ') AS q, " +
      '(SELECT max(number) FROM tickets WHERE project_id = $3) AS top ' +
      'FROM unnest($1::text[], $2::text[]) AS g(whole, pos) ' +
      "WHERE numnode(to_tsquery('docket_search', g.pos)) > 0",
    groups.full,
    groups.positive,
    projectId,
  );
  if (!normal?.q) return [];
  const q = normal.q;
  const first = Math.min(BAND, window);
  const a = await pass(s, projectId, spec, q, { band: first }, window);
  if (a.matched >= spec.limit || a.walked < first) return a.hits;
  if (a.matched > 0) {
    // Sized so that about 1.5 × limit matches are expected, if the share in the first band holds;
    // taken only while reading it costs less than fetching the matches the index would hand out.
    const size = Math.ceil((first * 1.5 * spec.limit) / a.matched);
    const expected = (a.matched / first) * (normal.top ?? 0);
    if (size <= Math.min(BAND_MAX, window) && size < 2 * expected) {
      const b = await pass(s, projectId, spec, q, { band: size }, window);
      if (b.matched >= spec.limit || b.walked < size) return b.hits;
    }
  }
  return (await pass(s, projectId, spec, q, { index: true }, window)).hits;
}

/** One statement: candidates from `source`, the best `limit` of them with snippets, and the counts. */
async function pass(
  s: Statements,
  projectId: number,
  spec: SearchSpec,
  q: string,
  source: Source,
  window: number,
): Promise<Pass> {
  const p = new Params(q, projectId);
  const where = filterSql(spec.filter, p);
  let at: string | undefined;
  const newest = () => (at ??= p.add(window));
  // Candidates come as (id, rank), rank null for a band ticket that does not match: the band's
  // rows are read once, ranked only where they match, and counted. Ranks are computed after the
  // LIMIT, never for every match the index found.
  const candidates =
    'band' in source
      ? 'SELECT b.id, CASE WHEN b.search @@ $1::tsquery THEN ts_rank_cd(b.search, $1::tsquery) END AS rank ' +
        `FROM (SELECT t.id, t.search FROM tickets t WHERE t.project_id = $2${where} ORDER BY t.number DESC LIMIT ${p.add(source.band)}) b`
      : 'SELECT w.id, ts_rank_cd(w.search, $1::tsquery) AS rank FROM (SELECT t.id, t.search FROM tickets t ' +
        `WHERE t.search @@ $1::tsquery AND t.project_id = $2${where} ORDER BY t.number DESC LIMIT ${newest()}) w`;
  const comments = spec.comments
    ? ' UNION ALL SELECT w.ticket_id, ts_rank_cd(c.search, $1::tsquery) FROM (SELECT c.id, t.id AS ticket_id FROM comments c ' +
      `JOIN tickets t ON t.id = c.ticket_id WHERE c.search @@ $1::tsquery AND t.project_id = $2${where} ORDER BY c.id DESC LIMIT ${newest()}) w ` +
      'JOIN comments c ON c.id = w.id'
    : '';
  const rows = await s.all<
    TicketRecord & { rank: number | null; snip: string | null; walked: number; matched: number }
  >(
    `WITH q AS (SELECT $1::tsquery AS q), cand AS (${candidates}), ` +
      `hits AS (SELECT id, rank FROM cand WHERE rank IS NOT NULL${comments}), ` +
      `best AS (SELECT id, max(rank) AS rank FROM hits GROUP BY id ORDER BY rank DESC, id LIMIT ${p.add(spec.limit)}), ` +
      'n AS (SELECT (SELECT count(*) FROM cand) AS walked, (SELECT count(DISTINCT id) FROM hits) AS matched) ' +
      `SELECT n.walked, n.matched, ${TICKET_COLUMNS}, best.rank, CASE ` +
      `WHEN ts_filter(t.search, '{a}') @@ q.q THEN ts_headline('docket_search', t.title, q.q, ${HEADLINE}) ` +
      `WHEN ts_filter(t.search, '{b}') @@ q.q THEN ts_headline('docket_search', t.description, q.q, ${HEADLINE}) ` +
      `WHEN ts_filter(t.search, '{c}') @@ q.q THEN ts_headline('docket_search', array_to_string(ARRAY(SELECT jsonb_array_elements_text(${FIELD_STRINGS.replace('fields', 't.fields')})), ' '), q.q, ${HEADLINE}) ` +
      `WHEN t.search @@ q.q THEN ts_headline('docket_search', t.title || ' — ' || t.description, q.q, ${HEADLINE}) ` +
      'END AS snip FROM n CROSS JOIN q LEFT JOIN best ON true LEFT JOIN tickets t ON t.id = best.id ' +
      'ORDER BY best.rank DESC, best.id',
    ...p.values,
  );
  const counts = rows[0] ?? { walked: 0, matched: 0 };
  const hits = rows
    .filter((r) => r.rank !== null)
    .map(({ rank, snip, walked: _w, matched: _m, ...ticket }) => ({
      ticket,
      rank: Math.round((rank ?? 0) * 10_000) / 10_000,
      snippet: trustedSnippet(snip || ticket.title, [ticket.title, ticket.description, ...fieldStrings(ticket.fields)]),
    }));
  return { hits, walked: counts.walked, matched: counts.matched };
}

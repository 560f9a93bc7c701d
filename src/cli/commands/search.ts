import { flatRuns, snippetRuns } from '../../domain/snippet.js';
import { intArg } from '../input.js';
import { boldMatches } from '../render.js';
import type { Session } from '../session.js';
import { ticketTable } from '../ticket-view.js';
import { type ListOptions, ticketFilter } from './list.js';

export interface SearchOptions extends ListOptions {
  readonly comments?: boolean;
}

/** `docket search "login timeout"`: ranked full-text search (words, "phrases", prefix*, -not, a OR b). */
export async function search(s: Session, words: readonly string[], o: SearchOptions): Promise<void> {
  const project = await s.project();
  const filter = ticketFilter(s, o, 'all');
  const results = await project.search({
    query: words.join(' '),
    ...filter,
    limit: intArg(o.limit, '--limit', 1) ?? 20,
    includeComments: o.comments === true,
  });
  if (s.json) return s.printJson(results);
  if (s.quiet) return s.lines(results.map((r) => r.ticket.id));
  if (!results.length) return s.note('nothing matches');
  // The snippet's own text as written (its `**` is the ticket's Markdown), the matches in bold when colour is on.
  const runs = results.map((r) => flatRuns(snippetRuns(r.snippet)));
  const cells = runs.map((rs) => rs.map((r) => r.text).join(''));
  const paint = (padded: string, raw: string, row: number) =>
    boldMatches(s.paint, runs[row] ?? [], raw) + padded.slice(raw.length);
  s.out(
    ticketTable(
      s,
      results.map((r) => r.ticket),
      { header: 'MATCH', cells, paint },
    ),
  );
}

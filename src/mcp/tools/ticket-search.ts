import type { SearchResult } from '../../core/queries.js';
import { plainSnippet } from '../../domain/snippet.js';
import { card, passage } from '../render.js';
import { flag, input, num, text } from '../schema.js';
import { defineTool, READ_ONLY } from '../tool.js';
import { defined, many, orNull } from './args.js';

const schema = input({
  project: text.optional(),
  query: text,
  type: text.optional(),
  status: text.optional(),
  assignee: text.optional(),
  open: flag.optional(),
  comments: flag.optional(),
  limit: num.optional(),
});

/** The card, then the best passage when it shows more than the title already does. */
function hit(r: SearchResult): string {
  const plain = plainSnippet(r.snippet).replace(/\s+/g, ' ').trim();
  return plain && plain !== r.ticket.title.replace(/\s+/g, ' ').trim()
    ? `${card(r.ticket)}\n  ${passage(r.snippet)}`
    : card(r.ticket);
}

export const ticketSearchTool = defineTool({
  name: 'ticket_search',
  description: 'Ranked full-text search: words, "a phrase", pre*, -not, a OR b.',
  input: schema,
  annotations: { ...READ_ONLY, idempotentHint: true },
  async run(a, call) {
    const doc = await call.project(a.project, 'read');
    const hits = await doc.search({
      query: a.query,
      ...defined({
        type: many(a.type),
        status: many(a.status),
        assignee: a.assignee === undefined ? undefined : orNull(a.assignee),
        state: a.open === undefined ? undefined : a.open ? ('open' as const) : ('closed' as const),
        includeComments: a.comments,
        limit: a.limit,
      }),
    });
    return hits.length ? hits.map(hit).join('\n') : 'no matches';
  },
});

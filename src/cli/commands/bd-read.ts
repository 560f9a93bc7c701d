import { bdDetailText, bdTable, toBd, toBdDetail } from '../blinkdesk-view.js';
import { defined, intArg, listArg } from '../input.js';
import { readPages } from '../paging.js';
import { table } from '../render.js';
import type { Session } from '../session.js';

/** `ticket get ID [--no-logs] [--no-comments]`. */
export async function ticketGet(s: Session, id: string, o: { logs?: boolean; comments?: boolean }): Promise<void> {
  const d = await (await s.project()).detail(id, {
    comments: o.comments !== false,
    history: o.logs === false ? 0 : 1000,
  });
  if (s.json) s.printJson(toBdDetail(d));
  else if (s.quiet) s.out(d.ticket.id);
  else s.out(bdDetailText(s, d));
}

export interface TicketListOptions {
  readonly state?: readonly string[];
  readonly assignee?: string;
  readonly priority?: string;
  readonly category?: string;
  readonly afterId?: string;
  readonly limit?: string;
}

/** `ticket list [-s STATE] [-a] [-p] [-c] [--after-id N] [--limit N]`: every match when no limit is given. */
export async function ticketList(s: Session, o: TicketListOptions): Promise<void> {
  const project = await s.project();
  const filter = defined({
    status: listArg(o.state),
    assignee: o.assignee,
    priority: o.priority,
    category: o.category,
  });
  const page = await readPages(
    (after, limit) => project.list({ ...filter, limit, ...(after !== undefined ? { after } : {}) }),
    intArg(o.limit, '--limit', 1),
    intArg(o.afterId, '--after-id'),
  );
  if (s.json) s.printJson(page.items.map(toBd));
  else if (s.quiet) s.lines(page.items.map((t) => t.id));
  else if (!page.items.length) s.note('No tickets found.');
  else s.out(bdTable(s, page.items));
}

/** `ticket search QUERY [--include-comments] [--limit N]`. */
export async function ticketSearch(
  s: Session,
  words: readonly string[],
  o: { includeComments?: boolean; limit?: string },
): Promise<void> {
  const results = await (await s.project()).search({
    query: words.join(' '),
    includeComments: o.includeComments === true,
    limit: intArg(o.limit, '--limit', 1) ?? 20,
  });
  const tickets = results.map((r) => r.ticket);
  if (s.json) s.printJson(tickets.map(toBd));
  else if (s.quiet) s.lines(tickets.map((t) => t.id));
  else if (!tickets.length) s.note('No tickets found.');
  else s.out(bdTable(s, tickets));
}

/** `ticket count-by-entity [-s STATE]…`: open work per assignee (null: unassigned). */
export async function ticketCount(s: Session, o: { state?: readonly string[] }): Promise<void> {
  const rows = await (await s.project()).countByEntity(listArg(o.state) ?? []);
  if (s.json) return s.printJson(rows);
  if (s.quiet) return s.lines(rows.map((r) => r.entity ?? '-'));
  s.out(
    table(
      [{ header: 'ENTITY' }, { header: 'COUNT', right: true }],
      rows.map((r) => [r.entity ?? '(unassigned)', String(r.count)]),
      s.width,
      s.paint,
    ),
  );
}

import type { ListQuery } from '../../domain/inputs.js';
import { UsageError } from '../errors.js';
import { defined, intArg, listArg } from '../input.js';
import { readPages } from '../paging.js';
import { type PlanningFilterOptions, planningFilter } from '../planning-args.js';
import type { Session } from '../session.js';
import { printTickets } from '../ticket-view.js';

export interface ListOptions extends PlanningFilterOptions {
  readonly status?: readonly string[];
  readonly type?: readonly string[];
  readonly priority?: readonly string[];
  readonly assignee?: string;
  readonly unassigned?: boolean;
  readonly mine?: boolean;
  readonly category?: string;
  readonly label?: string;
  readonly open?: boolean;
  readonly closed?: boolean;
  readonly all?: boolean;
  readonly afterId?: string;
  readonly limit?: string;
  readonly desc?: boolean;
  readonly sort?: string;
}

/** The filter shared by ls and search; `fallback` is the state when no status, --open, --closed or --all is given. */
export function ticketFilter(
  s: Session,
  o: ListOptions,
  fallback: 'open' | 'all' = 'open',
): Omit<ListQuery, 'after' | 'limit' | 'order'> {
  const status = listArg(o.status);
  if (o.mine && s.actor() === null) throw new UsageError('--mine needs to know who you are: --as NAME or DOCKET_ACTOR');
  const state = status ? undefined : o.all ? 'all' : o.closed ? 'closed' : o.open ? 'open' : fallback;
  return {
    ...defined({
      status,
      type: listArg(o.type),
      priority: listArg(o.priority),
      assignee: o.unassigned ? null : o.mine ? (s.actor() ?? undefined) : o.assignee,
      category: o.category,
      label: o.label,
      state,
    }),
    ...planningFilter(o),
  };
}

/** `docket ls`: open tickets, oldest first, 50 at a time (`--after-id` for the next page). */
export async function list(s: Session, o: ListOptions): Promise<void> {
  const project = await s.project();
  const limit = intArg(o.limit, '--limit', 1) ?? 50;
  const filter = ticketFilter(s, o);
  if (o.sort !== undefined && o.sort !== 'due' && o.sort !== 'number') {
    throw new UsageError(`--sort takes due or number, not '${o.sort}'`);
  }
  const order = o.sort === 'due' ? 'due' : o.desc ? 'desc' : 'asc';
  const page = await readPages(
    (after, n) => project.list({ ...filter, limit: n, order, ...(after !== undefined ? { after } : {}) }),
    limit,
    intArg(o.afterId, '--after-id'),
  );
  printTickets(s, page.items, { tickets: page.items, next: page.next }, 'no tickets match');
  if (page.next !== null && !s.json && !s.quiet) s.note(s.paint.dim(`more: docket ls --after-id ${page.next}`));
}

import type { ReadyQuery } from '../../domain/inputs.js';
import { UsageError } from '../errors.js';
import { defined, intArg, listArg } from '../input.js';
import type { Session } from '../session.js';
import { printTickets } from '../ticket-view.js';

export interface ReadyOptions {
  readonly type?: readonly string[];
  readonly priority?: readonly string[];
  readonly category?: string;
  readonly label?: string;
  readonly mine?: boolean;
  readonly limit?: string;
}

/** The filter of ready and claim --next. */
export function readyQuery(s: Session, o: ReadyOptions): ReadyQuery {
  if (o.mine && s.actor() === null) throw new UsageError('--mine needs to know who you are: --as NAME or DOCKET_ACTOR');
  return defined({
    type: listArg(o.type),
    priority: listArg(o.priority),
    category: o.category,
    label: o.label,
    assignee: o.mine ? (s.actor() ?? undefined) : undefined,
    limit: intArg(o.limit, '--limit', 1),
  });
}

/** `docket ready`: open, unblocked, unclaimed work, most urgent first. */
export async function ready(s: Session, o: ReadyOptions): Promise<void> {
  const tickets = await (await s.project()).ready(readyQuery(s, o));
  printTickets(s, tickets, tickets, 'nothing is ready: every open ticket is claimed or blocked');
}

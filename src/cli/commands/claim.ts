import { UsageError } from '../errors.js';
import { intArg } from '../input.js';
import type { Session } from '../session.js';
import { checkoutTicketBranch } from '../ticket-branch.js';
import { ticketLine } from '../ticket-view.js';
import { type ReadyOptions, readyQuery } from './ready.js';

export interface ClaimOptions extends ReadyOptions {
  readonly next?: boolean;
  readonly lease?: string;
  /** Also switch to the ticket's branch (made when missing) and record it on the ticket. */
  readonly branch?: boolean;
}

/**
 * `docket claim 42` or `docket claim --next`: assigns the ticket to you and moves it into work, atomically,
 * so two agents never get the same ticket. Nothing ready prints nothing (JSON null) and exits 0.
 */
export async function claim(s: Session, id: string | undefined, o: ClaimOptions): Promise<void> {
  if ((id === undefined) === (o.next !== true)) {
    throw new UsageError('give a ticket id or --next (not both): docket claim 42, docket claim --next');
  }
  const lease = intArg(o.lease, '--lease', 1);
  const options = lease === undefined ? {} : { leaseMinutes: lease };
  const project = await s.project();
  const t = id !== undefined ? await project.claim(id, options) : await project.claimNext(readyQuery(s, o), options);
  if (t === null) {
    if (s.json) s.printJson(null);
    else s.note('nothing is ready to claim');
    return;
  }
  const until = t.leaseUntil ? s.paint.dim(` until ${t.leaseUntil}`) : '';
  s.done(t, t.id, `Claimed ${ticketLine(s, t)}${until}`);
  if (o.branch) {
    const b = await checkoutTicketBranch(s, project, t);
    s.note(`${b.created ? 'Made and switched to' : 'Switched to'} branch ${b.branch}`);
  }
}

/** `docket release 42`: gives a claimed ticket back (unassigned, status unchanged). */
export async function release(s: Session, id: string): Promise<void> {
  const t = await (await s.project()).release(id);
  s.done(t, t.id, `Released ${ticketLine(s, t)}`);
}

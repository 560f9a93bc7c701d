import { UsageError } from '../errors.js';
import type { Session } from '../session.js';
import { branchTicket } from '../ticket-branch.js';
import { detailText } from '../ticket-view.js';

export interface ShowOptions {
  readonly history?: boolean;
  readonly comments?: boolean;
  readonly links?: boolean;
}

/** `docket show 42`: a ticket with its links, comments and history. */
export async function show(s: Session, given: string | undefined, o: ShowOptions): Promise<void> {
  const project = await s.project();
  const id = given ?? (await branchTicket(s, project));
  if (id === undefined)
    throw new UsageError('say which ticket: docket show 42 (or run it on a branch named after one)');
  const detail = await project.detail(id, {
    links: o.links !== false,
    comments: o.comments !== false,
    history: o.history === false ? 0 : 100,
  });
  if (s.json) s.printJson(detail);
  else if (s.quiet) s.out(detail.ticket.id);
  else s.out(detailText(s, detail));
}

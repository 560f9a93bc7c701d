import type { Session } from '../session.js';
import { detailText } from '../ticket-view.js';

export interface ShowOptions {
  readonly history?: boolean;
  readonly comments?: boolean;
  readonly links?: boolean;
}

/** `docket show 42`: a ticket with its links, comments and history. */
export async function show(s: Session, id: string, o: ShowOptions): Promise<void> {
  const project = await s.project();
  const detail = await project.detail(id, {
    links: o.links !== false,
    comments: o.comments !== false,
    history: o.history === false ? 0 : 100,
  });
  if (s.json) s.printJson(detail);
  else if (s.quiet) s.out(detail.ticket.id);
  else s.out(detailText(s, detail));
}

import { intArg } from '../input.js';
import type { Session } from '../session.js';
import { ticketLine } from '../ticket-view.js';

/** `docket move 42 in_progress`: one legal step of the ticket's workflow. */
export async function move(s: Session, id: string, status: string, o: { ifVersion?: string }): Promise<void> {
  const project = await s.project();
  const version = intArg(o.ifVersion, '--if-version', 1);
  const t = await project.move(id, status, version === undefined ? {} : { expectedVersion: version });
  s.done(t, t.id, `Moved ${ticketLine(s, t)}`);
}

import type { Session } from '../session.js';
import { ticketLine } from '../ticket-view.js';

/** `docket assign 42 alice`. */
export async function assign(s: Session, id: string, entity: string): Promise<void> {
  const t = await (await s.project()).assign(id, entity);
  s.done(t, t.id, `Assigned ${ticketLine(s, t)}`);
}

/** `docket unassign 42`. */
export async function unassign(s: Session, id: string): Promise<void> {
  const t = await (await s.project()).unassign(id);
  s.done(t, t.id, `Unassigned ${ticketLine(s, t)}`);
}

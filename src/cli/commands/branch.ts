import type { Session } from '../session.js';
import { checkoutTicketBranch } from '../ticket-branch.js';

/** `docket branch 42`: switches to the ticket's branch (making it when there is none) and records it on the ticket. */
export async function branch(s: Session, id: string): Promise<void> {
  const project = await s.project();
  const t = await project.get(id);
  const b = await checkoutTicketBranch(s, project, t);
  s.done(
    { ticket: t.id, ...b },
    b.branch,
    `${b.created ? 'Made and switched to' : 'Switched to'} ${b.branch} for ${t.id}`,
  );
}

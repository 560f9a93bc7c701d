import { detail, when } from '../render.js';
import { type PromptDef, projectArg, projectHint, text, ticketArg } from './prompt.js';

const COMMENTS = 5;
const CHANGES = 10;

export const handoffPrompt: PromptDef = {
  name: 'handoff',
  title: 'Hand off a ticket',
  description:
    'What the next agent needs to continue a claimed ticket: description, links, recent comments and changes.',
  args: { ticket_id: ticketArg, project: projectArg },
  complete: { ticket_id: 'ticket', project: 'project' },
  async run(a, call) {
    const doc = await call.project(a.project, 'read');
    const d = await doc.detail(a.ticket_id!.trim(), { history: 1000 });
    const t = d.ticket;
    const changes = d.history.filter((h) => h.field !== 'comment');
    const recent = { ...d, comments: d.comments.slice(-COMMENTS), history: changes.slice(-CHANGES) };
    const at = await projectHint(call, doc);
    const holder = t.assignee
      ? `claimed by @${t.assignee}${t.leaseUntil ? `, lease until ${when(t.leaseUntil)} UTC` : ''}`
      : 'unassigned';
    const older = d.comments.length - recent.comments.length + (changes.length - recent.history.length);
    const claim = `claim it (ticket action=claim${at} ticket_id=${t.id})`;
    const work = 'comment what you do as you go (action=comment) and move it on when done (action=move)';
    const steps = t.closedAt
      ? `It is ${t.status} (closed): reopen it (ticket action=reopen${at} ticket_id=${t.id}) only if work remains.`
      : !t.assignee
        ? `To continue: ${claim}, read linked tickets you need (action=get), ${work}.`
        : t.assignee === doc.actor
          ? `It is yours: read linked tickets you need (action=get), ${work}.`
          : `@${t.assignee} must release it (ticket action=release) or its lease run out before you ${claim}; then ${work}.`;
    // Plain text, not an embedded docket:// resource: the view is cut to recent rows, and a resource at
    // the ticket's URI is always the whole ticket.
    return [
      text(
        `Hand-off of ${t.id}, ${t.status}, ${holder}. Below: description, links, the last ${COMMENTS} comments and ` +
          `${CHANGES} changes${older > 0 ? ` (${older} older rows: ticket action=get)` : ''}. ${steps}\n\n${detail(recent)}`,
      ),
    ];
  },
};

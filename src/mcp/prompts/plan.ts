import { detail } from '../render.js';
import { attached, type PromptDef, projectArg, projectHint, text, ticketArg } from './prompt.js';

export const planPrompt: PromptDef = {
  name: 'plan',
  title: 'Plan a ticket',
  description: 'Break a feature (or any ticket) into child tickets: the ticket and what to call.',
  args: { ticket_id: ticketArg, project: projectArg },
  complete: { ticket_id: 'ticket', project: 'project' },
  async run(a, call) {
    const doc = await call.project(a.project, 'read');
    const d = await doc.detail(a.ticket_id!.trim());
    const t = d.ticket;
    const types = (await doc.schema()).types.map((w) => w.type).join(', ');
    const at = await projectHint(call, doc);
    return [
      attached(doc.key, t.id, detail(d)),
      text(
        `Plan ${t.id} (attached): break it into child tickets that one agent can each finish in one session.\n` +
          `1. For each piece: ticket action=create${at} title=… type=… (${types}) description=… (what done means).\n` +
          `2. Make it a child: ticket_link action=add${at} ticket_id=${t.id} link_type=parent target_id=<the child's id>.\n` +
          `3. Where one child must wait for another: ticket_link action=add ticket_id=<first> link_type=blocks target_id=<second>.\n` +
          `4. Comment the plan on ${t.id} (ticket action=comment). Do not start the work.` +
          (t.closedAt ? `\nNote: ${t.id} is ${t.status} (closed).` : ''),
      ),
    ];
  },
};

import type { Ticket } from '../../domain/ticket.js';
import { toBd } from '../blinkdesk-view.js';
import { UsageError } from '../errors.js';
import { defined, textArg } from '../input.js';
import type { Session } from '../session.js';
import { commentBody } from './comment.js';

const said = (s: Session, t: Ticket, sentence: string) => s.done(toBd(t), t.id, sentence);

function need(value: string | undefined, what: string, example: string): string {
  if (value === undefined || value === '') throw new UsageError(`say the ${what}: ${example}`);
  return value;
}

export interface TicketCreateOptions {
  readonly title?: string;
  readonly description?: string;
  readonly priority?: string;
  readonly category?: string;
  readonly assignee?: string;
  readonly type?: string;
  readonly label?: string[];
}

/** `ticket create -t TITLE [-m DESC|@file|-] [-p] [-c] [-a] [-o OPERATOR]` → `Ticket created: BD-1`. */
export async function ticketCreate(s: Session, o: TicketCreateOptions): Promise<void> {
  const title = need(o.title, 'title', 'docket ticket create -t "Fix login"');
  const project = await s.project();
  const t = await project.create({
    title,
    ...defined({
      description: await textArg(o.description, 'description'),
      priority: o.priority,
      category: o.category,
      assignee: o.assignee,
      type: o.type,
      labels: o.label,
    }),
  });
  said(s, t, `Ticket created: ${t.id}`);
}

/** `ticket update ID -t TITLE [-m DESC] [-p] [-a] [-c]`. */
export async function ticketUpdate(s: Session, id: string, o: TicketCreateOptions): Promise<void> {
  const input = defined({
    title: o.title,
    description: await textArg(o.description, 'description'),
    priority: o.priority,
    assignee: o.assignee,
    category: o.category,
    type: o.type,
  });
  if (!Object.keys(input).length) throw new UsageError('nothing to change: give -t TITLE, -m DESC, -p, -a or -c');
  const t = await (await s.project()).update(id, input);
  said(s, t, `Ticket updated: ${t.id}`);
}

/** `ticket comment ID -c TEXT [-s NEW_STATE]`. */
export async function ticketComment(
  s: Session,
  id: string,
  o: { comment?: string; message?: string; state?: string },
): Promise<void> {
  const body = await commentBody([], o);
  const r = await (await s.project()).comment(id, { body, ...(o.state ? { status: o.state } : {}) });
  said(s, r.ticket, `Comment added to ${r.ticket.id}${o.state ? ` (state: ${r.ticket.status})` : ''}`);
}

export async function ticketAssign(s: Session, id: string, entity: string | undefined, o: { assignee?: string }) {
  const who = need(o.assignee ?? entity, 'assignee', 'docket ticket assign 42 -a alice');
  const t = await (await s.project()).assign(id, who);
  said(s, t, `Ticket ${t.id} assigned to ${t.assignee}`);
}

export async function ticketUnassign(s: Session, id: string) {
  const t = await (await s.project()).unassign(id);
  said(s, t, `Ticket ${t.id} unassigned`);
}

export async function ticketTransition(s: Session, id: string, state: string | undefined, o: { state?: string }) {
  const to = need(o.state ?? state, 'state', 'docket ticket transition 42 -s in_progress');
  const t = await (await s.project()).move(id, to);
  said(s, t, `Ticket ${t.id} transitioned to ${t.status}`);
}

export async function ticketSetPriority(s: Session, id: string, value: string | undefined, o: { priority?: string }) {
  const priority = need(o.priority ?? value, 'priority', 'docket ticket set-priority 42 -p high');
  const t = await (await s.project()).setPriority(id, priority);
  said(s, t, `Ticket ${t.id} priority set to ${t.priority}`);
}

export async function ticketSetCategory(s: Session, id: string, value: string | undefined, o: { category?: string }) {
  const category = need(o.category ?? value, 'category', 'docket ticket set-category 42 -c support');
  const t = await (await s.project()).setCategory(id, category);
  said(s, t, `Ticket ${t.id} category set to ${t.category}`);
}

export async function ticketRemoveCategory(s: Session, id: string) {
  const t = await (await s.project()).setCategory(id, null);
  said(s, t, `Ticket ${t.id} category removed`);
}

import { defined, textArg } from '../input.js';
import { type PlanningOptions, planningInput } from '../planning-args.js';
import type { Session } from '../session.js';
import { ticketLine } from '../ticket-view.js';

export interface NewOptions extends PlanningOptions {
  readonly type?: string;
  readonly description?: string;
  readonly priority?: string;
  readonly category?: string;
  readonly assignee?: string;
  readonly label?: string[];
  readonly key?: string;
}

/** `docket new "Fix login" -t bug`: creates a ticket in the type's initial state. */
export async function create(s: Session, title: readonly string[], o: NewOptions): Promise<void> {
  const project = await s.project();
  const description = await textArg(o.description, 'description');
  const t = await project.create({
    title: title.join(' '),
    ...defined({
      type: o.type,
      description,
      priority: o.priority,
      category: o.category,
      assignee: o.assignee,
      labels: o.label,
      idempotencyKey: o.key,
    }),
    ...planningInput(o),
  });
  s.done(t, t.id, `Created ${ticketLine(s, t)}`);
}

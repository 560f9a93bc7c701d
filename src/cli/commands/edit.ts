import { UsageError } from '../errors.js';
import { defined, intArg, listArg, textArg } from '../input.js';
import { type PlanningOptions, planningInput } from '../planning-args.js';
import type { Session } from '../session.js';
import { ticketLine } from '../ticket-view.js';

export interface EditOptions extends PlanningOptions {
  readonly title?: string;
  readonly description?: string;
  readonly type?: string;
  readonly priority?: string;
  readonly assignee?: string;
  readonly category?: string;
  readonly labels?: string;
  readonly ifVersion?: string;
}

/** `docket edit 42 --title … -p high`: changes fields (status changes go through move). */
export async function edit(s: Session, id: string, o: EditOptions): Promise<void> {
  const input = {
    ...defined({
      title: o.title,
      description: await textArg(o.description, 'description'),
      type: o.type,
      priority: o.priority,
      assignee: o.assignee,
      category: o.category,
      labels: o.labels === undefined ? undefined : (listArg(o.labels) ?? []),
    }),
    ...planningInput(o),
  };
  if (!Object.keys(input).length) {
    throw new UsageError(
      'nothing to change: give --title, -m, --type, -p, -a, -c, --labels, --due, --estimate, --milestone or --field',
    );
  }
  const project = await s.project();
  const version = intArg(o.ifVersion, '--if-version', 1);
  const t = await project.update(id, input, version === undefined ? {} : { expectedVersion: version });
  s.done(t, t.id, `Updated ${ticketLine(s, t)}`);
}

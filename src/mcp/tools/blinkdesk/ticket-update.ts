import { written } from '../../render.js';
import { input, text, ticketId } from '../../schema.js';
import { defineTool } from '../../tool.js';
import { defined, orNull } from '../args.js';

export const ticketUpdateTool = defineTool({
  name: 'ticket_update',
  description: 'Update title, description, state, assignee ("" unassigns), priority or category.',
  input: input({
    ticket_id: ticketId,
    title: text.optional(),
    description: text.optional(),
    state: text.optional(),
    assignee: text.optional(),
    priority: text.optional(),
    category: text.optional(),
    operator: text.optional(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  async run(a, call) {
    const doc = await call.project(undefined, 'write', a.operator);
    const patch = defined({
      title: a.title,
      description: a.description,
      assignee: a.assignee === undefined ? undefined : orNull(a.assignee),
      priority: a.priority,
      category: a.category === undefined ? undefined : orNull(a.category),
    });
    // Fields first, then the move: a retry after a refused move repeats a no-op update, not a move.
    let t = Object.keys(patch).length || a.state === undefined ? await doc.update(a.ticket_id, patch) : undefined;
    if (a.state !== undefined && a.state !== t?.status) t = await doc.move(a.ticket_id, a.state);
    return written(t!);
  },
});

import { cards } from '../../render.js';
import { input, num, text } from '../../schema.js';
import { defineTool, READ_ONLY } from '../../tool.js';
import { defined, orNull } from '../args.js';

export const ticketListTool = defineTool({
  name: 'ticket_list',
  description: 'List tickets, optionally by state, assignee, priority or category; after_id pages.',
  input: input({
    state: text.optional(),
    assignee: text.optional(),
    priority: text.optional(),
    category: text.optional(),
    after_id: num.optional(),
    limit: num.optional(),
  }),
  annotations: { ...READ_ONLY, idempotentHint: true },
  async run(a, call) {
    const doc = await call.project(undefined, 'read');
    const page = await doc.list({
      ...defined({
        status: a.state,
        assignee: a.assignee === undefined ? undefined : orNull(a.assignee),
        priority: a.priority,
        category: a.category === undefined ? undefined : orNull(a.category),
        after: a.after_id,
      }),
      limit: a.limit ?? 20,
    });
    return cards(page.items) + (page.next === null ? '' : `\nmore: after_id=${page.next}`);
  },
});

import { written } from '../../render.js';
import { input, text } from '../../schema.js';
import { defineTool } from '../../tool.js';
import { defined } from '../args.js';

export const ticketCreateTool = defineTool({
  name: 'ticket_create',
  description: 'Create a ticket.',
  input: input({
    title: text,
    description: text.optional(),
    priority: text.optional(),
    category: text.optional(),
    assignee: text.optional(),
    operator: text.optional(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async run(a, call) {
    const doc = await call.project(undefined, 'write', a.operator);
    const { title, description, priority, category, assignee } = a;
    return written(await doc.create({ title, ...defined({ description, priority, category, assignee }) }));
  },
});

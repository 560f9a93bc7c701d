import { detail } from '../../render.js';
import { input, ticketId } from '../../schema.js';
import { defineTool, READ_ONLY } from '../../tool.js';

export const ticketGetTool = defineTool({
  name: 'ticket_get',
  description: 'Get a ticket by id, with comments and log.',
  input: input({ ticket_id: ticketId }),
  annotations: { ...READ_ONLY, idempotentHint: true },
  async run(a, call) {
    const doc = await call.project(undefined, 'read');
    return detail(await doc.detail(a.ticket_id));
  },
});

import { input, text, ticketId } from '../../schema.js';
import { written } from '../../render.js';
import { defineTool } from '../../tool.js';
import { defined } from '../args.js';

export const ticketCommentAddTool = defineTool({
  name: 'ticket_comment_add',
  description: 'Comment on a ticket as entity; state also moves it.',
  input: input({ ticket_id: ticketId, comment: text, entity: text.optional(), state: text.optional() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async run(a, call) {
    const doc = await call.project(undefined, 'write', a.entity);
    const r = await doc.comment(a.ticket_id, { body: a.comment, ...defined({ status: a.state }) });
    return `comment #${r.commentId} on ${written(r.ticket)}`;
  },
});

import { z } from 'zod';
import { input, text } from '../../schema.js';
import { defineTool, READ_ONLY } from '../../tool.js';

export const countTicketsByEntityTool = defineTool({
  name: 'count_tickets_by_entity',
  description: 'Count tickets per assignee, optionally only in states.',
  input: input({ states: z.array(text).optional() }),
  annotations: { ...READ_ONLY, idempotentHint: true },
  async run(a, call) {
    const doc = await call.project(undefined, 'read');
    const rows = await doc.countByEntity(a.states ?? []);
    return rows.length ? rows.map((r) => `${r.entity ?? 'unassigned'} ${r.count}`).join(', ') : 'no tickets';
  },
});

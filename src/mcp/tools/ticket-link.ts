import { z } from 'zod';
import { invalid } from '../../domain/errors.js';
import { LINK_TYPES } from '../../domain/links.js';
import { addedLink, linkLine } from '../render.js';
import { input, num, text, ticketId } from '../schema.js';
import { defineTool } from '../tool.js';
import { need } from './args.js';

const schema = input({
  action: z.enum(['add', 'remove', 'list']),
  project: text.optional(),
  ticket_id: ticketId.optional(),
  target_id: ticketId.optional(),
  link_type: z.enum(LINK_TYPES).optional(),
  link_id: num.optional(),
});

export const ticketLinkTool = defineTool({
  name: 'ticket_link',
  description: 'Reads "ticket_id link_type target_id": A blocks B, A parent B. remove: link_id or the three.',
  input: schema,
  // Adding an existing link returns it and removing is by identity: repeating a call changes nothing more.
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  async run(a, call) {
    const doc = await call.project(a.project, a.action === 'list' ? 'read' : 'write');
    if (a.action === 'list') {
      const links = await doc.links(need(a.ticket_id, 'ticket_id', 'list'));
      return links.length ? links.map(linkLine).join('\n') : 'no links';
    }
    if (a.action === 'add') {
      const source = need(a.ticket_id, 'ticket_id', 'add');
      const link = await doc.link(source, need(a.link_type, 'link_type', 'add'), need(a.target_id, 'target_id', 'add'));
      // The caller may have sent `1` or `#1`: answer with the display id, as every other answer does.
      return addedLink((await doc.get(source)).id, link);
    }
    if (a.link_id !== undefined) {
      await doc.unlink({ linkId: a.link_id });
      return `removed link #${a.link_id}`;
    }
    if (a.ticket_id === undefined || a.target_id === undefined || a.link_type === undefined) {
      throw invalid('remove needs link_id, or ticket_id, link_type and target_id');
    }
    const r = await doc.unlink({ source: a.ticket_id, type: a.link_type, target: a.target_id });
    return `removed link #${r.removed}`;
  },
});

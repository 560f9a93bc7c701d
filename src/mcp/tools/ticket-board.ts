import { z } from 'zod';
import type { Board } from '../../core/queries.js';
import type { Ticket } from '../../domain/ticket.js';
import { flag, input, num, text } from '../schema.js';
import { defineTool, READ_ONLY } from '../tool.js';
import { defined, many } from './args.js';

const schema = input({
  project: text.optional(),
  view: z.enum(['kanban', 'summary', 'entities', 'tags']).optional(),
  type: text.optional(),
  status: text.optional(),
  closed: flag.optional(),
  limit: num.optional(),
});

/** A card inside a column: the column already says the status (and the heading the type). */
const short = (t: Ticket) =>
  ` ${t.id} ${t.priority}${t.assignee ? ` @${t.assignee}` : ''}: ${t.title.replace(/\s+/g, ' ').trim()}`;

export function renderBoard(board: Board, kanban: boolean): string {
  const out: string[] = [];
  for (const { type, columns } of board.types) {
    const used = columns.filter((c) => c.count > 0);
    if (!used.length) continue;
    if (!kanban) {
      out.push(`${type}: ${used.map((c) => `${c.status} ${c.count}`).join(', ')}`);
      continue;
    }
    out.push(`${type}:`);
    for (const c of used) {
      out.push(`${c.status} ${c.count}${c.terminal ? ' (closed)' : ''}`);
      for (const t of c.tickets ?? []) out.push(short(t));
    }
  }
  if (!out.length) return 'no tickets';
  out.push(`open ${board.open}, closed ${board.closed}`);
  return out.join('\n');
}

export const ticketBoardTool = defineTool({
  name: 'ticket_board',
  description:
    'Views: kanban (default; top cards per status, closed=true adds closed ones), summary (counts), entities (per assignee; status=a,b), tags.',
  input: schema,
  annotations: { ...READ_ONLY, idempotentHint: true },
  async run(a, call) {
    const doc = await call.project(a.project, 'read');
    const view = a.view ?? 'kanban';
    if (view === 'entities') {
      const rows = await doc.countByEntity(many(a.status) ?? []);
      return rows.length ? rows.map((r) => `${r.entity ?? 'unassigned'} ${r.count}`).join(', ') : 'no tickets';
    }
    if (view === 'tags') {
      const rows = await doc.labels();
      return rows.length ? rows.map((r) => `${r.label} ${r.count}`).join(', ') : 'no tags';
    }
    const board = await doc.board(
      defined({ view, type: a.type, includeTerminal: a.closed, limit: a.limit }) as { view: typeof view },
    );
    const text = renderBoard(board, view === 'kanban');
    if (view !== 'summary') return text;
    // The summary also answers "what is left for each milestone" (docs/planning.md).
    const milestones = await doc.milestones({ state: 'open' });
    const lines = milestones.map(
      (m) =>
        `${m.key}${m.due ? ` due ${m.due.slice(0, 10)}` : ''}: ${m.tickets.closed}/${m.tickets.total} closed` +
        (m.estimate.total ? `, ${m.estimate.closed}/${m.estimate.total} ${m.estimate.unit}` : ''),
    );
    return lines.length
      ? `${text}
milestones:
${lines.join('\n')}`
      : text;
  },
});

import type { TicketDetail } from '../core/queries.js';
import type { Comment, HistoryEntry } from '../domain/records.js';
import type { Ticket } from '../domain/ticket.js';
import { priorityPaint, shortTime, table } from './render.js';
import type { Session } from './session.js';

/** A ticket as BlinkDesk's `ticket list -f json` prints it: prefixed id, `state`, nulls, ISO times. */
export interface BdTicket {
  readonly id: string;
  readonly title: string;
  readonly state: string;
  readonly priority: string;
  readonly assignee: string | null;
  readonly category: string | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly description: string | null;
}

export const toBd = (t: Ticket): BdTicket => ({
  id: t.id,
  title: t.title,
  state: t.status,
  priority: t.priority,
  assignee: t.assignee,
  category: t.category,
  created_at: t.createdAt,
  updated_at: t.updatedAt,
  description: t.description === '' ? null : t.description,
});

/** BlinkDesk's log actions, read from Docket's field-level history. */
function action(h: HistoryEntry): string {
  if (h.field === 'created') return 'created';
  if (h.field === 'status') return 'state_changed';
  if (h.field === 'assignee') return h.new === null ? 'unassigned' : 'assigned';
  if (h.field === 'comment') return 'commented';
  return 'updated';
}

const details = (h: HistoryEntry) =>
  h.field === 'created' ? (h.new ?? '') : `${h.field}: ${h.old ?? 'none'} -> ${h.new ?? 'none'}`;

export const toBdLog = (h: HistoryEntry) => ({
  id: h.id,
  entity: h.actor,
  action: action(h),
  details: details(h),
  created_at: h.at,
});

export const toBdComment = (c: Comment) => ({
  id: c.id,
  entity: c.author,
  comment: c.body,
  new_state: c.status,
  created_at: c.createdAt,
});

/** `ticket get -f json`: the ticket, then its comments and log (empty when --no-comments / --no-logs). */
export const toBdDetail = (d: TicketDetail) => ({
  ...toBd(d.ticket),
  comments: d.comments.map(toBdComment),
  logs: d.history.filter((h) => h.field !== 'comment').map(toBdLog),
});

export function bdTable(s: Session, tickets: readonly Ticket[]): string {
  const p = s.paint;
  return table(
    [
      { header: 'ID', paint: (x) => p.bold(x) },
      { header: 'STATE' },
      { header: 'PRIORITY', paint: (x, raw) => priorityPaint(p, raw)(x) },
      { header: 'ASSIGNEE' },
      { header: 'CATEGORY' },
      { header: 'TITLE', flex: true },
    ],
    tickets.map((t) => [t.id, t.status, t.priority, t.assignee ?? '-', t.category ?? '-', t.title]),
    s.width,
    p,
  );
}

export function bdDetailText(s: Session, d: TicketDetail): string {
  const t = d.ticket;
  const out = [
    `${s.paint.bold(`${t.id}: ${t.title}`)}`,
    `State: ${t.status}   Priority: ${t.priority}   Assignee: ${t.assignee ?? '-'}   Category: ${t.category ?? '-'}`,
    s.paint.dim(`Created: ${t.createdAt}   Updated: ${t.updatedAt}`),
  ];
  if (t.description) out.push('', 'Description:', ...t.description.split('\n').map((l) => `  ${l}`));
  if (d.comments.length) {
    out.push('', 'Comments:');
    for (const c of d.comments) {
      const moved = c.status ? ` -> ${c.status}` : '';
      out.push(`  #${c.id} ${c.author ?? '-'} (${shortTime(c.createdAt)})${moved}: ${c.body.replace(/\n/g, '\n    ')}`);
    }
  }
  const logs = d.history.filter((h) => h.field !== 'comment');
  if (logs.length) {
    out.push('', 'Log:');
    for (const h of logs) out.push(`  ${shortTime(h.at)}  ${(h.actor ?? '-').padEnd(10)} ${action(h)}: ${details(h)}`);
  }
  return out.join('\n');
}

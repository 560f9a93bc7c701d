import type { Ticket } from './ticket.js';

/**
 * Open and past due, the rule core's `overdue` filter applies in SQL, for faces that judge a ticket
 * they already hold (the board's badge, the CLI's `!`): a calendar day is overdue once that UTC day
 * has ended, an instant once it has passed, a closed ticket never.
 */
export function isOverdue(t: Pick<Ticket, 'due' | 'closedAt'>, now = Date.now()): boolean {
  if (!t.due || t.closedAt !== null) return false;
  if (/^\d{4}-\d{2}-\d{2}$/.test(t.due)) return t.due < new Date(now).toISOString().slice(0, 10);
  return Date.parse(t.due) < now;
}

/** Due dates, estimates and milestones as the board shows them (docs/planning.md). */

/** A milestone as `GET /projects/{name}/milestones` lists it. */
export interface Milestone {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly due: string | null;
  readonly state: 'open' | 'closed';
  readonly closedAt: string | null;
  readonly tickets: { readonly total: number; readonly closed: number };
  readonly estimate: { readonly total: number; readonly closed: number; readonly unit: string };
  readonly progress: number;
}

export interface MilestoneDetail extends Milestone {
  /** Open estimate at the end of each day up to the due date; null for days to come. */
  readonly burnDown: readonly { readonly day: string; readonly open: number | null }[];
}

const isDay = (due: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(due);

export { isOverdue } from '../domain/overdue.js';

/** `Dec 31` (the year when it is not this one); an instant in the reader's zone, with its time. */
export function dueText(due: string, now = Date.now()): string {
  const day = isDay(due);
  const d = new Date(day ? `${due}T00:00:00Z` : due);
  if (Number.isNaN(d.getTime())) return due;
  const sameYear = d.getUTCFullYear() === new Date(now).getUTCFullYear();
  const opts: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) };
  if (day) return d.toLocaleDateString(undefined, { ...opts, timeZone: 'UTC' });
  return d.toLocaleString(undefined, { ...opts, hour: '2-digit', minute: '2-digit' });
}

/** `3 pts`, `1.5 h`. */
export const estimateText = (n: number, unit = 'points'): string => `${n} ${unit === 'hours' ? 'h' : 'pts'}`;

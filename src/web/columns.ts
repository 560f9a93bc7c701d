import { targetsFrom } from '../domain/workflow.js';
import type { Filters } from './route.js';
import type { Ticket, Workflow } from './types.js';

/** Where a ticket may go next: the domain's rule (domain/workflow.ts), none for an unknown type. */
export function legalTargets(wf: Workflow | undefined, status: string): string[] {
  return wf ? targetsFrom(wf, status) : [];
}

/** Whether a ticket belongs on a board narrowed by `filters` (the same fields the list API filters on). */
export function matchesFilters(t: Ticket, f: Filters): boolean {
  if (f.type && t.type !== f.type) return false;
  if (f.priority && t.priority !== f.priority) return false;
  if (f.assignee && (f.assignee === 'none' ? t.assignee !== null : t.assignee !== f.assignee)) return false;
  if (f.category && (f.category === 'none' ? t.category !== null : t.category !== f.category)) return false;
  if (f.label && !t.labels.includes(f.label)) return false;
  if (f.milestone && (f.milestone === 'none' ? t.milestone !== undefined : t.milestone !== f.milestone)) return false;
  return true;
}

export interface Column {
  readonly status: string;
  readonly terminal: boolean;
  readonly tickets: readonly Ticket[];
}

/**
 * Cards grouped into one lane per ticket type with columns in workflow order; inside a column the
 * most urgent first, then the oldest. Statuses a workflow no longer lists get no column.
 */
export function lanes(
  workflows: readonly Workflow[],
  tickets: Iterable<Ticket>,
  priorities: readonly string[],
): { readonly workflow: Workflow; readonly columns: readonly Column[] }[] {
  const byKey = new Map<string, Ticket[]>();
  for (const t of tickets) {
    const key = `${t.type}\u0000${t.status}`;
    const list = byKey.get(key);
    if (list) list.push(t);
    else byKey.set(key, [t]);
  }
  const rank = new Map(priorities.map((p, i) => [p, i]));
  const order = (a: Ticket, b: Ticket) =>
    (rank.get(a.priority) ?? priorities.length) - (rank.get(b.priority) ?? priorities.length) || a.number - b.number;
  return workflows.map((workflow) => ({
    workflow,
    columns: workflow.states.map((status) => {
      const terminal = workflow.terminal.includes(status);
      const list = byKey.get(`${workflow.type}\u0000${status}`) ?? [];
      // Closed work reads newest first; open work by urgency.
      list.sort(terminal ? (a, b) => (b.closedAt ?? '').localeCompare(a.closedAt ?? '') || b.number - a.number : order);
      return { status, terminal, tickets: list };
    }),
  }));
}

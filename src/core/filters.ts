import type { TicketFilter } from '../domain/inputs.js';
import type { TicketFilterSpec } from '../store/store.js';
import type { Mutable } from './context.js';

const many = (v: string | readonly string[] | undefined) =>
  v === undefined ? undefined : typeof v === 'string' ? [v] : v;

/** Turns a parsed filter into the store's form. */
export function filterSpec(
  f: Omit<TicketFilter, 'type' | 'status' | 'priority'> & {
    type?: string | readonly string[] | undefined;
    status?: string | readonly string[] | undefined;
    priority?: string | readonly string[] | undefined;
  },
): TicketFilterSpec {
  const spec: Mutable<TicketFilterSpec> = {};
  const types = many(f.type);
  const statuses = many(f.status);
  const priorities = many(f.priority);
  if (types) spec.types = types;
  if (statuses) spec.statuses = statuses;
  if (priorities) spec.priorities = priorities;
  if (f.state === 'open') spec.open = true;
  if (f.state === 'closed') spec.open = false;
  if (f.assignee !== undefined) spec.assignee = f.assignee;
  if (f.category !== undefined) spec.category = f.category;
  if (f.label !== undefined) spec.label = f.label;
  return spec;
}

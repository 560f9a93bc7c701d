import { invalid } from '../domain/errors.js';
import type { TicketFilter } from '../domain/inputs.js';
import type { StoreReader, TicketFilterSpec } from '../store/store.js';
import type { Loaded, Mutable } from './context.js';
import { milestoneOf, planningFilter } from './planning.js';

const many = (v: string | readonly string[] | undefined) =>
  v === undefined ? undefined : typeof v === 'string' ? [v] : v;

/** Labels named in the message about an unknown one; past this many it says how many more there are. */
const LABELS_SHOWN = 20;

/** The first of `values` the project does not know, refused with the values it does know. */
function known(values: readonly string[] | undefined, allowed: readonly string[], what: string, plural: string) {
  const bad = values?.find((v) => !allowed.includes(v));
  if (bad === undefined) return;
  throw invalid(`unknown ${what} '${bad}'; ${plural}: ${allowed.join(', ')}`, {
    field: what === 'ticket type' ? 'type' : what,
    value: bad,
    allowed,
  });
}

/**
 * Turns a parsed filter into the store's form. A type, status or priority the project's schema does
 * not hold is refused here, so that a typo reads as a mistake rather than as "no tickets"; the schema
 * is already loaded, so this costs no query. Categories and labels live in the store: see `confirmNames`.
 */
export function filterSpec(
  p: Loaded,
  now: number,
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
  const workflows = p.schema.types;
  known(
    types,
    workflows.map((w) => w.type),
    'ticket type',
    'types',
  );
  if (statuses) {
    // With a type filter, only those types' states can match.
    const chosen = types ? workflows.filter((w) => types.includes(w.type)) : workflows;
    const states = [...new Set(chosen.flatMap((w) => w.states))];
    known(statuses, states, 'status', types ? `statuses of ${types.join(', ')}` : 'statuses');
  }
  known(priorities, p.schema.priorities, 'priority', 'priorities');
  if (types) spec.types = types;
  if (statuses) spec.statuses = statuses;
  if (priorities) spec.priorities = priorities;
  if (f.state === 'open') spec.open = true;
  if (f.state === 'closed') spec.open = false;
  if (f.assignee !== undefined) spec.assignee = f.assignee;
  if (f.category !== undefined) spec.category = f.category;
  if (f.label !== undefined) spec.label = f.label;
  return { ...spec, ...planningFilter(p, f, now) };
}

/**
 * Called when a filtered query found nothing: refuses a category or label the project does not have,
 * so that a typo is not answered with an empty list. Checking only then keeps every query that finds
 * something at its old cost; an unknown name always finds nothing, so no typo slips past.
 * A label exists while some ticket of the project carries it.
 */
export async function confirmNames(tx: StoreReader, p: Loaded, spec: TicketFilterSpec): Promise<void> {
  const id = p.rec.id;
  const { category, label, milestone } = spec;
  if (typeof milestone === 'string') await milestoneOf(tx, p, milestone);
  if (typeof category === 'string' && !(await tx.directory.category(id, category))) {
    const slugs = (await tx.directory.categories(id)).map((c) => c.slug);
    throw invalid(
      `unknown category '${category}'; ${slugs.length ? `categories: ${slugs.join(', ')}` : 'this project has no categories yet'}`,
      { field: 'category', value: category, allowed: slugs },
    );
  }
  if (label !== undefined && !(await tx.tickets.list(id, { label, limit: 1, order: 'asc' })).length) {
    const labels = (await tx.counts.labels(id)).map((r) => r.key ?? '').filter((l) => l !== '');
    const shown = labels.slice(0, LABELS_SHOWN);
    const more = labels.length > shown.length ? ` and ${labels.length - shown.length} more` : '';
    throw invalid(
      `unknown label '${label}': no ticket carries it; ${labels.length ? `labels in use: ${shown.join(', ')}${more}` : 'no ticket has a label yet'}`,
      { field: 'label', value: label, allowed: shown },
    );
  }
}

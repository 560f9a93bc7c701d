import type { TicketFilterSpec } from '../tickets.js';

/** What `Params` in statements.ts offers (named here: statements.ts imports this file). */
interface Params {
  add(value: unknown): string;
}

/**
 * WHERE fragments for the planning filters (due dates, milestone, custom fields), joined to the
 * shared ones by `filterSql` in statements.ts. A custom field matches by JSON containment, so a
 * number, a boolean and a string compare as their own types.
 */
export function planningSql(spec: TicketFilterSpec, where: string[], p: Params): void {
  if (spec.milestone === null) where.push('t.milestone IS NULL');
  else if (spec.milestone !== undefined) where.push(`t.milestone = ${p.add(spec.milestone)}`);
  if (spec.dueBefore !== undefined) where.push(`t.due_at < ${p.add(spec.dueBefore)}`);
  if (spec.dueAfter !== undefined) where.push(`t.due_at >= ${p.add(spec.dueAfter)}`);
  if (spec.overdue) {
    // The first test ranges over tickets_due; the second holds a calendar day back until it has passed.
    where.push(
      `t.closed_at IS NULL AND t.due_at < ${p.add(spec.overdue.now)} AND (NOT t.due_day OR t.due_at < ${p.add(spec.overdue.today)})`,
    );
  }
  for (const f of spec.fields ?? []) where.push(`t.fields @> ${p.add(JSON.stringify({ [f.name]: f.value }))}::jsonb`);
}

/** A ticket's custom fields as stored: JSON text, or null for none. */
export const fieldsText = (fields: Readonly<Record<string, unknown>> | null | undefined): string | null =>
  fields && Object.keys(fields).length ? JSON.stringify(fields) : null;

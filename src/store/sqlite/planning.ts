import type { TicketFilterSpec } from '../tickets.js';

/**
 * WHERE fragments for the planning filters (due dates, milestone, custom fields), joined to the
 * shared ones by `filterSql` in tickets.ts. A custom field is read from the ticket's JSON with
 * `json_extract`, which gives numbers as numbers and booleans as 1 or 0.
 */
export function planningSql(spec: TicketFilterSpec, where: string[], params: unknown[]): void {
  if (spec.milestone === null) where.push('t.milestone IS NULL');
  else if (spec.milestone !== undefined) {
    where.push('t.milestone = ?');
    params.push(spec.milestone);
  }
  if (spec.dueBefore !== undefined) {
    where.push('t.due_at < ?');
    params.push(spec.dueBefore);
  }
  if (spec.dueAfter !== undefined) {
    where.push('t.due_at >= ?');
    params.push(spec.dueAfter);
  }
  if (spec.overdue) {
    // The first test ranges over tickets_due; the second holds a calendar day back until it has passed.
    where.push('t.closed_at IS NULL AND t.due_at < ? AND (t.due_day = 0 OR t.due_at < ?)');
    params.push(spec.overdue.now, spec.overdue.today);
  }
  for (const f of spec.fields ?? []) {
    where.push('json_extract(t.fields, ?) = ?');
    params.push(`$."${f.name}"`, typeof f.value === 'boolean' ? Number(f.value) : f.value);
  }
}

/** A ticket's custom fields as stored: JSON text, or null for none. */
export const fieldsText = (fields: Readonly<Record<string, unknown>> | null | undefined): string | null =>
  fields && Object.keys(fields).length ? JSON.stringify(fields) : null;

import { invalid, notFound } from '../domain/errors.js';
import { appliesTo, fieldDef, type FieldValue, fieldValue } from '../domain/fields.js';
import type { CreateFields, TicketFilter, UpdateInput } from '../domain/inputs.js';
import { dueBound, formatDue, parseDue, parseEstimate, startOfDay } from '../domain/planning.js';
import type { StoreReader, TicketFilterSpec, TicketPatch, TicketRecord } from '../store/store.js';
import type { Change, Loaded, Mutable } from './context.js';

/**
 * The planning values of a ticket (due date, estimate, milestone, custom fields): checked against
 * the project, turned into columns, and described for history. Create and update both come here so
 * each value is refused the same way whichever face sent it.
 */

type Planning = Pick<TicketRecord, 'dueAt' | 'dueDay' | 'estimate' | 'milestone' | 'fields'>;
type Values = Pick<UpdateInput, 'due' | 'estimate' | 'milestone' | 'fields'>;

const dueText = (at: number | null | undefined, day: boolean | undefined) =>
  at === null || at === undefined ? null : formatDue(at, day ?? false);
const text = (v: FieldValue | null | undefined) => (v === null || v === undefined ? null : String(v));

/** The milestone with this key, or `not_found` naming the project's milestones. */
export async function milestoneOf(tx: StoreReader, p: Loaded, key: string) {
  const found = await tx.milestones.get(p.rec.id, key);
  if (found) return found;
  const keys = (await tx.milestones.list(p.rec.id)).map((m) => m.key);
  throw notFound(
    'milestone',
    `'${key}' in project ${p.rec.key}; ${keys.length ? `milestones: ${keys.join(', ')}` : 'it has none yet (docket milestone add KEY)'}`,
    { milestone: key, project: p.rec.key },
  );
}

/** Custom field values after `named` is applied to `current` for a ticket of `type`; null when none are left. */
function nextFields(
  p: Loaded,
  type: string,
  current: Readonly<Record<string, FieldValue>> | null,
  named: Readonly<Record<string, FieldValue | null>> | undefined,
  creating: boolean,
): Record<string, FieldValue> | null {
  const out: Record<string, FieldValue> = { ...(current ?? {}) };
  for (const [name, raw] of Object.entries(named ?? {})) {
    const def = fieldDef(p.schema.fields, name);
    if (!appliesTo(def, type)) {
      throw invalid(`field.${name} does not apply to ${type} tickets; it applies to: ${def.types?.join(', ')}`, {
        field: `field.${name}`,
        allowed: def.types ?? [],
      });
    }
    if (raw === null) delete out[name];
    else out[name] = fieldValue(def, raw);
  }
  for (const def of p.schema.fields ?? []) {
    if (!appliesTo(def, type) || def.name in out) continue;
    if (creating && def.default !== undefined) out[def.name] = def.default;
    else if (def.required) {
      throw invalid(`field.${def.name} is required for ${type} tickets (a ${def.type}); give it a value`, {
        field: `field.${def.name}`,
        ...(def.values ? { allowed: def.values } : {}),
      });
    }
  }
  return Object.keys(out).length ? out : null;
}

/** The planning columns of a new ticket of `type`, and what its history says of them. */
export async function planCreate(
  tx: StoreReader,
  p: Loaded,
  input: CreateFields,
  type: string,
): Promise<{ values: Planning; changes: Change[] }> {
  const due = input.due === undefined || input.due === null ? null : parseDue(input.due);
  const estimate = input.estimate === undefined || input.estimate === null ? null : parseEstimate(input.estimate);
  const milestone = input.milestone ? (await milestoneOf(tx, p, input.milestone)).key : null;
  const fields = nextFields(p, type, null, input.fields, true);
  const values: Planning = { dueAt: due?.at ?? null, dueDay: due?.day ?? false, estimate, milestone, fields };
  const changes: Change[] = [];
  if (due) changes.push({ field: 'due', old: null, new: formatDue(due.at, due.day) });
  if (estimate !== null) changes.push({ field: 'estimate', old: null, new: String(estimate) });
  if (milestone) changes.push({ field: 'milestone', old: null, new: milestone });
  for (const [name, v] of Object.entries(fields ?? {}))
    changes.push({ field: `field.${name}`, old: null, new: text(v) });
  return { values, changes };
}

/** Adds an update's planning values to `patch` and `changes` (only what differs from `t`). */
export async function planUpdate(
  tx: StoreReader,
  p: Loaded,
  t: TicketRecord,
  input: Values,
  type: string,
  patch: Mutable<TicketPatch>,
  changes: Change[],
): Promise<void> {
  if (input.due !== undefined) {
    const due = input.due === null || input.due.trim() === '' ? null : parseDue(input.due);
    const before = dueText(t.dueAt, t.dueDay);
    const after = due && formatDue(due.at, due.day);
    if (before !== after) {
      patch.dueAt = due?.at ?? null;
      patch.dueDay = due?.day ?? false;
      changes.push({ field: 'due', old: before, new: after });
    }
  }
  if (input.estimate !== undefined) {
    const blank = input.estimate === null || (typeof input.estimate === 'string' && input.estimate.trim() === '');
    const estimate = blank ? null : parseEstimate(input.estimate);
    if (estimate !== (t.estimate ?? null)) {
      patch.estimate = estimate;
      changes.push({ field: 'estimate', old: text(t.estimate), new: text(estimate) });
    }
  }
  if (input.milestone !== undefined) {
    const milestone = input.milestone === null ? null : (await milestoneOf(tx, p, input.milestone)).key;
    if (milestone !== (t.milestone ?? null)) {
      patch.milestone = milestone;
      changes.push({ field: 'milestone', old: t.milestone ?? null, new: milestone });
    }
  }
  if (input.fields !== undefined || type !== t.type) {
    const before = t.fields ?? {};
    const after = nextFields(p, type, t.fields ?? null, input.fields, type !== t.type) ?? {};
    const names = new Set([...Object.keys(before), ...Object.keys(after)]);
    let changed = false;
    for (const name of [...names].sort()) {
      if (before[name] === after[name]) continue;
      changed = true;
      changes.push({ field: `field.${name}`, old: text(before[name]), new: text(after[name]) });
    }
    if (changed) patch.fields = Object.keys(after).length ? after : null;
  }
}

/** The planning part of a list filter, in the store's form; `now` decides what is overdue. */
export function planningFilter(
  p: Loaded,
  f: Pick<TicketFilter, 'dueBefore' | 'dueAfter' | 'overdue' | 'milestone' | 'fields'>,
  now: number,
): Mutable<TicketFilterSpec> {
  const spec: Mutable<TicketFilterSpec> = {};
  if (f.dueBefore !== undefined) spec.dueBefore = dueBound(f.dueBefore, 'dueBefore', false);
  if (f.dueAfter !== undefined) spec.dueAfter = dueBound(f.dueAfter, 'dueAfter', true);
  if (f.overdue) spec.overdue = { now, today: startOfDay(now) };
  if (f.milestone !== undefined) spec.milestone = f.milestone;
  if (f.fields) {
    spec.fields = Object.entries(f.fields).map(([name, raw]) => ({
      name,
      value: fieldValue(fieldDef(p.schema.fields, name), raw),
    }));
  }
  return spec;
}

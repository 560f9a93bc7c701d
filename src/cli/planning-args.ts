import { UsageError } from './errors.js';

/** The planning flags of `new` and `edit`. An empty value clears (`--due ""`, `--field team=`). */
export interface PlanningOptions {
  readonly due?: string;
  readonly estimate?: string;
  readonly milestone?: string;
  readonly field?: readonly string[];
}

/** `--field NAME=VALUE` (repeatable) as a map; `NAME=` gives null, which clears the field. */
export function fieldArgs(
  values: readonly string[] | undefined,
  clear = true,
): Record<string, string | null> | undefined {
  if (!values?.length) return undefined;
  const out: Record<string, string | null> = {};
  for (const v of values) {
    const at = v.indexOf('=');
    if (at < 1) throw new UsageError(`--field takes NAME=VALUE (e.g. --field team=ui), not '${v}'`);
    const value = v.slice(at + 1);
    out[v.slice(0, at).trim()] = value === '' && clear ? null : value;
  }
  return out;
}

const blank = (v: string | undefined) => (v === undefined ? undefined : v.trim() === '' ? null : v);

/** The planning part of a create or update input; core checks every value. */
export function planningInput(o: PlanningOptions) {
  const fields = fieldArgs(o.field);
  const out: {
    due?: string | null;
    estimate?: string | null;
    milestone?: string | null;
    fields?: Record<string, string | null>;
  } = {};
  if (o.due !== undefined) out.due = blank(o.due) ?? null;
  if (o.estimate !== undefined) out.estimate = blank(o.estimate) ?? null;
  if (o.milestone !== undefined) out.milestone = blank(o.milestone) ?? null;
  if (fields) out.fields = fields;
  return out;
}

/** The planning filters of `ls` and `search`. `milestone` is false for --no-milestone. */
export interface PlanningFilterOptions {
  readonly overdue?: boolean;
  readonly milestone?: string | false;
  readonly dueBefore?: string;
  readonly dueAfter?: string;
  readonly field?: readonly string[];
}

export function planningFilter(o: PlanningFilterOptions) {
  const fields = fieldArgs(o.field, false) as Record<string, string> | undefined;
  return {
    ...(o.overdue ? { overdue: true } : {}),
    ...(o.milestone === false ? { milestone: null } : o.milestone !== undefined ? { milestone: o.milestone } : {}),
    ...(o.dueBefore !== undefined ? { dueBefore: o.dueBefore } : {}),
    ...(o.dueAfter !== undefined ? { dueAfter: o.dueAfter } : {}),
    ...(fields ? { fields } : {}),
  };
}

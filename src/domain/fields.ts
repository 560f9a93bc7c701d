import { invalid } from './errors.js';
import { formatDue, parseDue } from './planning.js';

/**
 * Custom fields, declared in a project's schema file as `[fields.NAME]` tables and checked here on
 * every write. Values are stored as JSON: strings, numbers, booleans; a date is kept as the text
 * `formatDue` gives (a day, or an instant in UTC).
 */
export const FIELD_TYPES = ['string', 'number', 'date', 'bool', 'enum'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export type FieldValue = string | number | boolean;

export interface FieldDef {
  readonly name: string;
  readonly type: FieldType;
  /** The allowed values of an enum. */
  readonly values?: readonly string[];
  readonly required?: boolean;
  readonly default?: FieldValue;
  /** The ticket types it applies to; absent for all. */
  readonly types?: readonly string[];
}

const NAME = /^[a-z][a-z0-9_]{0,39}$/;
const MAX_STRING = 2000;

/** A value as the field's type takes it (a CLI string or a JSON value), or a `validation` error naming the field. */
export function fieldValue(def: FieldDef, raw: unknown): FieldValue {
  const field = `field.${def.name}`;
  const bad = (allowed: string, extra: { allowed?: readonly string[] } = {}) =>
    invalid(`${field}: '${String(raw).slice(0, 40)}' is not a ${def.type}; ${allowed}`, {
      field,
      value: String(raw).slice(0, 40),
      ...extra,
    });
  switch (def.type) {
    case 'string':
      if (typeof raw !== 'string' && typeof raw !== 'number') throw bad('give text');
      if (String(raw).length > MAX_STRING || String(raw).includes('\u0000'))
        throw bad(`give text of at most ${MAX_STRING} characters`);
      return String(raw);
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() ? Number(raw) : Number.NaN;
      if (!Number.isFinite(n) || Math.abs(n) > 1e15) throw bad('give a finite number, e.g. 3 or 2.5');
      return n;
    }
    case 'bool': {
      if (typeof raw === 'boolean') return raw;
      const s = String(raw).toLowerCase();
      if (['true', 'yes', 'on', '1'].includes(s)) return true;
      if (['false', 'no', 'off', '0'].includes(s)) return false;
      throw bad('give true or false');
    }
    case 'date': {
      if (typeof raw !== 'string') throw bad('give YYYY-MM-DD or a time with its zone');
      const due = parseDue(raw, field);
      return formatDue(due.at, due.day);
    }
    case 'enum': {
      const values = def.values ?? [];
      if (typeof raw !== 'string' || !values.includes(raw)) {
        throw invalid(
          `${field}: '${String(raw).slice(0, 40)}' is not one of its values; allowed: ${values.join(', ')}`,
          {
            field,
            value: String(raw).slice(0, 40),
            allowed: values,
          },
        );
      }
      return raw;
    }
  }
}

/** The field named `name`, or a `validation` error listing the project's fields. */
export function fieldDef(fields: readonly FieldDef[] | undefined, name: string): FieldDef {
  const def = fields?.find((f) => f.name === name);
  if (!def) {
    const known = (fields ?? []).map((f) => f.name);
    throw invalid(
      `unknown field '${name}'; ${known.length ? `fields: ${known.join(', ')}` : 'this project declares no fields (add [fields.NAME] to its schema file)'}`,
      { field: `field.${name}`, allowed: known },
    );
  }
  return def;
}

export const appliesTo = (def: FieldDef, type: string) => !def.types || def.types.includes(type);

type Table = Record<string, unknown>;
const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads the `[fields.NAME]` tables of a schema file; each problem names its key. */
export function fieldsFrom(value: unknown, types: readonly string[], problems: string[]): FieldDef[] {
  if (value === undefined) return [];
  if (!isTable(value)) {
    problems.push('fields must hold [fields.NAME] tables');
    return [];
  }
  const out: FieldDef[] = [];
  for (const [name, table] of Object.entries(value)) {
    const where = `fields.${name}`;
    if (!NAME.test(name)) {
      problems.push(`${where}: a field name is 1-40 lower-case letters, digits or _, starting with a letter`);
      continue;
    }
    if (!isTable(table)) {
      problems.push(`${where} must be a table`);
      continue;
    }
    for (const key of Object.keys(table)) {
      if (!['type', 'values', 'required', 'default', 'types'].includes(key))
        problems.push(`unknown key ${where}.${key}`);
    }
    const type = table.type;
    if (typeof type !== 'string' || !(FIELD_TYPES as readonly string[]).includes(type)) {
      problems.push(`${where}.type must be one of: ${FIELD_TYPES.join(', ')}`);
      continue;
    }
    const def: { -readonly [K in keyof FieldDef]: FieldDef[K] } = { name, type: type as FieldType };
    if (type === 'enum') {
      const values = table.values;
      if (!Array.isArray(values) || !values.length || values.some((v) => typeof v !== 'string' || !v.trim())) {
        problems.push(`${where}.values must be a non-empty list of strings for an enum`);
        continue;
      }
      def.values = values as string[];
    } else if (table.values !== undefined) problems.push(`${where}.values is only for an enum`);
    if (table.required !== undefined) {
      if (typeof table.required !== 'boolean') problems.push(`${where}.required must be true or false`);
      else if (table.required) def.required = true;
    }
    if (table.types !== undefined) {
      const list = table.types;
      if (!Array.isArray(list) || !list.length || list.some((t) => typeof t !== 'string')) {
        problems.push(`${where}.types must be a non-empty list of ticket types`);
      } else {
        const unknown = (list as string[]).filter((t) => !types.includes(t));
        if (unknown.length)
          problems.push(`${where}.types: unknown ticket type '${unknown[0]}'; types: ${types.join(', ')}`);
        def.types = list as string[];
      }
    }
    if (table.default !== undefined) {
      try {
        def.default = fieldValue(def, table.default instanceof Date ? table.default.toISOString() : table.default);
      } catch (e) {
        problems.push(`${where}.default: ${(e as Error).message.replace(/^field\.[a-z0-9_]+: /, '')}`);
      }
    }
    out.push(def);
  }
  return out;
}

/** Every problem with declared fields (an imported or stored schema), each naming its key. */
export function fieldProblems(fields: readonly FieldDef[] | undefined, types: readonly string[]): string[] {
  if (fields === undefined) return [];
  if (!Array.isArray(fields)) return ['fields must be a list of field declarations'];
  const problems: string[] = [];
  const table: Table = {};
  for (const f of fields) {
    if (!isTable(f) || typeof f.name !== 'string') {
      problems.push('fields: each declaration needs a name');
      continue;
    }
    const { name, ...rest } = f;
    if (name in table) problems.push(`fields.${name} is declared twice`);
    table[name] = rest;
  }
  fieldsFrom(table, types, problems);
  return problems;
}

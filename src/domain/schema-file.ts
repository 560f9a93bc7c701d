import { parse, TomlError } from 'smol-toml';
import { DocketError } from './errors.js';
import { coerceOption, isOptionKey, type Options } from './options.js';
import {
  BLINKDESK_PRIORITIES,
  DEFAULT_PRIORITIES,
  defaultOptions,
  type ProjectSchema,
  schemaProblems,
} from './project-schema.js';
import { fieldsFrom } from './fields.js';
import { SlugSchema } from './inputs.js';
import { toSlug } from './slug.js';
import { DEFAULT_WORKFLOWS, inferTerminal, inferWork, type Workflow, workflowProblems } from './workflow.js';

/** A parsed schema file: the project schema plus the entities and categories to seed. */
export interface SchemaFile {
  readonly schema: ProjectSchema;
  readonly entities: readonly string[];
  readonly categories: readonly string[];
}

/** The type a BlinkDesk file's single workflow is given. */
export const BLINKDESK_TYPE = 'ticket';

type Table = Record<string, unknown>;

const fail = (problems: string[]) => new DocketError('schema', `schema file: ${problems.join('; ')}`, { problems });

const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A name from the file as the slug Docket will use, or a problem naming `key` when no command could type it. */
function slugAt(raw: string, key: string, problems: string[]): string {
  const parsed = SlugSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  problems.push(`${key}: '${raw.trim()}' is not a usable name; use letters, digits and _ . : @ - (spaces become -)`);
  return toSlug(raw);
}

function slugList(
  table: Table,
  key: string,
  where: string,
  problems: string[],
  required: boolean,
): string[] | undefined {
  const value = table[key];
  if (value === undefined) {
    if (required) problems.push(`${where}.${key} must be a non-empty list`);
    return undefined;
  }
  if (!Array.isArray(value) || !value.length || value.some((v) => typeof v !== 'string' || !v.trim())) {
    problems.push(`${where}.${key} must be a non-empty list of strings`);
    return undefined;
  }
  return value.map((v, i) => slugAt(v as string, `${where}.${key}[${i}]`, problems));
}

function transitions(value: unknown, where: string, problems: string[]): [string, string][] {
  if (!Array.isArray(value) || !value.length) {
    problems.push(`${where}.transitions must be a non-empty list`);
    return [];
  }
  const out: [string, string][] = [];
  value.forEach((item, i) => {
    const key = `${where}.transitions[${i}]`;
    if (typeof item === 'string' && item.includes('->')) {
      const [from = '', to = ''] = item.split('->');
      if (from.trim() && to.trim()) {
        out.push([slugAt(from, key, problems), slugAt(to, key, problems)]);
        return;
      }
    }
    if (isTable(item) && typeof item.from === 'string' && typeof item.to === 'string') {
      out.push([slugAt(item.from, key, problems), slugAt(item.to, key, problems)]);
      return;
    }
    problems.push(`${where}.transitions[${i}] must be { from = "a", to = "b" } or "a -> b"`);
  });
  return out;
}

function workflowFrom(type: string, table: Table, where: string, problems: string[]): Workflow | undefined {
  const known = new Set(['states', 'transitions', 'initial', 'terminal', 'work']);
  for (const key of Object.keys(table)) if (!known.has(key)) problems.push(`unknown key ${where}.${key}`);
  const states = slugList(table, 'states', where, problems, true);
  const pairs = transitions(table.transitions, where, problems);
  if (!states) return undefined;
  const one = (key: string): string | undefined => {
    const v = table[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !v.trim()) {
      problems.push(`${where}.${key} must be a state name`);
      return undefined;
    }
    return slugAt(v, `${where}.${key}`, problems);
  };
  const initial = one('initial') ?? states[0]!;
  let terminal: string[] | undefined;
  if (table.terminal === undefined) {
    terminal = inferTerminal(states, pairs, initial);
    if (pairs.length && !pairs.some(([from]) => from === initial)) {
      problems.push(`${where}.transitions: no transition leaves the initial state '${initial}'`);
    }
  } else {
    terminal = slugList(table, 'terminal', where, problems, true);
  }
  const work = one('work') ?? inferWork(states, terminal ?? [], initial);
  const wf: Workflow = {
    type,
    states,
    initial,
    terminal: terminal ?? [],
    transitions: pairs,
    ...(work !== undefined ? { work } : {}),
  };
  // Checked here so each problem names the file's own key (schema.states, types.NAME.initial).
  problems.push(...workflowProblems(wf, where));
  return wf;
}

function optionsFrom(value: unknown, defaults: Options, problems: string[]): Options {
  if (value === undefined) return defaults;
  if (!isTable(value)) {
    problems.push('options must be a table ([options])');
    return defaults;
  }
  const out: Record<string, unknown> = { ...defaults };
  for (const [key, raw] of Object.entries(value)) {
    if (!isOptionKey(key)) {
      problems.push(`unknown key options.${key}`);
      continue;
    }
    try {
      out[key] = coerceOption(key, raw);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  return out as unknown as Options;
}

/**
 * Reads a schema file: BlinkDesk's format unchanged (`[schema]` with states and transitions, one
 * workflow for the type `ticket`), or Docket's extended form with one `[types.NAME]` table per type.
 * Priorities are listed lowest first, as BlinkDesk does. Errors name the key and the problem.
 */
export function parseSchemaFile(text: string, defaultPrefix = '#'): SchemaFile {
  let doc: Table;
  try {
    doc = parse(text) as Table;
  } catch (e) {
    const where = e instanceof TomlError ? `line ${e.line}, column ${e.column}: ` : '';
    const first = (e as Error).message.split('\n')[0];
    throw fail([`not valid TOML: ${where}${first}`]);
  }
  const problems: string[] = [];
  for (const key of Object.keys(doc)) {
    if (!['schema', 'types', 'options', 'fields'].includes(key)) problems.push(`unknown table [${key}]`);
  }
  const section = doc.schema ?? {};
  if (!isTable(section)) throw fail(['schema must be a table ([schema])']);
  for (const key of Object.keys(section)) {
    if (!['entities', 'states', 'priorities', 'categories', 'transitions'].includes(key))
      problems.push(`unknown key schema.${key}`);
  }

  let types: Workflow[];
  /** Every type the file names, its workflow valid or not, so default_type is checked against the file. */
  const named: string[] = [];
  const blinkdesk = section.states !== undefined || section.transitions !== undefined;
  if (blinkdesk && doc.types !== undefined) {
    problems.push('use either schema.states/schema.transitions (one workflow) or [types.NAME] tables, not both');
  }
  if (blinkdesk) {
    const wf = workflowFrom(
      BLINKDESK_TYPE,
      { states: section.states, transitions: section.transitions },
      'schema',
      problems,
    );
    types = wf ? [wf] : [];
    named.push(BLINKDESK_TYPE);
  } else if (doc.types !== undefined) {
    if (!isTable(doc.types) || !Object.keys(doc.types).length) {
      problems.push('types must hold at least one [types.NAME] table');
      types = [];
    } else {
      types = [];
      for (const [name, table] of Object.entries(doc.types)) {
        if (!isTable(table)) {
          problems.push(`types.${name} must be a table`);
          continue;
        }
        const type = slugAt(name, `types.${name}`, problems);
        named.push(type);
        const wf = workflowFrom(type, table, `types.${name}`, problems);
        if (wf) types.push(wf);
      }
    }
  } else {
    types = [...DEFAULT_WORKFLOWS];
    named.push(...types.map((w) => w.type));
  }

  const listed = slugList(section, 'priorities', 'schema', problems, false);
  const priorities = listed ? [...listed].reverse() : blinkdesk ? [...BLINKDESK_PRIORITIES] : [...DEFAULT_PRIORITIES];
  const base = defaultOptions(defaultPrefix);
  const defaults: Options = {
    ...base,
    default_priority: priorities.includes(base.default_priority)
      ? base.default_priority
      : priorities.includes('normal')
        ? 'normal'
        : priorities[Math.floor((priorities.length - 1) / 2)]!,
    default_type: types.some((w) => w.type === base.default_type)
      ? base.default_type
      : (types[0]?.type ?? base.default_type),
  };
  const options = optionsFrom(doc.options, defaults, problems);
  const entities = slugList(section, 'entities', 'schema', problems, false) ?? [];
  const categories = slugList(section, 'categories', 'schema', problems, false) ?? [];
  // The checks schemaProblems makes across sections, made here too so that a file wrong in several
  // places hears of all of them at once (same words, so each problem is named once either way).
  if (listed && new Set(listed).size !== listed.length) problems.push('schema.priorities lists a priority twice');
  if ((listed || section.priorities === undefined) && !priorities.includes(options.default_priority)) {
    problems.push(`options.default_priority: Default priority '${options.default_priority}' not found`);
  }
  if (named.length && !named.includes(options.default_type)) {
    problems.push(`options.default_type: unknown ticket type '${options.default_type}'`);
  }
  const fields = fieldsFrom(doc.fields, named, problems);
  if (problems.length) throw fail(problems);

  const schema: ProjectSchema = { types, priorities, options, ...(fields.length ? { fields } : {}) };
  const more = schemaProblems(schema);
  if (more.length) throw fail(more);
  return { schema, entities, categories };
}

import { invalid } from './errors.js';
import { type FieldDef, fieldProblems } from './fields.js';
import { SlugSchema } from './inputs.js';
import type { Options } from './options.js';
import { toSlug } from './slug.js';
import { DEFAULT_WORKFLOWS, type Workflow, workflowProblems } from './workflow.js';

/**
 * What a project is configured with: its ticket types and their workflows, its priorities and options.
 * Stored as one document per project, versioned so that every process sees changes at once.
 */
export interface ProjectSchema {
  readonly types: readonly Workflow[];
  /** Most urgent first. */
  readonly priorities: readonly string[];
  readonly options: Options;
  /** Custom fields (`[fields.NAME]` in the schema file); absent when the project declares none. */
  readonly fields?: readonly FieldDef[];
}

export const DEFAULT_PRIORITIES: readonly string[] = ['urgent', 'high', 'medium', 'low', 'none'];
/** What a BlinkDesk schema file gets when it lists no priorities (most urgent first). */
export const BLINKDESK_PRIORITIES: readonly string[] = ['high', 'normal', 'low'];

export function defaultOptions(prefix: string): Options {
  return {
    display_prefix: prefix,
    lock_entities: false,
    default_priority: 'medium',
    require_operator: false,
    audit_log: true,
    audit_prune_keep_days: 30,
    default_type: 'task',
    webhook_allow_private: false,
  };
}

export function defaultSchema(prefix: string): ProjectSchema {
  return { types: DEFAULT_WORKFLOWS, priorities: DEFAULT_PRIORITIES, options: defaultOptions(prefix) };
}

export function workflowOf(schema: ProjectSchema, type: string): Workflow {
  const wf = schema.types.find((w) => w.type === type);
  if (!wf) {
    throw invalid(`unknown ticket type '${type}'; types: ${schema.types.map((w) => w.type).join(', ')}`, {
      field: 'type',
      allowed: schema.types.map((w) => w.type),
    });
  }
  return wf;
}

/** Higher is more urgent; used to sort by priority in the store. */
export function priorityRank(schema: ProjectSchema, priority: string): number {
  const i = schema.priorities.indexOf(priority);
  if (i === -1) {
    throw invalid(`unknown priority '${priority}'; priorities: ${schema.priorities.join(', ')}`, {
      field: 'priority',
      allowed: schema.priorities,
    });
  }
  return schema.priorities.length - 1 - i;
}

/** A name commands can type back: already a slug (lower case, no spaces, letters, digits and _ . : @ -). */
const usable = (name: string) => SlugSchema.safeParse(name).data === name;
const unusable = (key: string, name: string) =>
  `${key}: '${name}' is not a usable name; use lower-case letters, digits and _ . : @ - (e.g. '${toSlug(name)}')`;

/** Every problem with a schema, each naming its key; throws `schema` errors through the caller. */
export function schemaProblems(schema: ProjectSchema): string[] {
  const problems: string[] = [];
  if (!schema.types.length) problems.push('types must define at least one ticket type');
  const names = new Set<string>();
  for (const wf of schema.types) {
    if (names.has(wf.type)) problems.push(`types.${wf.type} is defined twice`);
    names.add(wf.type);
    if (!usable(wf.type)) problems.push(unusable('types', wf.type));
    for (const s of wf.states) if (!usable(s)) problems.push(unusable(`types.${wf.type}.states`, s));
    problems.push(...workflowProblems(wf, `types.${wf.type}`));
  }
  for (const p of schema.priorities) if (!usable(p)) problems.push(unusable('schema.priorities', p));
  if (!schema.priorities.length) problems.push('schema.priorities must be a non-empty list');
  if (new Set(schema.priorities).size !== schema.priorities.length)
    problems.push('schema.priorities lists a priority twice');
  if (!schema.priorities.includes(schema.options.default_priority)) {
    problems.push(`options.default_priority: Default priority '${schema.options.default_priority}' not found`);
  }
  if (!names.has(schema.options.default_type)) {
    problems.push(`options.default_type: unknown ticket type '${schema.options.default_type}'`);
  }
  problems.push(...fieldProblems(schema.fields, [...names]));
  return problems;
}

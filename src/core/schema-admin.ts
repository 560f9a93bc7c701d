import { DocketError, invalid, notFound } from '../domain/errors.js';
import { parseInput, SlugSchema, wholeNumber } from '../domain/inputs.js';
import {
  coerceOption,
  formatOption,
  isOptionKey,
  OPTION_KEYS,
  type OptionKey,
  type Options,
} from '../domain/options.js';
import { defaultOptions, type ProjectSchema, schemaProblems } from '../domain/project-schema.js';
import type { Workflow } from '../domain/workflow.js';
import type { HistoryTarget, StoreTx } from '../store/store.js';
import { type Loaded, projectRead, projectWrite, record, type Scope } from './context.js';

const slug = (s: string, field = 'name') => parseInput(SlugSchema, s, field);

/** A schema change that also rewrites tickets: `tickets` runs after the event its history rows point at. */
interface WithTickets {
  readonly schema: ProjectSchema;
  readonly tickets: (tx: StoreTx, history: HistoryTarget) => Promise<unknown>;
}

/** Runs a schema change: `change` returns the new schema (and what it does to tickets); it is validated and saved. */
function changeSchema(
  scope: Scope,
  operation: string,
  change: (tx: StoreTx, p: Loaded) => Promise<ProjectSchema | WithTickets>,
  operatorRequired = true,
): Promise<ProjectSchema> {
  return projectWrite(scope, { operation, operatorRequired }, async (w) => {
    const { tx, p, actor, at } = w;
    const planned = await change(tx, p);
    const next = 'tickets' in planned ? planned.schema : planned;
    const problems = schemaProblems(next);
    if (problems.length) throw new DocketError('schema', problems.join('; '), { problems });
    await tx.projects.saveSchema(p.rec.id, JSON.stringify(next));
    const line = `Changed project ${p.rec.key}: ${operation}`;
    const eventId = await record({ ...w, p: { ...p, schema: next } }, { kind: 'project.changed', line });
    if ('tickets' in planned) await planned.tickets(tx, { eventId, actor, at });
    return next;
  });
}

const withType = (schema: ProjectSchema, type: string, f: (wf: Workflow) => Workflow): ProjectSchema => {
  const wf = schema.types.find((w) => w.type === type);
  if (!wf) throw invalid(`unknown ticket type '${type}'; types: ${schema.types.map((w) => w.type).join(', ')}`);
  return { ...schema, types: schema.types.map((w) => (w.type === type ? f(w) : w)) };
};

/** Resolves the type a state command is about: the given one, or the only type there is. */
function typeFor(schema: ProjectSchema, type: string | undefined): string {
  if (type !== undefined) return slug(type, 'type');
  if (schema.types.length === 1) return schema.types[0]!.type;
  throw invalid(`say which ticket type (types: ${schema.types.map((w) => w.type).join(', ')})`, { field: 'type' });
}

export async function getSchema(scope: Scope): Promise<ProjectSchema> {
  return projectRead(scope, async (_tx, p) => p.schema);
}

// --- states and transitions ---------------------------------------------------------------

export interface StateOptions {
  readonly type?: string;
  readonly terminal?: boolean;
}

export async function addState(scope: Scope, state: string, options: StateOptions = {}): Promise<ProjectSchema> {
  const s = slug(state, 'state');
  return changeSchema(scope, `add state ${s}`, async (_tx, p) =>
    withType(p.schema, typeFor(p.schema, options.type), (wf) => {
      if (wf.states.includes(s)) throw new DocketError('already_exists', `${wf.type} already has a state '${s}'`);
      return { ...wf, states: [...wf.states, s], terminal: options.terminal ? [...wf.terminal, s] : wf.terminal };
    }),
  );
}

export async function removeState(
  scope: Scope,
  state: string,
  options: { type?: string } = {},
): Promise<ProjectSchema> {
  const s = slug(state, 'state');
  return changeSchema(scope, `remove state ${s}`, async (tx, p) => {
    const type = typeFor(p.schema, options.type);
    const used = await tx.counts.usage({ projectId: p.rec.id, column: 'status', value: s, type });
    if (used)
      throw new DocketError('conflict', `${used} ${type} ticket(s) are in '${s}'; move them out first`, {
        count: used,
      });
    return withType(p.schema, type, (wf) => {
      if (!wf.states.includes(s)) throw notFound('state', `'${s}' in ${wf.type}; states: ${wf.states.join(', ')}`);
      if (wf.initial === s) throw invalid(`'${s}' is the initial state of ${wf.type}; it cannot be removed`);
      const { work, ...rest } = wf;
      return {
        ...rest,
        ...(work !== undefined && work !== s ? { work } : {}),
        states: wf.states.filter((x) => x !== s),
        terminal: wf.terminal.filter((x) => x !== s),
        transitions: wf.transitions.filter(([a, b]) => a !== s && b !== s),
      };
    });
  });
}

export async function addTransition(
  scope: Scope,
  from: string,
  to: string,
  options: { type?: string } = {},
): Promise<ProjectSchema> {
  const [a, b] = [slug(from, 'from'), slug(to, 'to')];
  return changeSchema(scope, `add transition ${a} -> ${b}`, async (_tx, p) =>
    withType(p.schema, typeFor(p.schema, options.type), (wf) => {
      if (wf.transitions.some(([x, y]) => x === a && y === b)) {
        throw new DocketError('already_exists', `${wf.type} already has ${a} -> ${b}`);
      }
      return { ...wf, transitions: [...wf.transitions, [a, b] as const] };
    }),
  );
}

export async function removeTransition(
  scope: Scope,
  from: string,
  to: string,
  options: { type?: string } = {},
): Promise<ProjectSchema> {
  const [a, b] = [slug(from, 'from'), slug(to, 'to')];
  return changeSchema(scope, `remove transition ${a} -> ${b}`, async (_tx, p) =>
    withType(p.schema, typeFor(p.schema, options.type), (wf) => {
      if (!wf.transitions.some(([x, y]) => x === a && y === b))
        throw notFound('transition', `${a} -> ${b} in ${wf.type}`);
      return { ...wf, transitions: wf.transitions.filter(([x, y]) => !(x === a && y === b)) };
    }),
  );
}

/** Adds a ticket type with its own workflow. */
export async function addType(scope: Scope, wf: Workflow): Promise<ProjectSchema> {
  return changeSchema(scope, `add type ${wf.type}`, async (_tx, p) => {
    if (p.schema.types.some((w) => w.type === wf.type))
      throw new DocketError('already_exists', `type '${wf.type}' exists`);
    return { ...p.schema, types: [...p.schema.types, wf] };
  });
}

// --- priorities ---------------------------------------------------------------------------

const ranks = (priorities: readonly string[]) => new Map(priorities.map((p, i) => [p, priorities.length - 1 - i]));

/** Adds a priority at `position` (1 = most urgent; default: least urgent). */
export async function addPriority(scope: Scope, priority: string, position?: number): Promise<ProjectSchema> {
  const s = slug(priority, 'priority');
  return changeSchema(scope, `add priority ${s}`, async (tx, p) => {
    const list = [...p.schema.priorities];
    if (list.includes(s)) throw new DocketError('already_exists', `priority '${s}' exists`);
    const at =
      position === undefined ? list.length : Math.min(Math.max(wholeNumber(position, 'position') - 1, 0), list.length);
    list.splice(at, 0, s);
    await tx.tickets.rerank(p.rec.id, ranks(list));
    return { ...p.schema, priorities: list };
  });
}

export async function renamePriority(scope: Scope, from: string, to: string): Promise<ProjectSchema> {
  const [a, b] = [slug(from), slug(to)];
  return changeSchema(scope, `rename priority ${a} to ${b}`, async (_tx, p) => {
    if (!p.schema.priorities.includes(a))
      throw notFound('priority', `'${a}'; priorities: ${p.schema.priorities.join(', ')}`);
    if (p.schema.priorities.includes(b)) throw new DocketError('already_exists', `priority '${b}' exists`);
    const options =
      p.schema.options.default_priority === a ? { ...p.schema.options, default_priority: b } : p.schema.options;
    return {
      schema: { ...p.schema, options, priorities: p.schema.priorities.map((x) => (x === a ? b : x)) },
      tickets: (tx, history) =>
        tx.tickets.replace({ projectId: p.rec.id, column: 'priority', from: a, to: b, history }),
    };
  });
}

export async function removePriority(scope: Scope, priority: string): Promise<ProjectSchema> {
  const s = slug(priority, 'priority');
  return changeSchema(scope, `remove priority ${s}`, async (tx, p) => {
    if (!p.schema.priorities.includes(s))
      throw notFound('priority', `'${s}'; priorities: ${p.schema.priorities.join(', ')}`);
    if (p.schema.options.default_priority === s) {
      throw invalid(`'${s}' is the default priority; set another default first (config set default_priority …)`);
    }
    const used = await tx.counts.usage({ projectId: p.rec.id, column: 'priority', value: s });
    if (used)
      throw new DocketError('conflict', `${used} ticket(s) have priority '${s}'; change them first`, { count: used });
    const list = p.schema.priorities.filter((x) => x !== s);
    await tx.tickets.rerank(p.rec.id, ranks(list));
    return { ...p.schema, priorities: list };
  });
}

// --- options ------------------------------------------------------------------------------

/** Options left out of a project's schema until set: what they read as. */
const OPTIONAL_DEFAULTS: Partial<Options> = { estimate_unit: 'points' };

export async function getConfig(scope: Scope): Promise<Record<OptionKey, string>> {
  const schema = await getSchema(scope);
  // Options added after a project was made are absent from its stored schema: show their defaults.
  const defaults = defaultOptions(schema.options.display_prefix);
  return Object.fromEntries(
    OPTION_KEYS.map((k) => [k, formatOption((schema.options[k] ?? defaults[k] ?? OPTIONAL_DEFAULTS[k])!)]),
  ) as Record<OptionKey, string>;
}

export async function setConfig(scope: Scope, key: string, value: unknown): Promise<Options> {
  if (!isOptionKey(key)) throw invalid(`unknown option '${key}'; options: ${OPTION_KEYS.join(', ')}`, { key });
  const coerced = coerceOption(key, value, 'config');
  return changeSchema(
    scope,
    `set ${key}`,
    async (_tx, p) => {
      // The value must name something the schema has; say which ones instead of a schema error.
      const known =
        key === 'default_priority'
          ? p.schema.priorities
          : key === 'default_type'
            ? p.schema.types.map((w) => w.type)
            : null;
      if (known && !known.includes(coerced as string)) {
        throw invalid(`config ${key}: '${coerced}' is not one of: ${known.join(', ')}`, { key, allowed: known });
      }
      return { ...p.schema, options: { ...p.schema.options, [key]: coerced } };
    },
    // BlinkDesk's require_operator guards changes to tickets, not the options themselves: its own
    // walkthrough sets options after turning it on, without naming an operator.
    false,
  ).then((s) => s.options);
}

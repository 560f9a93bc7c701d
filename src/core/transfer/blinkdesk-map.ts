import { DocketError } from '../../domain/errors.js';
import type { EventKind } from '../../domain/events.js';
import { coerceOption, isOptionKey, type Options } from '../../domain/options.js';
import { defaultOptions, type ProjectSchema, schemaProblems } from '../../domain/project-schema.js';
import { BLINKDESK_TYPE } from '../../domain/schema-file.js';
import { toSlug } from '../../domain/slug.js';
import { inferTerminal, inferWork, type Workflow } from '../../domain/workflow.js';
import type { BlinkdeskActivityRow, BlinkdeskSlugRow } from '../../store/store.js';

// How BlinkDesk's rows read in Docket's model: pure functions, so the rules are easy to test and to see.

const SLUG_OK = /^[\p{L}\p{N}][\p{L}\p{N}_.:@-]*$/u;

/**
 * A Docket slug for a BlinkDesk name: BlinkDesk's own slugging (lower case, spaces as dashes), then
 * any character Docket does not allow becomes a dash; `fallback` when nothing usable is left or the
 * result is taken.
 */
export function safeSlug(raw: string, fallback: string, taken: ReadonlySet<string>): string {
  let slug = toSlug(raw)
    .replace(/[^\p{L}\p{N}_.:@-]+/gu, '-')
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .slice(0, 64);
  if (!slug || !SLUG_OK.test(slug) || taken.has(slug)) slug = fallback;
  return slug;
}

/** BlinkDesk writes Python ISO text, with microseconds and often no zone (then it is UTC). */
export function blinkdeskTime(text: string, what: string): number {
  let s = text.trim().replace(' ', 'T');
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) s += 'T00:00:00';
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(s)) s += 'Z';
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) {
    throw new DocketError('validation', `${what} has a time Docket cannot read: '${text}'`, { value: text });
  }
  return ms;
}

/** Docket titles are 1-500 characters; BlinkDesk let empty ones through. */
export function importedTitle(title: string): string {
  const t = title.trim();
  if (!t) return '(untitled)';
  return t.length > 500 ? `${t.slice(0, 499)}…` : t;
}

/**
 * The single workflow (type `ticket`) and the priorities, as `parseSchemaFile` reads a BlinkDesk
 * schema file: the lowest state id is initial, terminal states are inferred the same way (no way
 * out, or named like `closed`), and a higher priority id is more urgent.
 */
export function blinkdeskSchema(
  states: readonly BlinkdeskSlugRow[],
  transitions: readonly { from: number; to: number }[],
  priorities: readonly BlinkdeskSlugRow[],
  config: readonly { key: string; value: string }[],
  stateSlug: ReadonlyMap<number, string>,
  prioritySlug: ReadonlyMap<number, string>,
): ProjectSchema {
  if (!states.length)
    throw new DocketError('schema', 'the BlinkDesk database defines no states (ticket_states is empty)');
  if (!priorities.length) {
    throw new DocketError('schema', 'the BlinkDesk database defines no priorities (ticket_priorities is empty)');
  }
  const names = states.map((s) => stateSlug.get(s.id)!);
  const pairs: [string, string][] = [];
  for (const t of transitions) {
    const from = stateSlug.get(t.from);
    const to = stateSlug.get(t.to);
    if (from === undefined || to === undefined) {
      throw new DocketError(
        'schema',
        `a BlinkDesk transition names a state id that does not exist (${t.from} -> ${t.to})`,
      );
    }
    if (from !== to) pairs.push([from, to]);
  }
  // Same inference as a BlinkDesk schema file, so an imported database and `init schema.toml` agree.
  const terminal = inferTerminal(names, pairs, names[0]!);
  const work = inferWork(names, terminal, names[0]!);
  const workflow: Workflow = {
    type: BLINKDESK_TYPE,
    states: names,
    initial: names[0]!,
    terminal,
    transitions: pairs,
    ...(work !== undefined ? { work } : {}),
  };
  const ordered = [...priorities].sort((a, b) => b.id - a.id).map((p) => prioritySlug.get(p.id)!);
  const options = blinkdeskOptions(config, ordered);
  const schema: ProjectSchema = { types: [workflow], priorities: ordered, options };
  const problems = schemaProblems(schema);
  if (problems.length) {
    throw new DocketError('schema', `the BlinkDesk workflow does not make a Docket one: ${problems.join('; ')}`, {
      problems,
    });
  }
  return schema;
}

/** BlinkDesk's config rows as options; unknown keys are left behind, a missing default priority is chosen. */
export function blinkdeskOptions(
  config: readonly { key: string; value: string }[],
  priorities: readonly string[],
): Options {
  const out: Record<string, unknown> = { ...defaultOptions('#'), default_type: BLINKDESK_TYPE };
  for (const { key, value } of config) {
    if (!isOptionKey(key) || key === 'default_type') continue;
    out[key] = coerceOption(key, value, 'config');
  }
  if (!priorities.includes(String(out.default_priority))) {
    out.default_priority = priorities.includes('normal')
      ? 'normal'
      : priorities[Math.floor((priorities.length - 1) / 2)]!;
  }
  return out as unknown as Options;
}

/** A project key from the display prefix (`BD-` gives `bd`), else `blinkdesk`. */
export function keyFromPrefix(prefix: string): string {
  const letters = prefix.replace(/[^A-Za-z0-9_]/g, '').toLowerCase();
  return /^[a-z][a-z0-9_]{0,31}$/.test(letters) ? letters : 'blinkdesk';
}

export interface MappedActivity {
  readonly kind: EventKind;
  readonly changes: readonly { field: string; old: string | null; new: string | null }[];
  /** The assignee after this row, for the next row's `old`. */
  readonly assignee: string | null;
}

const LINE_LIMIT = 200;
export const commentPreview = (body: string) => (body.length > LINE_LIMIT ? `${body.slice(0, LINE_LIMIT - 1)}…` : body);

/**
 * One log row as an event with its history: `created`, `state_changed` ('a -> b'), `assigned`
 * ('assigned to bob'), `unassigned`, `updated` and anything newer kept under its own name.
 */
export function mapLog(
  row: BlinkdeskActivityRow,
  title: string,
  assignee: string | null,
  entitySlug: (name: string) => string,
): MappedActivity {
  const details = row.details;
  switch (row.action) {
    case 'created':
      return { kind: 'ticket.created', changes: [{ field: 'created', old: null, new: title }], assignee };
    case 'state_changed': {
      const [from, to] = (details ?? '').split('->').map((s) => s.trim());
      const change =
        from && to
          ? { field: 'status', old: toSlug(from), new: toSlug(to) }
          : { field: 'status', old: null, new: details };
      return { kind: 'ticket.moved', changes: [change], assignee };
    }
    case 'assigned': {
      const name = /^\s*assigned to\s+(.+?)\s*$/i.exec(details ?? '')?.[1];
      const next = name === undefined ? details : entitySlug(name);
      return { kind: 'ticket.updated', changes: [{ field: 'assignee', old: assignee, new: next }], assignee: next };
    }
    case 'unassigned':
      return { kind: 'ticket.updated', changes: [{ field: 'assignee', old: assignee, new: null }], assignee: null };
    default:
      return { kind: 'ticket.updated', changes: [{ field: row.action, old: null, new: details }], assignee };
  }
}

const AUDIT_KINDS: readonly [RegExp, string][] = [
  [/^created ticket/i, 'ticket.created'],
  [/^transitioned ticket/i, 'ticket.moved'],
  [/^added comment/i, 'ticket.commented'],
  [/^(assigned|unassigned|updated|set|removed|changed) .*ticket/i, 'ticket.updated'],
  [/entity/i, 'entity.changed'],
  [/category/i, 'category.changed'],
];

/** An audit line without BlinkDesk's logger name, with the kind and actor it names ('… (alice)'). */
export function mapAuditLine(raw: string): { kind: string; actor: string | null; line: string } {
  const line = raw.replace(/^blinkdesk[\w.]*:\s*/i, '');
  const kind = AUDIT_KINDS.find(([re]) => re.test(line))?.[1] ?? 'project.changed';
  const who = /\(([^()]+)\)\s*$/.exec(line)?.[1]?.trim();
  const actor = who === undefined || who === 'system' ? null : toSlug(who);
  return { kind, actor, line };
}

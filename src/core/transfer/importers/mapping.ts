import { DocketError } from '../../../domain/errors.js';
import type { ProjectSchema } from '../../../domain/project-schema.js';
import { toSlug } from '../../../domain/slug.js';
import { POSITIVE_TERMINALS, type Workflow } from '../../../domain/workflow.js';
import type { ImportItem, StatusCategory } from './import-item.js';

// From a source's statuses, types and priorities to a project's: rules first (`--map`, a mapping file),
// then the same name, then a documented default per meaning. Nothing falls back to "whatever is first":
// a value no step maps is unmapped, and the plan refuses until a rule maps it or the user drops it.

export const MAPPED_FIELDS = ['type', 'status', 'priority'] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];

/** `status:In Review=in_progress`, `status[bug]:Open=triage`, `type:Epic=-` (drop), `type:*=task`. */
export interface MappingRule {
  readonly field: MappedField;
  /** Status rules only: the target type they apply to; null for every type. */
  readonly forType: string | null;
  /** The source value, normalised (see `sourceKey`); `*` matches any. */
  readonly from: string;
  /** The target name; null drops the items that have the value. */
  readonly to: string | null;
  readonly text: string;
}

/** How a source value is compared: case, spaces and dashes do not matter (`In-Progress` = `in progress`). */
export const sourceKey = (v: string) =>
  v
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
/** State and type names compare the same way (`in_progress` = `In Progress`). */
const nameKey = (v: string) =>
  v
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '_');

const RULE = /^(type|status|priority)(?:\[([^\]]+)\])?:(.+)=([^=]*)$/;

/**
 * Reads mapping rules: `--map` values, or a mapping file of one rule per line (`#` comments), or a JSON
 * file `{"status": {"Todo": "backlog"}, "type": {"Epic": null}, "priority": {…}}`. A bad rule is
 * refused naming it.
 */
export function parseMappingRules(input: string | readonly string[]): MappingRule[] {
  if (typeof input === 'string' && input.trim().startsWith('{')) return jsonRules(input);
  const lines = typeof input === 'string' ? input.split(/\r?\n/) : input;
  const rules: MappingRule[] = [];
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = RULE.exec(line);
    if (!m) {
      const where = typeof input === 'string' ? `line ${i + 1}: ` : '';
      throw new DocketError(
        'validation',
        `${where}'${line}' is not a mapping rule; write FIELD:SOURCE=TARGET, e.g. status:Todo=backlog, status[bug]:Open=triage, type:Epic=- (drop)`,
        { rule: line },
      );
    }
    const to = m[4]!.trim();
    rules.push({
      field: m[1] as MappedField,
      forType: m[2] ? toSlug(m[2]) : null,
      from: m[3]!.trim() === '*' ? '*' : sourceKey(m[3]!),
      to: to === '-' || to === '' ? null : toSlug(to),
      text: line,
    });
  });
  return rules;
}

function jsonRules(text: string): MappingRule[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new DocketError('validation', `the mapping file is not valid JSON: ${(e as Error).message}`);
  }
  const rules: MappingRule[] = [];
  for (const [field, values] of Object.entries(doc as Record<string, unknown>)) {
    if (!(MAPPED_FIELDS as readonly string[]).includes(field) || typeof values !== 'object' || values === null) {
      throw new DocketError(
        'validation',
        `mapping file: '${field}' is not type, status or priority with an object of values`,
      );
    }
    for (const [from, to] of Object.entries(values)) {
      if (to !== null && typeof to !== 'string') {
        throw new DocketError('validation', `mapping file: ${field}.${from} must be a name, or null to drop`);
      }
      rules.push({
        field: field as MappedField,
        forType: null,
        from: from === '*' ? '*' : sourceKey(from),
        to: to === null || to === '-' ? null : toSlug(to),
        text: `${field}:${from}=${to ?? '-'}`,
      });
    }
  }
  return rules;
}

/** Source type names (normalised) and the Docket types they mean, first found in the project wins. */
const TYPE_MEANINGS: Readonly<Record<string, readonly string[]>> = {
  bug: ['bug'],
  defect: ['bug'],
  incident: ['incident', 'bug'],
  feature: ['feature'],
  'new feature': ['feature'],
  story: ['story', 'feature'],
  'user story': ['story', 'feature'],
  enhancement: ['enhancement', 'feature'],
  improvement: ['improvement', 'feature'],
  task: ['task'],
  'sub task': ['task'],
  subtask: ['task'],
  chore: ['chore', 'task'],
  docs: ['docs', 'task'],
  spike: ['spike', 'task'],
  'pull request': ['task'],
  decision: ['decision'],
};

/** Priority names and how urgent they are, across the sources (beads' P0-P4, Jira's two schemes, Linear's). */
const PRIORITY_LEVELS: Readonly<Record<string, string>> = {
  p0: 'urgent',
  p1: 'high',
  p2: 'medium',
  p3: 'low',
  p4: 'none',
  urgent: 'urgent',
  highest: 'urgent',
  blocker: 'urgent',
  critical: 'urgent',
  high: 'high',
  major: 'high',
  medium: 'medium',
  normal: 'medium',
  low: 'low',
  minor: 'low',
  lowest: 'low',
  trivial: 'low',
  'no priority': 'none',
  none: 'none',
};
const LEVEL_NAMES: Readonly<Record<string, readonly string[]>> = {
  urgent: ['urgent', 'critical', 'highest'],
  high: ['high'],
  medium: ['medium', 'normal'],
  low: ['low', 'lowest'],
  none: ['none'],
};

/** Terminal states that mean "not done", in preference order, for the `cancelled` meaning. */
const NEGATIVE_TERMINALS = [
  'cancelled',
  'canceled',
  'wont_fix',
  'wontfix',
  'rejected',
  'abandoned',
  'obsolete',
  'invalid',
  'duplicate',
  'deferred',
];

/** How a value was mapped, for the dry-run report. */
export type MappedBy = 'rule' | 'same name' | 'meaning' | 'project default' | 'only type';

/** A mapped value (`to` null: a rule drops the items that have it), or why it is unmapped. */
export type Resolution =
  | { readonly ok: true; readonly to: string | null; readonly by: MappedBy }
  | { readonly ok: false; readonly why: string };

export class Mapper {
  private readonly rules: readonly MappingRule[];

  constructor(
    readonly schema: ProjectSchema,
    rules: readonly MappingRule[],
  ) {
    this.rules = rules;
  }

  private rule(field: MappedField, value: string, type: string | null): MappingRule | undefined {
    const key = sourceKey(value);
    const fits = (r: MappingRule) => r.field === field && (r.from === key || r.from === '*');
    const scoped = (r: MappingRule) => r.forType !== null && r.forType === type;
    const exact = (r: MappingRule) => r.from === key;
    return (
      this.rules.find((r) => fits(r) && scoped(r) && exact(r)) ??
      this.rules.find((r) => fits(r) && scoped(r)) ??
      this.rules.find((r) => fits(r) && r.forType === null && exact(r)) ??
      this.rules.find((r) => fits(r) && r.forType === null)
    );
  }

  type(value: string | null): Resolution {
    const types = this.schema.types.map((t) => t.type);
    const rule = value === null ? this.rule('type', '', null) : this.rule('type', value, null);
    if (rule && (value !== null || rule.from === '*')) {
      if (rule.to === null) return { ok: true, to: null, by: 'rule' };
      if (types.includes(rule.to)) return { ok: true, to: rule.to, by: 'rule' };
      return {
        ok: false,
        why: `the rule '${rule.text}' names '${rule.to}', which is not a type (${types.join(', ')})`,
      };
    }
    if (value === null) return { ok: true, to: this.schema.options.default_type, by: 'project default' };
    const same = types.find((t) => nameKey(t) === nameKey(value));
    if (same) return { ok: true, to: same, by: 'same name' };
    const meant = (TYPE_MEANINGS[sourceKey(value)] ?? []).find((t) => types.includes(t));
    if (meant) return { ok: true, to: meant, by: 'meaning' };
    if (types.length === 1) return { ok: true, to: types[0]!, by: 'only type' };
    return { ok: false, why: `no type of the project means '${value}' (${types.join(', ')})` };
  }

  status(value: string, category: StatusCategory | null, wf: Workflow): Resolution {
    const rule = this.rule('status', value, wf.type);
    if (rule) {
      if (rule.to === null) return { ok: true, to: null, by: 'rule' };
      if (wf.states.includes(rule.to)) return { ok: true, to: rule.to, by: 'rule' };
      if (rule.forType !== null || rule.from !== '*') {
        return { ok: false, why: `the rule '${rule.text}' names '${rule.to}', which is not a ${wf.type} state` };
      }
    }
    const same = wf.states.find((s) => nameKey(s) === nameKey(value));
    if (same) return { ok: true, to: same, by: 'same name' };
    const meant = category === null ? undefined : stateFor(category, wf);
    if (meant) return { ok: true, to: meant, by: 'meaning' };
    const what =
      category === null ? `the source says nothing of what '${value}' means` : `no ${wf.type} state means ${category}`;
    return { ok: false, why: `${what} (${wf.type} states: ${wf.states.join(', ')})` };
  }

  priority(value: string | null): Resolution {
    const names = this.schema.priorities;
    const rule = this.rule('priority', value ?? '', null);
    if (rule && (value !== null || rule.from === '*')) {
      if (rule.to === null) return { ok: true, to: null, by: 'rule' };
      if (names.includes(rule.to)) return { ok: true, to: rule.to, by: 'rule' };
      return {
        ok: false,
        why: `the rule '${rule.text}' names '${rule.to}', which is not a priority (${names.join(', ')})`,
      };
    }
    if (value === null) return { ok: true, to: this.schema.options.default_priority, by: 'project default' };
    const same = names.find((p) => nameKey(p) === nameKey(value));
    if (same) return { ok: true, to: same, by: 'same name' };
    const level = PRIORITY_LEVELS[sourceKey(value)];
    const meant = level ? LEVEL_NAMES[level]!.find((n) => names.includes(n)) : undefined;
    if (meant) return { ok: true, to: meant, by: 'meaning' };
    return { ok: false, why: `no priority of the project means '${value}' (${names.join(', ')})` };
  }
}

/** The state of `wf` that a meaning stands for: its initial state, its work state, a done or a not-done terminal. */
export function stateFor(category: StatusCategory, wf: Workflow): string | undefined {
  switch (category) {
    case 'todo':
      return wf.initial;
    case 'started':
      return wf.work ?? wf.states.find((s) => s !== wf.initial && !wf.terminal.includes(s));
    case 'done':
      return POSITIVE_TERMINALS.find((s) => wf.terminal.includes(s));
    case 'cancelled':
      return NEGATIVE_TERMINALS.find((s) => wf.terminal.includes(s));
  }
}

/** The values an item has for each mapped field, as the report names them (`(none)` for absent). */
export const shown = (v: string | null) => v ?? '(none)';

export type ItemValues = Pick<ImportItem, 'type' | 'status' | 'priority' | 'statusCategory'>;

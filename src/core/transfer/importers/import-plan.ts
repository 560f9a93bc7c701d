import type { LinkType } from '../../../domain/links.js';
import { type ProjectSchema, workflowOf } from '../../../domain/project-schema.js';
import { importedTitle, safeSlug } from '../blinkdesk-map.js';
import type { ImportItem, ImportKind, ParseResult, SkippedRecord } from './import-item.js';
import { dependencyOrder } from './dependency-order.js';
import { type MappedBy, type MappedField, Mapper, type MappingRule, shown } from './mapping.js';

// The plan a writer applies: every item resolved to the project's type, status and priority, people as
// entity slugs, links by external id, items ordered so that a parent or a blocker comes before the items
// that point at it. Pure: it reads the parse result and the project schema, and touches no store.

const MAX_DESCRIPTION = 100_000;
const MAX_COMMENT = 50_000;
const MAX_LABELS = 50;

export interface PlanOptions {
  readonly rules?: readonly MappingRule[];
  /** Leave out (and list) items with a value no rule or default maps, instead of refusing the import. */
  readonly dropUnmapped?: boolean;
  /** Import archived items too (dropped and listed otherwise). */
  readonly includeArchived?: boolean;
}

export interface PlannedComment {
  readonly author: string | null;
  readonly body: string;
  readonly at: number | null;
}

/** One ticket to create or update, in Docket's terms; `source` is the item as parsed. */
export interface PlannedItem {
  readonly externalId: string;
  readonly url: string | null;
  readonly title: string;
  readonly description: string;
  readonly type: string;
  readonly status: string;
  readonly priority: string;
  readonly assignee: string | null;
  readonly author: string | null;
  readonly labels: readonly string[];
  readonly createdAt: number | null;
  readonly updatedAt: number | null;
  /** Set exactly when `status` is terminal: the source's close time, else its last update or creation. */
  readonly closedAt: number | null;
  readonly dueDate: string | null;
  readonly estimate: number | null;
  readonly milestone: string | null;
  readonly comments: readonly PlannedComment[];
  readonly source: ImportItem;
}

/** A link between two planned items, by external id, as Docket reads links: `from blocks to`, `from parent to`. */
export interface PlannedLink {
  readonly from: string;
  readonly type: LinkType;
  readonly to: string;
  /** Index in `items` of the later of its two ends: a writer adds the link with that item's batch. */
  readonly after: number;
}

export interface PlannedEntity {
  readonly slug: string;
  /** The name as the source wrote it. */
  readonly name: string;
}

/** One row of the dry-run report: how many items had `from` for `field`, and what they become. */
export interface MappingLine {
  readonly field: MappedField;
  /** The target type, for status lines (a status maps per workflow). */
  readonly forType: string | null;
  readonly from: string;
  readonly to: string;
  readonly by: MappedBy;
  readonly count: number;
}

export interface UnmappedLine {
  readonly field: MappedField;
  readonly forType: string | null;
  readonly from: string;
  readonly why: string;
  readonly count: number;
  /** Up to five of the items that have it. */
  readonly examples: readonly string[];
}

export interface DroppedItem {
  readonly externalId: string | null;
  readonly origin: string;
  readonly reason: string;
}

export interface ImportPlan {
  readonly kind: ImportKind;
  /** False while any value is unmapped: a writer must refuse such a plan. */
  readonly ok: boolean;
  /** In dependency order: a parent or blocker before what points at it (cycles keep source order). */
  readonly items: readonly PlannedItem[];
  readonly links: readonly PlannedLink[];
  readonly entities: readonly PlannedEntity[];
  readonly labels: readonly string[];
  readonly mapping: readonly MappingLine[];
  readonly unmapped: readonly UnmappedLine[];
  readonly dropped: readonly DroppedItem[];
  readonly skipped: readonly SkippedRecord[];
  /** What was read but not kept exactly (extra assignees, dangling links, shortened text…). */
  readonly notes: readonly string[];
  readonly counts: PlanCounts;
}

export interface PlanCounts {
  readonly items: number;
  readonly comments: number;
  readonly links: number;
  readonly labels: number;
  readonly entities: number;
  readonly dropped: number;
  readonly skipped: number;
  readonly unmapped: number;
}

/** People and labels as Docket slugs, the same name always giving the same slug. */
class Slugs {
  private readonly byName = new Map<string, string>();
  private readonly taken = new Set<string>();
  readonly list: PlannedEntity[] = [];

  constructor(
    private readonly fallback: string,
    private readonly track: boolean,
  ) {}

  of(name: string | null): string | null {
    if (name === null || !name.trim()) return null;
    const known = this.byName.get(name);
    if (known !== undefined) return known;
    const base = safeSlug(name, '', new Set());
    let slug = base || `${this.fallback}-${this.byName.size + 1}`;
    // Two names that slug alike (`Bob Smith`, `bob-smith`) are one person only if they are the same text.
    for (let n = 2; this.taken.has(slug); n++) slug = `${base || this.fallback}-${n}`;
    this.byName.set(name, slug);
    this.taken.add(slug);
    if (this.track) this.list.push({ slug, name: name.trim() });
    return slug;
  }
}

class Tally<T extends { count: number }> {
  private readonly rows = new Map<string, T>();
  add(key: string, make: () => T, example?: string): void {
    const row = this.rows.get(key) ?? make();
    row.count++;
    if (example !== undefined && 'examples' in row) {
      const ex = row.examples as string[];
      if (ex.length < 5) ex.push(example);
    }
    this.rows.set(key, row);
  }
  values(): T[] {
    return [...this.rows.values()];
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

/**
 * Builds the plan for importing `parsed` into a project with `schema`. Unmapped values make `ok` false
 * (each listed with its count and why) unless `dropUnmapped`, which leaves those items out and lists them.
 */
export function planImport(parsed: ParseResult, schema: ProjectSchema, options: PlanOptions = {}): ImportPlan {
  const mapper = new Mapper(schema, options.rules ?? []);
  const mapping = new Tally<Mutable<MappingLine>>();
  const unmapped = new Tally<Mutable<UnmappedLine>>();
  const dropped: DroppedItem[] = parsed.omitted.map((o) => ({ ...o }));
  const notes = [...parsed.notes];
  const people = new Slugs('person', true);
  const labelSlugs = new Slugs('label', false);
  const labels = new Set<string>();
  const planned: PlannedItem[] = [];
  const seen = new Set<string>();

  const mapped = (field: MappedField, forType: string | null, from: string | null, to: string, by: MappedBy) =>
    mapping.add(`${field}\u0000${forType}\u0000${shown(from)}\u0000${to}`, () => ({
      field,
      forType,
      from: shown(from),
      to,
      by,
      count: 0,
    }));
  const miss = (field: MappedField, forType: string | null, from: string | null, why: string, id: string) =>
    unmapped.add(
      `${field}\u0000${forType}\u0000${shown(from)}`,
      () => ({ field, forType, from: shown(from), why, count: 0, examples: [] }),
      id,
    );

  for (const item of parsed.items) {
    if (seen.has(item.externalId)) {
      dropped.push({ externalId: item.externalId, origin: item.origin, reason: 'its id appears earlier in the file' });
      continue;
    }
    seen.add(item.externalId);
    if (item.archived && !options.includeArchived) {
      dropped.push({
        externalId: item.externalId,
        origin: item.origin,
        reason: 'archived (includeArchived / --include-archived imports it)',
      });
      continue;
    }
    const type = mapper.type(item.type);
    if (type.ok && type.to === null) {
      dropped.push({
        externalId: item.externalId,
        origin: item.origin,
        reason: `type '${shown(item.type)}' is dropped by a rule`,
      });
      continue;
    }
    const typeName = type.ok ? type.to : null;
    const status =
      typeName === null ? null : mapper.status(item.status, item.statusCategory, workflowOf(schema, typeName));
    const priority = mapper.priority(item.priority);
    const problems: string[] = [];
    if (!type.ok) {
      miss('type', null, item.type, type.why, item.externalId);
      problems.push(`type '${shown(item.type)}'`);
    } else mapped('type', null, item.type, typeName!, type.by);
    let statusName: string | null = null;
    if (status && !status.ok) {
      miss('status', typeName, item.status, status.why, item.externalId);
      problems.push(`status '${item.status}'`);
    } else if (status?.ok) {
      if (status.to === null) {
        dropped.push({
          externalId: item.externalId,
          origin: item.origin,
          reason: `status '${item.status}' is dropped by a rule`,
        });
        continue;
      }
      statusName = status.to;
      mapped('status', typeName, item.status, status.to, status.by);
    }
    let priorityName: string | null = null;
    if (!priority.ok) {
      miss('priority', null, item.priority, priority.why, item.externalId);
      problems.push(`priority '${shown(item.priority)}'`);
    } else {
      if (priority.to === null) {
        dropped.push({
          externalId: item.externalId,
          origin: item.origin,
          reason: `priority '${shown(item.priority)}' is dropped by a rule`,
        });
        continue;
      }
      priorityName = priority.to;
      mapped('priority', null, item.priority, priority.to, priority.by);
    }
    if (problems.length || typeName === null || statusName === null || priorityName === null) {
      if (options.dropUnmapped) {
        dropped.push({
          externalId: item.externalId,
          origin: item.origin,
          reason: `unmapped ${problems.join(', ')} (dropUnmapped)`,
        });
      }
      continue;
    }
    planned.push(toPlanned(item, typeName, statusName, priorityName, schema, people, labelSlugs, labels, notes));
  }

  const unmappedRows = unmapped.values();
  const items = dependencyOrder(planned);
  const links = linksOf(items, new Set(parsed.items.map((i) => i.externalId)), notes);
  const comments = items.reduce((n, i) => n + i.comments.length, 0);
  return {
    kind: parsed.kind,
    ok: !unmappedRows.length || options.dropUnmapped === true,
    items,
    links,
    entities: people.list,
    labels: [...labels].sort(),
    mapping: mapping.values(),
    unmapped: unmappedRows,
    dropped,
    skipped: parsed.skipped,
    notes,
    counts: {
      items: items.length,
      comments,
      links: links.length,
      labels: labels.size,
      entities: people.list.length,
      dropped: dropped.length,
      skipped: parsed.skipped.length,
      unmapped: unmappedRows.reduce((n, u) => n + u.count, 0),
    },
  };
}

function clip(text: string, max: number, what: string, id: string, notes: string[]): string {
  if (text.length <= max) return text;
  notes.push(`${id}: its ${what} is ${text.length} characters, cut to ${max}`);
  return `${text.slice(0, max - 1)}…`;
}

function toPlanned(
  item: ImportItem,
  type: string,
  status: string,
  priority: string,
  schema: ProjectSchema,
  people: Slugs,
  labelSlugs: Slugs,
  labels: Set<string>,
  notes: string[],
): PlannedItem {
  const wf = workflowOf(schema, type);
  const terminal = wf.terminal.includes(status);
  const id = item.externalId;
  if (item.assignees.length > 1) {
    notes.push(
      `${id}: Docket keeps one assignee; ${item.assignees[0]} is kept, ${item.assignees.slice(1).join(', ')} not`,
    );
  }
  let own = [...new Set(item.labels.map((l) => labelSlugs.of(l)!))];
  if (own.length > MAX_LABELS) {
    notes.push(`${id}: ${own.length} labels, the first ${MAX_LABELS} are kept`);
    own = own.slice(0, MAX_LABELS);
  }
  for (const l of own) labels.add(l);
  if (!item.title.trim()) notes.push(`${id}: no title; imported as '(untitled)'`);
  else if (item.title.trim().length > 500) notes.push(`${id}: its title is cut to 500 characters`);
  return {
    externalId: id,
    url: item.url,
    title: importedTitle(item.title.replace(/[\u0000-\u001f]+/g, ' ')),
    description: clip(item.description.replace(/\u0000/g, ''), MAX_DESCRIPTION, 'description', id, notes),
    type,
    status,
    priority,
    assignee: people.of(item.assignees[0] ?? null),
    author: people.of(item.author),
    labels: own,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    closedAt: terminal ? (item.closedAt ?? item.updatedAt ?? item.createdAt) : null,
    dueDate: item.dueDate,
    estimate: item.estimate,
    milestone: item.milestone,
    comments: item.comments.map((c) => ({
      author: people.of(c.author),
      body: clip(c.body.replace(/\u0000/g, ''), MAX_COMMENT, 'comment', id, notes),
      at: c.at,
    })),
    source: item,
  };
}

/** Every link once, both ends planned; a link to an item not imported is listed in the notes. */
function linksOf(items: readonly PlannedItem[], inFile: ReadonlySet<string>, notes: string[]): PlannedLink[] {
  const index = new Map(items.map((it, i) => [it.externalId, i]));
  const links = new Map<string, PlannedLink>();
  const add = (from: string, type: LinkType, to: string, owner: string) => {
    if (from === to) return;
    const a = index.get(from);
    const b = index.get(to);
    const other = a === undefined ? from : to;
    if (a === undefined || b === undefined) {
      const why = inFile.has(other) ? 'is not imported' : 'is not in the file';
      notes.push(`${owner}: the ${type} link with ${other} is left out: ${other} ${why}`);
      return;
    }
    // A related link is one link whichever end names it.
    const [x, y] = type === 'related' && from > to ? [to, from] : [from, to];
    const key = `${x} ${type} ${y}`;
    if (!links.has(key)) links.set(key, { from: x, type, to: y, after: Math.max(a, b) });
  };
  for (const it of items) {
    const s = it.source;
    if (s.parent !== null) add(s.parent, 'parent', it.externalId, it.externalId);
    for (const b of s.blockedBy) add(b, 'blocks', it.externalId, it.externalId);
    for (const b of s.blocks) add(it.externalId, 'blocks', b, it.externalId);
    for (const r of s.related) add(it.externalId, 'related', r, it.externalId);
    if (s.duplicateOf !== null) add(it.externalId, 'duplicate', s.duplicateOf, it.externalId);
  }
  return [...links.values()].sort((x, y) => x.after - y.after);
}

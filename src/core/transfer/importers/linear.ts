import { csvTable } from './csv-table.js';
import {
  BadRecord,
  blankItem,
  type ImportItem,
  ItemCollector,
  type ParseOptions,
  type ParseResult,
  type StatusCategory,
} from './import-item.js';
import { day, distinct, number, time } from './source-values.js';
import type { TextInput } from './text-input.js';

// Linear's CSV export (docs/import.md): one row per issue, labels comma-separated in one column, people
// by display name, no comments. Its workflow states are per team and may be renamed, so a state's
// meaning comes from the row's Started / Completed / Canceled times, else from Linear's default names.

/** Linear's default state names, by the state type Linear gives them. */
const DEFAULT_STATES: Readonly<Record<string, StatusCategory>> = {
  triage: 'todo',
  backlog: 'todo',
  todo: 'todo',
  unstarted: 'todo',
  'in progress': 'started',
  'in review': 'started',
  done: 'done',
  completed: 'done',
  canceled: 'cancelled',
  cancelled: 'cancelled',
  duplicate: 'cancelled',
};

/** Linear prefixes a text that a spreadsheet could take for a formula with `'`; Linear's importer strips it. */
const unquote = (s: string | null) => (s ?? '').replace(/^'([+\-=@])/, '$1');
const ID = /^[A-Za-z][A-Za-z0-9]*-\d+$/;

export async function parseLinear(input: TextInput, options: ParseOptions = {}): Promise<ParseResult> {
  const out = new ItemCollector('linear', options);
  const base = options.baseUrl?.replace(/\/+$/, '');
  for await (const row of csvTable(input, (table) => {
    if (!table.has('ID', 'Id') || !table.has('Title')) {
      throw new BadRecord('line 1', 'not a Linear export: the header has no ID and Title columns');
    }
  })) {
    if (row instanceof BadRecord) {
      out.bad(row);
      continue;
    }
    out.record(() => {
      const origin = `line ${row.line}`;
      const id = row.get('ID', 'Id');
      if (!id) throw new BadRecord(origin, 'a row without an ID');
      const title = unquote(row.get('Title')).trim();
      if (!title) throw new BadRecord(origin, `${id} has no title`);
      const status = row.get('Status') ?? '';
      const completed = time(row.get('Completed'), origin, 'Completed');
      const canceled = time(row.get('Canceled'), origin, 'Canceled');
      const started = time(row.get('Started'), origin, 'Started');
      const category: StatusCategory | null = canceled
        ? 'cancelled'
        : completed
          ? 'done'
          : (DEFAULT_STATES[status.toLowerCase()] ?? (started ? 'started' : null));
      const extra: Record<string, unknown> = {};
      for (const [key, column] of [
        ['team', 'Team'],
        ['project', 'Project'],
        ['projectId', 'Project ID'],
        ['cycleNumber', 'Cycle Number'],
        ['cycleName', 'Cycle Name'],
      ] as const) {
        const v = row.get(column);
        if (v) extra[key] = v;
      }
      if (started) extra.startedAt = started;
      const estimate = number(row.get('Estimate'), origin, 'Estimate');
      const item: ImportItem = {
        ...blankItem(id, origin),
        url: base ? `${base}/issue/${id}` : null,
        title,
        description: unquote(row.get('Description')),
        status,
        statusCategory: category,
        priority: row.get('Priority'),
        labels: distinct((row.get('Labels') ?? '').split(', ').map((l) => l.trim())),
        assignees: distinct([row.get('Assignee')]),
        author: row.get('Creator'),
        createdAt: time(row.get('Created'), origin, 'Created'),
        updatedAt: time(row.get('Updated'), origin, 'Updated'),
        closedAt: canceled ?? completed,
        dueDate: day(row.get('Due Date', 'Due date'), origin, 'Due Date'),
        estimate,
        estimateUnit: estimate === null ? null : 'points',
        milestone: row.get('Project Milestone'),
        parent: row.get('Parent issue', 'Parent'),
        blockedBy: splitRefs(row.get('Blocked By')),
        blocks: splitRefs(row.get('Blocks')),
        archived: time(row.get('Archived'), origin, 'Archived') !== null,
        extra,
      };
      out.items.push(item);
    });
  }
  return out.result(resolveByTitle(out));
}

const splitRefs = (v: string | null) => distinct((v ?? '').split(',').map((s) => s.trim()));

/**
 * Linear writes a linked issue by its ID, or (in older exports) by its title: a title that names exactly
 * one issue in the file becomes its ID; anything else stays as written, for the plan to report.
 */
function resolveByTitle(out: ItemCollector): ImportItem[] {
  const ids = new Set(out.items.map((i) => i.externalId));
  const byTitle = new Map<string, string | null>();
  for (const i of out.items) byTitle.set(i.title, byTitle.has(i.title) ? null : i.externalId);
  const resolve = (ref: string) => {
    if (ids.has(ref) || ID.test(ref)) return ref;
    const lead = /^([A-Za-z][A-Za-z0-9]*-\d+)\b/.exec(ref)?.[1];
    if (lead && ids.has(lead)) return lead;
    const found = byTitle.get(ref);
    if (found) return found;
    out.note(`'${ref}' names no issue in the file by ID or title; its link is left out`);
    return ref;
  };
  return out.items.map((i) => ({
    ...i,
    parent: i.parent === null ? null : resolve(i.parent),
    blockedBy: i.blockedBy.map(resolve),
    blocks: i.blocks.map(resolve),
  }));
}

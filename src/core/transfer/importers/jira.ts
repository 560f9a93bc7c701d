import { type CsvRecord, csvTable } from './csv-table.js';
import {
  BadRecord,
  blankItem,
  type ImportComment,
  type ImportItem,
  ItemCollector,
  type ParseOptions,
  type ParseResult,
  type StatusCategory,
} from './import-item.js';
import { distinct, number } from './source-values.js';
import type { TextInput } from './text-input.js';

// Jira's CSV export ("Export CSV (all fields)", docs/import.md): one row per issue; a field with several
// values repeats its column (`Labels`, `Sprint`, `Comment`, `Watchers`…); a comment is `date;author;text`;
// links are `Inward issue link (Blocks)` (this issue is blocked by) and `Outward issue link (Blocks)`.
// Since 2025 Jira Cloud names issues "work items" in some headers; both names are read.

const KEY = ['Issue key', 'Work item key', 'Key'];
const ID = ['Issue id', 'Work item id'];
const TYPE = ['Issue Type', 'Work item type', 'Work type'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Jira writes times in the exporting user's date format and zone, without the zone: `11/May/24 3:26 PM`
 * (its default), `11/May/24`, or ISO-like `2024-05-11 15:26`. They are read as UTC.
 */
export function jiraTime(v: string | null, origin: string, field: string): number | null {
  if (v === null) return null;
  const m = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/.exec(v);
  if (m) {
    const month = MONTHS.indexOf(m[2]!.toLowerCase());
    let hour = Number(m[4] ?? 0);
    if (m[7]) hour = (hour % 12) + (m[7].toLowerCase() === 'pm' ? 12 : 0);
    const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    if (month >= 0) return Date.UTC(year, month, Number(m[1]), hour, Number(m[5] ?? 0), Number(m[6] ?? 0));
  }
  let s = v.trim().replace(' ', 'T');
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) s += 'T00:00';
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(s)) s += 'Z';
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) throw new BadRecord(origin, `${field} is not a time Docket can read: ${JSON.stringify(v)}`);
  return ms;
}

const CATEGORIES: Readonly<Record<string, StatusCategory>> = {
  'to do': 'todo',
  'in progress': 'started',
  done: 'done',
};
/** Jira's stock status names, for exports without a Status Category column. */
const STATUSES: Readonly<Record<string, StatusCategory>> = {
  'to do': 'todo',
  open: 'todo',
  backlog: 'todo',
  new: 'todo',
  reopened: 'todo',
  'selected for development': 'todo',
  'in progress': 'started',
  'in review': 'started',
  review: 'started',
  'in development': 'started',
  testing: 'started',
  done: 'done',
  closed: 'done',
  resolved: 'done',
  "won't do": 'cancelled',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  declined: 'cancelled',
  rejected: 'cancelled',
};
/** Resolutions that mean the work was not done, though the status is in the Done category. */
const NOT_DONE = new Set([
  "won't do",
  "won't fix",
  'duplicate',
  'cannot reproduce',
  'declined',
  'incomplete',
  'abandoned',
]);

function category(row: CsvRecord): StatusCategory | null {
  const status = (row.get('Status') ?? '').toLowerCase();
  const given = row.get('Status Category');
  const cat = given ? (CATEGORIES[given.toLowerCase()] ?? null) : (STATUSES[status] ?? null);
  const resolution = (row.get('Resolution') ?? '').toLowerCase();
  return cat === 'done' && NOT_DONE.has(resolution) ? 'cancelled' : cat;
}

function comment(cell: string, origin: string): ImportComment {
  const first = cell.indexOf(';');
  const second = first < 0 ? -1 : cell.indexOf(';', first + 1);
  if (second < 0) return { author: null, body: cell, at: null };
  return {
    at: jiraTime(cell.slice(0, first).trim(), origin, 'a comment time'),
    author: cell.slice(first + 1, second).trim() || null,
    body: cell.slice(second + 1),
  };
}

export async function parseJira(input: TextInput, options: ParseOptions = {}): Promise<ParseResult> {
  const out = new ItemCollector('jira', options);
  const base = options.baseUrl?.replace(/\/+$/, '');
  const keyById = new Map<string, string>();
  for await (const row of csvTable(input, (table) => {
    if (!table.has(...KEY) || !table.has('Summary')) {
      throw new BadRecord('line 1', 'not a Jira export: the header has no Issue key and Summary columns');
    }
  })) {
    if (row instanceof BadRecord) {
      out.bad(row);
      continue;
    }
    out.record(() => {
      const origin = `line ${row.line}`;
      const key = row.get(...KEY);
      if (!key) throw new BadRecord(origin, 'a row without an issue key');
      const title = row.get('Summary');
      if (!title) throw new BadRecord(origin, `${key} has no summary`);
      const id = row.get(...ID);
      if (id) keyById.set(id, key);
      const points = number(
        row.get('Custom field (Story Points)', 'Custom field (Story point estimate)', 'Story Points'),
        origin,
        'Story Points',
      );
      const seconds = number(row.get('Original Estimate', 'Original estimate'), origin, 'Original Estimate');
      const extra: Record<string, unknown> = {};
      const put = (k: string, v: unknown) => {
        if (v !== null && !(Array.isArray(v) && !v.length)) extra[k] = v;
      };
      put('issueId', id);
      put('project', row.get('Project key'));
      put('resolution', row.get('Resolution'));
      put('sprints', row.all('Sprint'));
      put('components', row.all('Component/s', 'Components'));
      put('watchers', row.all('Watchers'));
      const related = [...row.all('Inward issue link (Relates)'), ...row.all('Outward issue link (Relates)')];
      const others = row.matching(/^(Inward|Outward) issue link \((?!Blocks|Relates|Duplicate\))/);
      for (const o of others)
        out.note(`Jira link column '${o.column}' has no Docket link type; its links are left out`);
      const resolved = jiraTime(row.get('Resolved'), origin, 'Resolved');
      const item: ImportItem = {
        ...blankItem(key, origin),
        url: base ? `${base}/browse/${key}` : null,
        title,
        description: row.get('Description') ?? '',
        status: row.get('Status') ?? '',
        statusCategory: category(row),
        type: row.get(...TYPE),
        priority: row.get('Priority'),
        labels: distinct(row.all('Labels').flatMap((l) => l.split(/\s+/))),
        assignees: distinct([row.get('Assignee')]),
        author: row.get('Reporter', 'Creator'),
        createdAt: jiraTime(row.get('Created'), origin, 'Created'),
        updatedAt: jiraTime(row.get('Updated'), origin, 'Updated'),
        closedAt: resolved,
        dueDate: dueDay(row.get('Due date', 'Due Date'), origin),
        estimate: points ?? (seconds === null ? null : seconds / 60),
        estimateUnit: points !== null ? 'points' : seconds !== null ? 'minutes' : null,
        milestone: row.get('Fix versions', 'Fix Version/s'),
        parent: row.get('Parent key', 'Parent', 'Parent id', 'Custom field (Epic Link)'),
        blockedBy: distinct(row.all('Inward issue link (Blocks)')),
        blocks: distinct(row.all('Outward issue link (Blocks)')),
        related: distinct(related),
        duplicateOf: row.get('Outward issue link (Duplicate)'),
        comments: row.all('Comment').map((c) => comment(c, origin)),
        extra,
      };
      out.items.push(item);
    });
  }
  // Jira Cloud writes a parent by its issue id; the key it stands for is known once every row is read.
  return out.result(
    out.items.map((i) => (i.parent && keyById.has(i.parent) ? { ...i, parent: keyById.get(i.parent)! } : i)),
  );
}

function dueDay(v: string | null, origin: string): string | null {
  const ms = jiraTime(v, origin, 'Due date');
  return ms === null ? null : new Date(ms).toISOString().slice(0, 10);
}

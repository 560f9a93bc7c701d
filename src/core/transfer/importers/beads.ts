import {
  BadRecord,
  blankItem,
  type ImportItem,
  ItemCollector,
  type ParseOptions,
  type ParseResult,
  type StatusCategory,
} from './import-item.js';
import { day, distinct, isObject, type Json, list, number, text, time } from './source-values.js';
import { type TextInput, textLines } from './text-input.js';

// beads' JSONL (`.beads/issues.jsonl`, or `bd export`): one issue per line with its labels, dependencies
// and comments, as beads' Issue struct marshals them (internal/types/types.go). `bd export` also tags
// each line `"_type":"issue"` and may add `"_type":"memory"` lines, which are not tickets.

const STATUSES: Readonly<Record<string, StatusCategory>> = {
  open: 'todo',
  in_progress: 'started',
  blocked: 'todo', // open work waiting on something; Docket derives "blocked" from links
  deferred: 'todo', // on ice, still open
  pinned: 'todo',
  hooked: 'started', // claimed by a worker
  closed: 'done',
};

/** beads edge types and the Docket link each becomes; other types are left out with a note. */
const EDGES: Readonly<Record<string, 'blockedBy' | 'parent' | 'related' | 'duplicate'>> = {
  blocks: 'blockedBy',
  'conditional-blocks': 'blockedBy',
  'waits-for': 'blockedBy',
  'parent-child': 'parent',
  related: 'related',
  'relates-to': 'related',
  'discovered-from': 'related',
  duplicates: 'duplicate',
};

/** Design, acceptance criteria and notes are their own fields in beads; they follow the description. */
function description(o: Json): string {
  const parts = [text(o.description) ? String(o.description) : ''];
  for (const [field, heading] of [
    ['design', 'Design'],
    ['acceptance_criteria', 'Acceptance criteria'],
    ['notes', 'Notes'],
  ] as const) {
    const v = text(o[field]);
    if (v) parts.push(`## ${heading}\n\n${String(o[field]).trim()}`);
  }
  return parts.filter(Boolean).join('\n\n');
}

function issue(o: Json, origin: string, out: ItemCollector): ImportItem {
  const id = text(o.id);
  if (!id) throw new BadRecord(origin, 'an issue without an id');
  const title = text(o.title);
  if (!title) throw new BadRecord(origin, `${id} has no title`);
  const status = text(o.status) ?? 'open';
  if (typeof o.priority !== 'number' && o.priority !== undefined) {
    throw new BadRecord(origin, `${id}: priority should be a number 0-4, not ${JSON.stringify(o.priority)}`);
  }
  const links = {
    blockedBy: [] as string[],
    parent: [] as string[],
    related: [] as string[],
    duplicate: [] as string[],
  };
  for (const d of list(o.dependencies, origin, 'dependencies')) {
    if (!isObject(d)) throw new BadRecord(origin, `${id}: a dependency is not an object`);
    const on = text(d.depends_on_id);
    const type = text(d.type) ?? 'blocks';
    if (!on) throw new BadRecord(origin, `${id}: a dependency without depends_on_id`);
    const as = EDGES[type];
    if (as) links[as].push(on);
    else out.note(`beads dependency type '${type}' has no Docket link type; those links are left out`);
  }
  const comments = list(o.comments, origin, 'comments').map((c) => {
    if (!isObject(c)) throw new BadRecord(origin, `${id}: a comment is not an object`);
    return {
      author: text(c.author),
      body: typeof c.text === 'string' ? c.text : '',
      at: time(c.created_at, origin, 'comment created_at'),
    };
  });
  const minutes = number(o.estimated_minutes, origin, 'estimated_minutes');
  const extra: Record<string, unknown> = {};
  for (const k of ['owner', 'close_reason', 'external_ref', 'spec_id', 'defer_until', 'started_at'] as const) {
    if (text(o[k])) extra[k] = o[k];
  }
  return {
    ...blankItem(id, origin),
    title,
    description: description(o),
    status,
    statusCategory: STATUSES[status] ?? null,
    type: text(o.issue_type) ?? 'task',
    priority: typeof o.priority === 'number' ? `P${o.priority}` : null,
    labels: distinct(list(o.labels, origin, 'labels').map(text)),
    assignees: distinct([text(o.assignee)]),
    author: text(o.created_by) ?? text(o.owner),
    createdAt: time(o.created_at, origin, 'created_at'),
    updatedAt: time(o.updated_at, origin, 'updated_at'),
    closedAt: time(o.closed_at, origin, 'closed_at'),
    dueDate: day(o.due_at, origin, 'due_at'),
    estimate: minutes,
    estimateUnit: minutes === null ? null : 'minutes',
    parent: links.parent[0] ?? null,
    blockedBy: distinct(links.blockedBy),
    related: distinct(links.related),
    duplicateOf: links.duplicate[0] ?? null,
    comments,
    extra,
  };
}

/** Reads beads' issues.jsonl line by line; a line that is not a JSON issue refuses the file (or is skipped). */
export async function parseBeads(input: TextInput, options: ParseOptions = {}): Promise<ParseResult> {
  const out = new ItemCollector('beads', options);
  for await (const { text: line, line: n } of textLines(input)) {
    if (!line.trim()) continue;
    const origin = `line ${n}`;
    out.record(() => {
      let o: unknown;
      try {
        o = JSON.parse(line);
      } catch (e) {
        throw new BadRecord(origin, `not JSON (${(e as Error).message}); every line of issues.jsonl is one issue`);
      }
      if (!isObject(o)) throw new BadRecord(origin, 'expected a JSON object');
      const kind = text(o._type) ?? 'issue';
      if (kind !== 'issue') {
        out.omitted.push({
          externalId: text(o.key) ?? text(o.id),
          origin,
          reason: `a beads ${kind} record, not an issue`,
        });
        return;
      }
      out.items.push(issue(o, origin, out));
    });
  }
  return out.result();
}

import {
  BadRecord,
  blankItem,
  type ImportItem,
  ItemCollector,
  type ParseOptions,
  type ParseResult,
  type StatusCategory,
} from './import-item.js';
import { distinct, isObject, type Json, list, text, time } from './source-values.js';
import { type TextInput, wholeText } from './text-input.js';

// Taskmaster's `.taskmaster/tasks/tasks.json`: tags (`master` and any others) each holding tasks with
// subtasks; the pre-tags format is one `{"tasks": […]}`. Ids are numbers per tag, subtasks numbered
// within their task (`3.1`), so an item's id here is `TAG:ID` (`master:3`, `master:3.1`).

const STATUSES: Readonly<Record<string, StatusCategory>> = {
  pending: 'todo',
  'in-progress': 'started',
  review: 'started',
  blocked: 'todo',
  deferred: 'todo',
  done: 'done',
  cancelled: 'cancelled',
};

function description(o: Json): string {
  const parts = [typeof o.description === 'string' ? o.description.trim() : ''];
  if (text(o.details)) parts.push(`## Details\n\n${String(o.details).trim()}`);
  if (text(o.testStrategy)) parts.push(`## Test strategy\n\n${String(o.testStrategy).trim()}`);
  return parts.filter(Boolean).join('\n\n');
}

/** A dependency as an item id: `3` and `"3"` name task 3, `"3.1"` a subtask; in a subtask, a bare number names a sibling. */
function depKey(tag: string, dep: unknown, parent: string | null): string | null {
  const s = text(dep);
  if (s === null) return null;
  if (parent !== null && /^\d+$/.test(s)) return `${tag}:${parent}.${s}`;
  return `${tag}:${s}`;
}

function item(tag: string, o: Json, origin: string, parent: string | null): ImportItem {
  const id = text(o.id);
  if (id === null) throw new BadRecord(origin, 'a task without an id');
  const local = parent === null ? id : `${parent}.${id}`;
  const title = text(o.title);
  if (!title) throw new BadRecord(origin, `task ${local} has no title`);
  const status = text(o.status) ?? 'pending';
  const updated = time(o.updatedAt, origin, 'updatedAt');
  const category = STATUSES[status] ?? null;
  return {
    ...blankItem(`${tag}:${local}`, origin),
    title,
    description: description(o),
    status,
    statusCategory: category,
    priority: text(o.priority),
    labels: tag === 'master' ? [] : [tag],
    createdAt: time(o.createdAt, origin, 'createdAt'),
    updatedAt: updated,
    closedAt: category === 'done' || category === 'cancelled' ? updated : null,
    parent: parent === null ? null : `${tag}:${parent}`,
    blockedBy: distinct(list(o.dependencies, origin, 'dependencies').map((d) => depKey(tag, d, parent))),
    extra: { tag },
  };
}

/** Reads tasks.json; a file that is not JSON is refused with its line, a bad task with its tag and index. */
export async function parseTaskmaster(input: TextInput, options: ParseOptions = {}): Promise<ParseResult> {
  const out = new ItemCollector('taskmaster', options);
  const source = await wholeText(input);
  let doc: unknown;
  try {
    doc = JSON.parse(source);
  } catch (e) {
    const message = (e as Error).message;
    const pos = Number(/position (\d+)/.exec(message)?.[1]);
    const line = Number.isFinite(pos) ? source.slice(0, pos).split('\n').length : 1;
    throw new BadRecord(`line ${line}`, `not valid JSON (${message})`);
  }
  if (!isObject(doc)) throw new BadRecord('line 1', 'expected a JSON object of tags');
  const tags: [string, unknown][] = Array.isArray(doc.tasks) ? [['master', doc]] : Object.entries(doc);
  for (const [tag, body] of tags) {
    const tasks = isObject(body) ? body.tasks : undefined;
    if (!Array.isArray(tasks)) {
      out.bad(new BadRecord(`tag ${tag}`, 'has no tasks list'));
      continue;
    }
    tasks.forEach((t, i) => {
      const origin = `tag ${tag} tasks[${i}]`;
      out.record(() => {
        if (!isObject(t)) throw new BadRecord(origin, 'a task is not an object');
        const parent = item(tag, t, origin, null);
        out.items.push(parent);
        list(t.subtasks, origin, 'subtasks').forEach((s, j) => {
          const where = `${origin}.subtasks[${j}]`;
          out.record(() => {
            if (!isObject(s)) throw new BadRecord(where, 'a subtask is not an object');
            out.items.push(item(tag, s, where, parent.externalId.slice(tag.length + 1)));
          });
        });
      });
    });
  }
  return out.result();
}

import { parse as parseYaml, YAMLParseError } from 'yaml';
import {
  BadRecord,
  blankItem,
  type ImportItem,
  ItemCollector,
  type ParseOptions,
  type ParseResult,
  type StatusCategory,
} from './import-item.js';
import { distinct, isObject, type Json, list, text } from './source-values.js';

// A Backlog.md `backlog/` folder: one markdown file per task with YAML front matter, in tasks/,
// completed/, drafts/ and archive/tasks/ (archive/drafts/ too); milestones in milestones/ name the ids
// tasks refer to; config.yml lists the statuses in board order.

/** A folder's files, paths relative to the `backlog/` folder with `/` separators (`tasks/task-1 - X.md`). */
export type FolderInput =
  | Iterable<{ readonly path: string; readonly text: string }>
  | AsyncIterable<{ readonly path: string; readonly text: string }>;

/** Where a task file sits, most authoritative first: an id in two places keeps the first. */
const PLACES = ['tasks/', 'completed/', 'drafts/', 'archive/tasks/', 'archive/drafts/'] as const;
type Place = (typeof PLACES)[number];

interface TaskFile {
  readonly path: string;
  readonly place: Place;
  readonly text: string;
}

const relative = (path: string) => path.replace(/\\/g, '/').replace(/^\.?\/?(?:\.?backlog\/)?/, '');

/** Front matter and body of a markdown file; a file without front matter is a bad record. */
function splitFile(path: string, text: string): { front: Json; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/.exec(text.replace(/^\uFEFF/, ''));
  if (!m) throw new BadRecord(path, 'no front matter (a task file starts with a --- block of YAML)');
  let front: unknown;
  try {
    front = parseYaml(m[1]!, { prettyErrors: true });
  } catch (e) {
    if (!(e instanceof YAMLParseError)) throw e;
    const at = e.linePos?.[0];
    const where = at ? `line ${at.line + 1}` : 'front matter';
    throw new BadRecord(path, `${where}: the front matter is not valid YAML (${e.message.split('\n')[0]})`);
  }
  if (!isObject(front)) throw new BadRecord(path, 'the front matter is not a YAML mapping');
  return { front, body: m[2]! };
}

/** Backlog.md writes `YYYY-MM-DD HH:mm` in local time without a zone; read as UTC. */
function localTime(v: unknown, path: string, field: string): number | null {
  const s = text(v);
  if (s === null) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (!m) {
    const ms = Date.parse(s);
    if (Number.isNaN(ms)) throw new BadRecord(path, `${field} is not a date Docket can read: ${JSON.stringify(s)}`);
    return ms;
  }
  const [, y, mo, d, h, mi, se] = m;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(se ?? 0));
}

/** The body as Markdown, without Backlog.md's section markers, checklist numbers and leading `## Description`. */
function bodyText(body: string): string {
  return body
    .replace(/^<!--\s*(?:SECTION:[A-Z_]+|AC|DOD):(?:BEGIN|END)\s*-->[ \t]*\r?\n?/gm, '')
    .replace(/^- \[([ xX])\] #\d+ /gm, '- [$1] ')
    .replace(/^\s*## Description\s*\n/, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function acceptanceCriteria(body: string): { checked: boolean; text: string }[] {
  const block = /<!--\s*AC:BEGIN\s*-->([\s\S]*?)<!--\s*AC:END\s*-->/.exec(body)?.[1] ?? '';
  return [...block.matchAll(/^- \[( |x|X)\] (?:#\d+ )?(.*)$/gm)].map((m) => ({
    checked: m[1] !== ' ',
    text: m[2]!.trim(),
  }));
}

function categoryOf(status: string, statuses: readonly string[], place: Place): StatusCategory | null {
  if (place === 'completed/') return 'done';
  const i = statuses.findIndex((s) => s.toLowerCase() === status.toLowerCase());
  if (status.toLowerCase() === 'draft') return 'todo';
  if (i === -1) return null;
  return i === 0 ? 'todo' : i === statuses.length - 1 ? 'done' : 'started';
}

function task(file: TaskFile, statuses: readonly string[]): ImportItem {
  const { path } = file;
  const { front, body } = splitFile(path, file.text);
  const id = text(front.id);
  if (!id) throw new BadRecord(path, 'the front matter has no id');
  const title = text(front.title);
  if (!title) throw new BadRecord(path, `${id} has no title`);
  const status = text(front.status) ?? (file.place.includes('drafts') ? 'Draft' : (statuses[0] ?? 'To Do'));
  const category = categoryOf(status, statuses, file.place);
  const updated = localTime(front.updated_date, path, 'updated_date');
  const created = localTime(front.created_date, path, 'created_date');
  const ac = acceptanceCriteria(body);
  const extra: Record<string, unknown> = { folder: file.place.slice(0, -1) };
  if (ac.length) extra.acceptanceCriteria = ac;
  if (file.place.includes('drafts')) extra.draft = true;
  for (const k of ['ordinal', 'references', 'documentation', 'modifiedFiles'] as const) {
    if (front[k] !== undefined && front[k] !== null) extra[k] = front[k];
  }
  return {
    ...blankItem(id, path),
    title,
    description: bodyText(body),
    status,
    statusCategory: category,
    type: text(front.type),
    priority: text(front.priority),
    labels: distinct(list(front.labels, path, 'labels').map(text)),
    assignees: distinct(list(front.assignee, path, 'assignee').map((a) => text(a)?.replace(/^@/, '') ?? null)),
    author: text(front.reporter)?.replace(/^@/, '') ?? null,
    createdAt: created,
    updatedAt: updated,
    closedAt: category === 'done' || category === 'cancelled' ? (updated ?? created) : null,
    dueDate: text(front.due_date)?.slice(0, 10) ?? null,
    milestone: text(front.milestone),
    parent: text(front.parent_task_id) ?? text(front.parent),
    blockedBy: distinct(list(front.dependencies, path, 'dependencies').map(text)),
    archived: file.place.startsWith('archive/'),
    extra,
  };
}

/**
 * Reads a Backlog.md folder. A task file whose front matter cannot be read refuses the import naming the
 * file (or, with skipBad, is skipped); so does an id used by two files (Backlog.md can hand an archived
 * task's id to a new one): the file in the more authoritative folder keeps it.
 */
export async function parseBacklog(folder: FolderInput, options: ParseOptions = {}): Promise<ParseResult> {
  const out = new ItemCollector('backlog', options);
  const files: TaskFile[] = [];
  const milestones = new Map<string, string>();
  let statuses: string[] = ['To Do', 'In Progress', 'Done'];
  for await (const f of folder) {
    const path = relative(f.path);
    if (path === 'config.yml') {
      const config = out.record(() => {
        try {
          return parseYaml(f.text) as unknown;
        } catch (e) {
          throw new BadRecord(path, `not valid YAML (${(e as Error).message.split('\n')[0]})`);
        }
      });
      if (isObject(config) && Array.isArray(config.statuses)) statuses = config.statuses.map(String);
      continue;
    }
    if (!path.endsWith('.md')) continue;
    if (/^(archive\/)?milestones\//.test(path)) {
      out.record(() => {
        const { front } = splitFile(path, f.text);
        const id = text(front.id);
        const title = text(front.title);
        if (id && title) milestones.set(id.toLowerCase(), title);
      });
      continue;
    }
    const place = PLACES.find((p) => path.startsWith(p) && !path.slice(p.length).includes('/'));
    if (place) files.push({ path, place, text: f.text });
  }
  files.sort((a, b) => PLACES.indexOf(a.place) - PLACES.indexOf(b.place) || a.path.localeCompare(b.path, 'en'));
  const seen = new Map<string, string>();
  for (const file of files) {
    out.record(() => {
      const item = task(file, statuses);
      const key = item.externalId.toUpperCase();
      const first = seen.get(key);
      if (first !== undefined) {
        throw new BadRecord(file.path, `${item.externalId} is also the id of ${first}; give one of them another id`);
      }
      seen.set(key, file.path);
      const milestone = item.milestone && (milestones.get(item.milestone.toLowerCase()) ?? item.milestone);
      out.items.push({ ...item, milestone });
    });
  }
  // Backlog.md has written ids and references in either case over its versions (task-1, TASK-1).
  const ids = new Map(out.items.map((i) => [i.externalId.toUpperCase(), i.externalId]));
  const ref = (r: string) => ids.get(r.toUpperCase()) ?? r;
  return out.result(
    out.items.map((i) => ({ ...i, parent: i.parent === null ? null : ref(i.parent), blockedBy: i.blockedBy.map(ref) })),
  );
}

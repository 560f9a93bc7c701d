import { z } from 'zod';
import type { BatchItem, BatchOptions } from '../../core/batch.js';
import type { Project } from '../../core/docket.js';
import type { UpdateInput } from '../../domain/inputs.js';
import { invalid } from '../../domain/errors.js';
import { cards, detail, historyLines, written } from '../render.js';
import { flag, input, num, text, ticketId } from '../schema.js';
import { type Call, defineTool } from '../tool.js';
import { defined, guard, many, need, orNull } from './args.js';

const ACTIONS = [
  'create',
  'get',
  'update',
  'move',
  'close',
  'reopen',
  'comment',
  'claim',
  'release',
  'list',
  'ready',
  'next',
  'history',
] as const;
const READS: ReadonlySet<string> = new Set(['get', 'list', 'ready', 'history']);

const schema = input({
  action: z.enum(ACTIONS),
  project: text.optional(),
  ticket_id: ticketId.optional(),
  title: text.optional(),
  description: text.optional(),
  type: text.optional(),
  priority: text.optional(),
  status: text.optional(),
  assignee: text.optional(),
  category: text.optional(),
  tags: z.array(text).optional(),
  due: text.optional(),
  estimate: z.coerce.string().optional(),
  milestone: text.optional(),
  comment: text.optional(),
  resolution: text.optional(),
  lease: num.optional(),
  version: num.optional(),
  idempotency_key: text.optional(),
  open: flag.optional(),
  limit: num.optional(),
  after: num.optional(),
});
type Args = z.output<typeof schema> & { fields?: string[] };

/** `tags` entries holding `=` are custom fields (`team=ui`): a tag is a slug, which never holds one. */
function splitTags(a: z.output<typeof schema>): Args {
  if (!a.tags?.some((t) => t.includes('='))) return a;
  const tags = a.tags.filter((t) => !t.includes('='));
  const fields = a.tags.filter((t) => t.includes('='));
  const { tags: _all, ...rest } = a;
  return { ...rest, ...(tags.length ? { tags } : {}), fields };
}

/** `tags` on update: plain names replace the set; `+x`/`-x` add and remove (never both kinds at once). */
function tagEdits(tags: readonly string[]) {
  const add = tags.filter((t) => t.startsWith('+')).map((t) => t.slice(1));
  const remove = tags.filter((t) => t.startsWith('-')).map((t) => t.slice(1));
  const plain = tags.filter((t) => !t.startsWith('+') && !t.startsWith('-'));
  if (plain.length && add.length + remove.length) {
    throw invalid('tags: either name the whole set (a, b) or edit it (+a, -b), not both', { field: 'tags' });
  }
  return { plain, add, remove, edit: add.length + remove.length > 0 };
}

function filters(a: Args) {
  const tags = a.tags ?? [];
  if (tags.length > 1) throw invalid('filter by one tag at a time', { field: 'tags' });
  return defined({
    type: many(a.type),
    priority: many(a.priority),
    category: a.category === undefined ? undefined : orNull(a.category),
    label: tags[0],
  });
}

/** List filters of the planning values: due=overdue, due=<DATE or >DATE; milestone "" for none. */
function planningFilters(a: Args) {
  const due = a.due?.trim();
  return defined({
    overdue: due === 'overdue' ? true : undefined,
    dueBefore: due?.startsWith('<') ? due.slice(1).trim() : undefined,
    dueAfter: due?.startsWith('>') ? due.slice(1).trim() : undefined,
    milestone: a.milestone === undefined ? undefined : orNull(a.milestone),
    fields: fieldPairs(a.fields, false) as Record<string, string> | undefined,
  });
}

/** `fields: ["team=ui"]` as a map; `name=` is null (clears) when `clear`. */
function fieldPairs(pairs: readonly string[] | undefined, clear: boolean) {
  if (!pairs) return undefined;
  const out: Record<string, string | null> = {};
  for (const p of pairs) {
    const at = p.indexOf('=');
    if (at < 1) throw invalid(`tags: a field is NAME=VALUE, e.g. team=ui, not '${p}'`, { field: 'tags' });
    out[p.slice(0, at).trim()] = clear ? orNull(p.slice(at + 1)) : p.slice(at + 1);
  }
  return out;
}

/** The planning values of a create or update: "" clears. */
function planning(a: Args) {
  return defined({
    due: a.due === undefined ? undefined : orNull(a.due),
    estimate: a.estimate === undefined ? undefined : orNull(a.estimate),
    milestone: a.milestone === undefined ? undefined : orNull(a.milestone),
    fields: fieldPairs(a.fields, true),
  });
}

async function update(doc: Project, a: Args, id: string | number): Promise<string> {
  if (a.status !== undefined) throw invalid('update does not change status: use action=move (or close, reopen)');
  const tags = a.tags === undefined ? undefined : tagEdits(a.tags);
  const patch: UpdateInput = defined({
    title: a.title,
    description: a.description,
    type: a.type,
    priority: a.priority,
    assignee: a.assignee === undefined ? undefined : orNull(a.assignee),
    category: a.category === undefined ? undefined : orNull(a.category),
    labels: tags && !tags.edit ? tags.plain : undefined,
    // Tag edits are read, changed and written inside the update's own transaction: one change, one
    // event, guarded by `version` as a whole, and concurrent edits never lose a tag.
    addLabels: tags?.add.length ? tags.add : undefined,
    removeLabels: tags?.remove.length ? tags.remove : undefined,
    ...planning(a),
  });
  if (!Object.keys(patch).length) {
    throw invalid(
      'update needs a field to change: title, description, type, priority, assignee, category, tags, due, estimate, milestone or a field (tags k=v)',
    );
  }
  return written(await doc.update(id, patch, guard(a.version)));
}

/** Tickets per batch of a many-ticket move or close: progress goes out and a cancel is heeded between batches. */
export const BATCH = 10;
const MAX_IDS = 500;

/** `DOC-1,DOC-2` (or `1, 2`) → the ids, or null for a single ticket. */
function listOf(id: string): string[] | null {
  if (!id.includes(',')) return null;
  const ids = [
    ...new Set(
      id
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (ids.length > MAX_IDS) throw invalid(`ticket_id: at most ${MAX_IDS} ids per call`, { field: 'ticket_id' });
  return ids;
}

/**
 * A move or close of many tickets, each in its own transaction, by core's batch: progress goes to a
 * client that sent a progress token after every `BATCH` tickets, and a cancel is heeded between
 * groups, so it never leaves a group half done. One line per ticket: the ticket, or its error.
 */
async function batched(
  ids: readonly string[],
  version: number | undefined,
  call: Call,
  run: (options: BatchOptions) => Promise<BatchItem[]>,
): Promise<string> {
  if (version !== undefined)
    throw invalid('version guards one ticket; leave it out with a list of ids', { field: 'version' });
  await call.progress(0, ids.length);
  const items = await run({
    every: BATCH,
    signal: call.signal,
    onProgress: (done, total) => void call.progress(done, total, `${done} of ${total}`),
  });
  const lines = items.map((item) =>
    item.ok && item.ticket ? written(item.ticket) : `${item.id} ${item.error?.code}: ${item.error?.message}`,
  );
  if (call.signal.aborted && items.length < ids.length) {
    lines.push(`cancelled: ${ids.length - items.length} of ${ids.length} not done`);
  }
  return lines.join('\n');
}

export const ticketTool = defineTool({
  name: 'ticket',
  description:
    'Tickets. "" clears; tags +x/-x, k=v is field k. move/close: ticket_id=a,b,c. list: after=cursor, due=overdue|<D|>D. ready: unblocked, unclaimed; next claims. version guards writes.',
  input: schema,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async run(raw, call) {
    const a = splitTags(raw);
    const doc = await call.project(a.project, READS.has(a.action) ? 'read' : 'write');
    const id = () => need(a.ticket_id, 'ticket_id', a.action);
    const lease = defined({ leaseMinutes: a.lease });
    switch (a.action) {
      case 'create': {
        const t = await doc.create(
          defined({
            title: need(a.title, 'title', 'create'),
            description: a.description,
            type: a.type,
            priority: a.priority,
            assignee: a.assignee === undefined ? undefined : orNull(a.assignee),
            category: a.category === undefined ? undefined : orNull(a.category),
            labels: a.tags,
            idempotencyKey: a.idempotency_key,
            ...planning(a),
          }) as { title: string },
        );
        return written(t);
      }
      case 'get':
        return detail(await doc.detail(id()));
      case 'update':
        return update(doc, a, id());
      case 'move': {
        const status = need(a.status, 'status', 'move');
        const ids = listOf(String(id()));
        if (ids) return batched(ids, a.version, call, (options) => doc.batchMove(ids, status, options));
        return written(await doc.move(id(), status, guard(a.version)));
      }
      case 'close': {
        const resolution = defined({ resolution: a.resolution });
        const ids = listOf(String(id()));
        if (ids) return batched(ids, a.version, call, (options) => doc.batchClose(ids, { ...resolution, ...options }));
        return written(await doc.close(id(), { ...guard(a.version), ...resolution }));
      }
      case 'reopen':
        return written(await doc.reopen(id(), guard(a.version)));
      case 'comment': {
        const body = need(a.comment, 'comment', 'comment');
        const r = await doc.comment(id(), defined({ body, status: a.status }) as { body: string }, guard(a.version));
        return `comment #${r.commentId} on ${written(r.ticket)}`;
      }
      case 'claim':
        return written(await doc.claim(id(), { ...lease, ...guard(a.version) }));
      case 'release':
        return written(await doc.release(id(), guard(a.version)));
      case 'list': {
        const page = await doc.list({
          ...filters(a),
          ...defined({
            status: many(a.status),
            assignee: a.assignee === undefined ? undefined : orNull(a.assignee),
            state: a.open === undefined ? undefined : a.open ? ('open' as const) : ('closed' as const),
            after: a.after,
          }),
          ...planningFilters(a),
          limit: a.limit ?? 20,
        });
        return cards(page.items) + (page.next === null ? '' : `\nmore: after=${page.next}`);
      }
      case 'ready':
        return cards(
          await doc.ready({ ...filters(a), ...defined({ assignee: a.assignee, limit: a.limit }) }),
          'nothing ready',
        );
      case 'next': {
        const t = await doc.claimNext(filters(a), lease);
        return t ? written(t) : 'nothing ready';
      }
      case 'history': {
        const rows = await doc.history(id(), a.limit);
        return rows.length ? historyLines(rows).join('\n') : 'no history';
      }
    }
  },
});

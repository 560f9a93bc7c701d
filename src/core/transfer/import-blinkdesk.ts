import { basename } from 'node:path';
import { DocketError } from '../../domain/errors.js';
import { parseInput, ProjectInputSchema } from '../../domain/inputs.js';
import { type ProjectSchema, priorityRank } from '../../domain/project-schema.js';
import type { BlinkdeskActivityRow, BlinkdeskSlugRow, BlinkdeskSource, Store, StoreTx } from '../../store/store.js';
import {
  blinkdeskSchema,
  blinkdeskTime,
  commentPreview,
  importedTitle,
  keyFromPrefix,
  mapAuditLine,
  mapLog,
  safeSlug,
} from './blinkdesk-map.js';
import { PAGE } from './format.js';

export interface BlinkdeskImportOptions {
  /** The new project's key; default: from the display prefix (`BD-` gives `bd`). */
  readonly project?: string;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Slugs by BlinkDesk id; an id no row has (a deleted entity still named by a ticket) gets a stand-in. */
class SlugTable {
  readonly byId = new Map<number, string>();
  private readonly taken = new Set<string>();
  readonly added: string[] = [];

  constructor(
    rows: readonly BlinkdeskSlugRow[],
    private readonly prefix: string,
  ) {
    for (const r of rows) this.put(r.id, r.slug);
  }

  private put(id: number, raw: string): string {
    const slug = safeSlug(raw, `${this.prefix}-${id}`, this.taken);
    this.byId.set(id, slug);
    this.taken.add(slug);
    this.added.push(slug);
    return slug;
  }

  get(id: number | null): string | null {
    if (id === null) return null;
    return this.byId.get(id) ?? this.put(id, `${this.prefix}-${id}`);
  }

  /** A slug named in text (`assigned to Bob`): the matching row's, else the text slugged. */
  named(name: string): string {
    const slug = safeSlug(name, name, new Set());
    return [...this.byId.values()].find((s) => s === slug) ?? slug;
  }
}

/**
 * Imports a BlinkDesk 0.11 database as a new project in one transaction: its workflow, priorities,
 * options, entities, categories, tickets under their own numbers (BD-4 stays BD-4), logs as history,
 * comments and audit log. Nothing is written if any of it fails.
 */
export async function importBlinkdeskSource(
  store: Store,
  source: BlinkdeskSource,
  now: number,
  options: BlinkdeskImportOptions = {},
): Promise<{ project: string; tickets: number }> {
  const states = await source.states();
  const stateSlugs = new SlugTable(states, 'state');
  const priorities = await source.priorities();
  const prioritySlugs = new SlugTable(priorities, 'priority');
  const schema = blinkdeskSchema(
    states,
    await source.transitions(),
    priorities,
    await source.config(),
    stateSlugs.byId,
    prioritySlugs.byId,
  );
  const key = parseInput(ProjectInputSchema, {
    key: options.project ?? keyFromPrefix(schema.options.display_prefix),
  }).key.toLowerCase();
  const total = await source.ticketCount();
  const first = (await source.tickets(0, 1))[0];
  const createdAt = first ? blinkdeskTime(first.createdAt, `BlinkDesk ticket ${first.id}`) : now;

  return store.write(async (tx) => {
    if (await tx.projects.byKey(key)) {
      throw new DocketError(
        'already_exists',
        `project '${key}' already exists in this database; import under another key (--project NEW_KEY)`,
        { project: key },
      );
    }
    const projectId = await tx.projects.insert({ key, name: key, schema: JSON.stringify(schema), at: createdAt });
    await tx.activity.addEvent({ projectId, ticketId: null, kind: 'project.created', actor: null, at: createdAt });
    const entities = new SlugTable(await source.entities(), 'entity');
    const categories = new SlugTable(await source.categories(), 'category');
    const ctx: Ctx = {
      tx,
      source,
      schema,
      projectId,
      entities,
      categories,
      states: stateSlugs,
      priorities: prioritySlugs,
    };
    const { ids, max } = await importTickets(ctx, (done) => options.onProgress?.(done, total));
    await importActivity(ctx, ids);
    // after tickets and logs, so stand-ins for deleted entities and categories they name exist too
    for (const slug of entities.added)
      await tx.directory.putEntity(projectId, { slug, name: slug, kind: 'person', createdAt });
    for (const slug of categories.added) await tx.directory.addCategory(projectId, { slug, createdAt });
    await importAudit(ctx);
    await tx.transfer.setLastNumber(projectId, max);
    if (schema.options.audit_log) {
      const line = `Imported project ${key} from BlinkDesk database ${basename(source.path)}: ${ids.size} ticket(s) (system)`;
      await tx.activity.addAudit({ projectId, kind: 'project.created', actor: null, line, at: now });
    }
    options.onProgress?.(ids.size, total);
    return { project: key, tickets: ids.size };
  });
}

interface Ctx {
  readonly tx: StoreTx;
  readonly source: BlinkdeskSource;
  readonly schema: ProjectSchema;
  readonly projectId: number;
  readonly entities: SlugTable;
  readonly categories: SlugTable;
  readonly states: SlugTable;
  readonly priorities: SlugTable;
}

interface Imported {
  readonly id: number;
  readonly title: string;
}

async function importTickets(ctx: Ctx, progress: (done: number) => void) {
  const { tx, schema } = ctx;
  const wf = schema.types[0]!;
  const ids = new Map<number, Imported>();
  let max = 0;
  for (let after = 0; ; ) {
    const page = await ctx.source.tickets(after, PAGE);
    for (const t of page) {
      const what = `BlinkDesk ticket ${t.id}`;
      if (!Number.isSafeInteger(t.id) || t.id < 1) throw new DocketError('validation', `${what}: ids must be positive`);
      const status = t.stateId === null ? wf.initial : ctx.states.byId.get(t.stateId);
      if (status === undefined) {
        throw new DocketError(
          'validation',
          `${what} is in state id ${t.stateId}, which ticket_states lacks; move it to a known state in BlinkDesk first`,
          { ticket: t.id },
        );
      }
      const priority = t.priorityId === null ? schema.options.default_priority : ctx.priorities.byId.get(t.priorityId);
      if (priority === undefined) {
        throw new DocketError(
          'validation',
          `${what} has priority id ${t.priorityId}, which ticket_priorities lacks; set its priority in BlinkDesk first`,
          { ticket: t.id },
        );
      }
      const updatedAt = blinkdeskTime(t.updatedAt, what);
      const terminal = wf.terminal.includes(status);
      const title = importedTitle(t.title ?? '');
      const id = await tx.transfer.restoreTicket({
        projectId: ctx.projectId,
        number: t.id,
        type: wf.type,
        title,
        description: t.description ?? '',
        status,
        priority,
        priorityRank: priorityRank(schema, priority),
        assignee: ctx.entities.get(t.assigneeId),
        category: ctx.categories.get(t.categoryId),
        labels: [],
        createdBy: ctx.entities.get(t.createdById),
        createdAt: blinkdeskTime(t.createdAt, what),
        updatedAt,
        closedAt: terminal ? (t.lastStateChangeAt ? blinkdeskTime(t.lastStateChangeAt, what) : updatedAt) : null,
        leaseUntil: null,
        version: Math.max(1, t.logCount),
      });
      ids.set(t.id, { id, title });
      max = Math.max(max, t.id);
    }
    if (page.length) progress(ids.size);
    if (page.length < PAGE) return { ids, max };
    after = page[page.length - 1]!.id;
  }
}

/** Logs and comments, oldest first, as events with history rows (and comment rows). */
async function importActivity(ctx: Ctx, ids: ReadonlyMap<number, Imported>) {
  const { tx, projectId } = ctx;
  const assignees = new Map<number, string | null>();
  let after: BlinkdeskActivityRow | null = null;
  for (;;) {
    const page: BlinkdeskActivityRow[] = await ctx.source.activity(after, PAGE);
    for (const row of page) {
      const ticket = ids.get(row.ticketId);
      if (!ticket) continue;
      const actor = ctx.entities.get(row.entityId);
      const at = blinkdeskTime(row.createdAt, `BlinkDesk ${row.source} ${row.seq} of ticket ${row.ticketId}`);
      if (row.source === 'comment') {
        const body = row.details ?? '';
        const status = row.newStateId === null ? null : (ctx.states.byId.get(row.newStateId) ?? null);
        await tx.activity.addComment({ ticketId: ticket.id, author: actor, body, status, at });
        const eventId = await tx.activity.addEvent({
          projectId,
          ticketId: ticket.id,
          kind: 'ticket.commented',
          actor,
          at,
        });
        const changes = [{ field: 'comment', old: null, new: commentPreview(body) }];
        await tx.activity.addHistory({ eventId, ticketId: ticket.id, changes, actor, at });
        continue;
      }
      const mapped = mapLog(row, ticket.title, assignees.get(row.ticketId) ?? null, (name) => ctx.entities.named(name));
      assignees.set(row.ticketId, mapped.assignee);
      const eventId = await tx.activity.addEvent({ projectId, ticketId: ticket.id, kind: mapped.kind, actor, at });
      await tx.activity.addHistory({ eventId, ticketId: ticket.id, changes: mapped.changes, actor, at });
    }
    if (page.length < PAGE) return;
    after = page[page.length - 1]!;
  }
}

async function importAudit(ctx: Ctx) {
  for (let after = 0; ; ) {
    const page = await ctx.source.audit(after, PAGE);
    for (const row of page) {
      const { kind, actor, line } = mapAuditLine(row.line);
      const at = blinkdeskTime(row.createdAt, `BlinkDesk audit line ${row.rowid}`);
      await ctx.tx.activity.addAudit({ projectId: ctx.projectId, kind, actor, line, at });
    }
    if (page.length < PAGE) return;
    after = page[page.length - 1]!.rowid;
  }
}

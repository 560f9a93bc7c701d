import { createHash } from 'node:crypto';
import { DocketError } from '../../../domain/errors.js';
import { ACYCLIC_LINKS, relationOf } from '../../../domain/links.js';
import { type ProjectSchema, priorityRank } from '../../../domain/project-schema.js';
import type { FoundImportRef, TicketPatch, TicketRecord } from '../../../store/store.js';
import { type Change, idOf, type Mutable, type ProjectWrite, projectWrite, record, type Scope } from '../../context.js';
import type { ImportPlan, PlannedItem, PlannedLink } from './import-plan.js';

// The writer: applies a plan to a project, one transaction per batch of items (in the plan's order, so
// a parent or blocker is written in the batch of the first item that points at it, or before). Each
// item's source id is kept as an import reference; an item seen before updates its ticket, and one
// whose fingerprint has not changed is left alone. Everything that can refuse the import is checked
// before the first batch, so a refusal writes nothing; a batch that fails for another reason (the
// database went away) rolls back alone, and running the import again picks up where it stopped.

export const IMPORT_BATCH = 500;

export interface WriteImportOptions {
  /** Items per transaction (default 500). */
  readonly batchSize?: number;
  /** Called after each batch with the items done so far and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

export type ItemOutcome = 'created' | 'updated' | 'unchanged';

export interface ImportSummary {
  readonly kind: string;
  readonly project: string;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Comments, links and people the import added. */
  readonly comments: number;
  readonly links: number;
  readonly entities: number;
  /** Each item's ticket and what happened to it, in the plan's order. */
  readonly tickets: readonly { readonly externalId: string; readonly ticket: string; readonly outcome: ItemOutcome }[];
  /** What the writer could not keep (a link that would make a cycle, a second parent). */
  readonly notes: readonly string[];
}

/** The fingerprint of what an item writes: its fields, comments and the links it names. */
export function itemHash(item: PlannedItem): string {
  const s = item.source;
  const what = [
    item.url,
    item.title,
    item.description,
    item.type,
    item.status,
    item.priority,
    item.assignee,
    item.author,
    item.labels,
    item.createdAt,
    item.closedAt,
    item.comments.map((c) => [c.author, c.body, c.at]),
    [s.parent, s.blockedBy, s.blocks, s.related, s.duplicateOf],
  ];
  return createHash('sha256').update(JSON.stringify(what)).digest('base64url');
}

const sorted = (labels: readonly string[]) => [...new Set(labels)].sort();

/** Refuses a plan with unmapped values, naming each and how to map it. */
function refuseUnmapped(plan: ImportPlan): never {
  const what = plan.unmapped.map((u) => `${u.field}${u.forType ? `[${u.forType}]` : ''} '${u.from}' (${u.count})`);
  throw new DocketError(
    'validation',
    `${plan.kind}: ${what.length} value(s) map to nothing in this project: ${what.join(', ')}; map each (--map 'status:VALUE=STATE' or a mapping file), drop its items (--map 'status:VALUE=-'), or pass --drop-unmapped (see docket import --dry-run)`,
    { kind: plan.kind, missing: what },
  );
}

/** An item's values against the schema as it is now (it may have changed since the plan was made). */
function checkAgainst(schema: ProjectSchema, item: PlannedItem): void {
  const wf = schema.types.find((w) => w.type === item.type);
  if (!wf?.states.includes(item.status) || !schema.priorities.includes(item.priority)) {
    throw new DocketError(
      'conflict',
      `the project's workflow changed since the import was planned (${item.externalId}: ${item.type} ${item.status} ${item.priority}); run the import again`,
      { id: item.externalId },
    );
  }
}

/**
 * Writes `plan` into the scope's project; refused (nothing written) unless the plan is ok.
 *
 * @example
 * const summary = await writeImport(scope, planImport(parsed, schema), { onProgress: bar.update });
 */
export async function writeImport(
  scope: Scope,
  plan: ImportPlan,
  options: WriteImportOptions = {},
): Promise<ImportSummary> {
  if (!plan.ok) refuseUnmapped(plan);
  const size = Math.max(1, options.batchSize ?? IMPORT_BATCH);
  const run = new ImportRun(plan);
  const total = plan.items.length;
  for (let start = 0; start === 0 || start < total; start += size) {
    await projectWrite(scope, { operation: 'import' }, (w) => run.batch(w, start, Math.min(total, start + size)));
    options.onProgress?.(Math.min(total, start + size), total);
  }
  return run.summary(scope.project);
}

/** One import's state across its batches. */
class ImportRun {
  /** Tickets by external id, for links. */
  private readonly tickets = new Map<string, TicketRecord>();
  /** Items created or updated in this run: their links are checked, others' are known to be there. */
  private readonly touched = new Set<string>();
  /** Items this run created tickets for. */
  private readonly created = new Set<string>();
  private readonly outcomes: { externalId: string; ticket: string; outcome: ItemOutcome }[] = [];
  private readonly notes: string[] = [];
  private readonly counts = { created: 0, updated: 0, unchanged: 0, comments: 0, links: 0, entities: 0 };
  private link = 0;

  constructor(private readonly plan: ImportPlan) {}

  async batch(w: ProjectWrite, start: number, end: number): Promise<void> {
    if (start === 0) await this.people(w);
    const items = this.plan.items.slice(start, end);
    for (const item of items) checkAgainst(w.p.schema, item);
    const refs = new Map(
      (
        await w.tx.imports.find(
          w.p.rec.id,
          this.plan.kind,
          items.map((i) => i.externalId),
        )
      ).map((r) => [r.externalId, r]),
    );
    const current = new Map(
      (await w.tx.tickets.byIds([...refs.values()].map((r) => r.ticketId))).map((t) => [t.id, t]),
    );
    for (const item of items) {
      const ref = refs.get(item.externalId);
      const ticket = ref && current.get(ref.ticketId);
      const hash = itemHash(item);
      let outcome: ItemOutcome;
      let number: number;
      if (ref && ticket && ticket.projectId === w.p.rec.id) {
        number = ticket.number;
        this.tickets.set(item.externalId, ticket);
        if (ref.hash === hash && ref.url === item.url) outcome = 'unchanged';
        else {
          this.tickets.set(item.externalId, await this.update(w, item, ticket));
          outcome = 'updated';
        }
      } else {
        const t = await this.create(w, item);
        number = t.number;
        outcome = 'created';
        this.created.add(item.externalId);
      }
      this.counts[outcome]++;
      if (outcome !== 'unchanged') {
        this.touched.add(item.externalId);
        await this.keep(w, item, hash, ref);
      }
      this.outcomes.push({ externalId: item.externalId, ticket: idOf(w.p, { number }), outcome });
    }
    const links = this.plan.links;
    while (this.link < links.length && links[this.link]!.after < end) await this.addLink(w, links[this.link++]!);
  }

  /** The people the plan names, added as entities unless they exist (refused under lock_entities). */
  private async people(w: ProjectWrite): Promise<void> {
    const known = new Set((await w.tx.directory.entities(w.p.rec.id)).map((e) => e.slug));
    const missing = this.plan.entities.filter((e) => !known.has(e.slug));
    if (missing.length && w.p.schema.options.lock_entities) {
      throw new DocketError(
        'forbidden',
        `lock_entities is on and the import names ${missing.length} unknown people (${missing
          .slice(0, 5)
          .map((e) => e.slug)
          .join(', ')}${missing.length > 5 ? ', …' : ''}); add them as entities first, or turn lock_entities off`,
        { operation: 'import', entity: missing[0]!.slug, fix: { kind: 'add_entity', entity: missing[0]!.slug } },
      );
    }
    for (const e of missing) {
      await w.tx.directory.putEntity(w.p.rec.id, { slug: e.slug, name: e.name, kind: 'person', createdAt: w.at });
    }
    this.counts.entities += missing.length;
  }

  private async create(w: ProjectWrite, item: PlannedItem): Promise<TicketRecord> {
    const { tx, p } = w;
    const createdAt = item.createdAt ?? w.at;
    const ticket: Mutable<TicketRecord> = {
      id: 0,
      version: 1,
      projectId: p.rec.id,
      number: await tx.projects.nextNumber(p.rec.id),
      type: item.type,
      title: item.title,
      description: item.description,
      status: item.status,
      priority: item.priority,
      priorityRank: priorityRank(p.schema, item.priority),
      assignee: item.assignee,
      category: null,
      labels: sorted(item.labels),
      createdBy: item.author,
      createdAt,
      updatedAt: Math.max(createdAt, item.updatedAt ?? createdAt, item.closedAt ?? createdAt),
      closedAt: item.closedAt,
      leaseUntil: null,
    };
    ticket.id = await tx.tickets.insert(ticket);
    this.tickets.set(item.externalId, ticket);
    const changes: Change[] = [
      { field: 'created', old: null, new: item.title },
      { field: 'imported', old: null, new: `${this.plan.kind} ${item.externalId}` },
    ];
    const line = `Imported ticket ${idOf(p, ticket)} from ${this.plan.kind} ${item.externalId}: ${item.title}`;
    await record(w, { kind: 'ticket.created', ticket, changes, line });
    await this.comments(w, ticket.id, item, []);
    return ticket;
  }

  /** Sets the fields the source changed, and adds the comments it has that the ticket lacks. */
  private async update(w: ProjectWrite, item: PlannedItem, t: TicketRecord): Promise<TicketRecord> {
    const patch: Mutable<TicketPatch> = {};
    const changes: Change[] = [];
    const set = <K extends keyof TicketPatch>(field: K, value: TicketPatch[K], shown = (v: unknown) => v) => {
      const before = t[field];
      if (JSON.stringify(before) === JSON.stringify(value)) return;
      patch[field] = value;
      const text = (v: unknown) => (v === null || v === undefined ? null : String(shown(v)));
      changes.push({ field, old: text(before), new: text(value) });
    };
    set('title', item.title);
    set('description', item.description, () => '(changed)');
    set('type', item.type);
    set('status', item.status);
    set('priority', item.priority);
    set('assignee', item.assignee);
    set('labels', sorted(item.labels), (v) => (v as string[]).join(', '));
    set('closedAt', item.closedAt, (v) => new Date(v as number).toISOString());
    if (patch.priority !== undefined) patch.priorityRank = priorityRank(w.p.schema, item.priority);
    let next = t;
    if (changes.length) {
      const version = await w.tx.tickets.update(t.id, patch, w.at);
      next = { ...t, ...patch, version, updatedAt: w.at };
      const line = `Updated ticket ${idOf(w.p, t)} from ${this.plan.kind} ${item.externalId}`;
      await record(w, { kind: 'ticket.updated', ticket: next, changes, line });
    }
    const have = (await w.tx.activity.comments({ ticketId: t.id })).map((c) => `${c.author}\u0000${c.body}`);
    await this.comments(w, t.id, item, have);
    return next;
  }

  private async comments(w: ProjectWrite, ticketId: number, item: PlannedItem, have: readonly string[]) {
    const left = new Set(have);
    for (const c of item.comments) {
      const key = `${c.author}\u0000${c.body}`;
      if (left.delete(key)) continue;
      const at = c.at ?? item.createdAt ?? w.at;
      await w.tx.activity.addComment({ ticketId, author: c.author, body: c.body, status: null, at });
      this.counts.comments++;
    }
  }

  private async keep(w: ProjectWrite, item: PlannedItem, hash: string, ref: FoundImportRef | undefined) {
    const ticketId = this.tickets.get(item.externalId)!.id;
    if (ref && ref.ticketId !== ticketId) {
      this.notes.push(`${item.externalId}: its ticket was gone; imported as a new one`);
    }
    await w.tx.imports.put({
      projectId: w.p.rec.id,
      source: this.plan.kind,
      externalId: item.externalId,
      url: item.url,
      ticketId,
      hash,
      at: w.at,
    });
  }

  /** Adds a link unless it exists, would make a cycle, or would give a ticket a second parent. */
  private async addLink(w: ProjectWrite, l: PlannedLink): Promise<void> {
    if (!this.touched.has(l.from) && !this.touched.has(l.to)) return;
    const { tx, p } = w;
    const a = this.tickets.get(l.from)!;
    const b = this.tickets.get(l.to)!;
    const ends = { sourceId: a.id, targetId: b.id, type: l.type };
    // Two tickets this run created have no links but the plan's, and the plan names each link once.
    const fresh = this.created.has(l.from) && this.created.has(l.to);
    if (!fresh && (await tx.links.find(ends)) !== undefined) return;
    if (!fresh && l.type === 'related' && (await tx.links.find({ sourceId: b.id, targetId: a.id, type: l.type })))
      return;
    const skip = (why: string) => this.notes.push(`${l.from} ${l.type} ${l.to}: not linked, ${why}`);
    if (ACYCLIC_LINKS.has(l.type) && (await tx.links.reachable({ sourceId: b.id, targetId: a.id, type: l.type }))) {
      skip('it would make a cycle');
      return;
    }
    if (l.type === 'parent' && (await tx.links.incoming(b.id, 'parent')) > 0) {
      skip(`${l.to} already has a parent`);
      return;
    }
    await tx.links.insert({ projectId: p.rec.id, ...ends, actor: w.actor, at: w.at });
    const side = (outgoing: boolean, other: TicketRecord) => `${relationOf(l.type, outgoing)} ${idOf(p, other)}`;
    const line = `Linked ticket ${idOf(p, a)} ${l.type} ${idOf(p, b)} (import)`;
    const changes = [{ field: 'link', old: null, new: side(true, b) }];
    const eventId = await record(w, { kind: 'ticket.linked', ticket: a, changes, line });
    const back = [{ field: 'link', old: null, new: side(false, a) }];
    await tx.activity.addHistory({ eventId, ticketId: b.id, changes: back, actor: w.actor, at: w.at });
    this.counts.links++;
  }

  summary(project: string): ImportSummary {
    return {
      kind: this.plan.kind,
      project,
      ...this.counts,
      tickets: this.outcomes,
      notes: this.notes,
    };
  }
}

import { DocketError, notFound } from '../domain/errors.js';
import type { EventKind } from '../domain/events.js';
import { formatDue } from '../domain/planning.js';
import type { ProjectSchema } from '../domain/project-schema.js';
import { displayId, iso, parseTicketRef, type Ticket } from '../domain/ticket.js';
import type { FieldChange, ProjectRecord, Store, StoreReader, StoreTx, TicketRecord } from '../store/store.js';

/** Parsed schemas by project id, reloaded whenever another process bumps the schema version. */
export class SchemaCache {
  private readonly byId = new Map<number, CachedSchema>();
  private readonly idByKey = new Map<string, number>();

  async get(tx: StoreReader, rec: ProjectRecord): Promise<ProjectSchema> {
    const hit = this.byId.get(rec.id);
    if (hit && hit.version === rec.schemaVersion) return hit.schema;
    const schema = Object.freeze(JSON.parse(await tx.projects.schema(rec.id)) as ProjectSchema);
    this.byId.set(rec.id, { id: rec.id, version: rec.schemaVersion, schema });
    this.idByKey.set(rec.key, rec.id);
    return schema;
  }

  /** The schema last loaded for the project with this key, with the id and version it belongs to. */
  peek(key: string): CachedSchema | undefined {
    const id = this.idByKey.get(key);
    return id === undefined ? undefined : this.byId.get(id);
  }
}

interface CachedSchema {
  readonly id: number;
  readonly version: number;
  readonly schema: ProjectSchema;
}

/** Who is asking, about which project, through which store: what every use case receives. */
export interface Scope {
  readonly store: Store;
  readonly cache: SchemaCache;
  readonly project: string;
  readonly actor: string | null;
  readonly now: () => number;
}

export interface Loaded {
  readonly rec: ProjectRecord;
  readonly schema: ProjectSchema;
  readonly prefix: string;
}

async function loadProject(tx: StoreReader, scope: Scope): Promise<Loaded> {
  const rec = await tx.projects.byKey(scope.project);
  if (!rec) {
    const keys = (await tx.projects.all()).map((p) => p.key);
    throw notFound(
      'project',
      keys.length
        ? `'${scope.project}'; projects here: ${keys.join(', ')}`
        : `'${scope.project}'; there are no projects yet`,
      keys.length
        ? { project: scope.project }
        : { project: scope.project, fix: { kind: 'create_project', project: scope.project } },
    );
  }
  const schema = await scope.cache.get(tx, rec);
  return { rec, schema, prefix: schema.options.display_prefix };
}

export function toTicket(p: Loaded, r: TicketRecord): Ticket {
  const createdAt = iso(r.createdAt)!;
  const ticket: Ticket = {
    id: displayId(p.prefix, r.number),
    number: r.number,
    project: p.rec.key,
    type: r.type,
    title: r.title,
    description: r.description,
    status: r.status,
    priority: r.priority,
    assignee: r.assignee,
    category: r.category,
    labels: r.labels,
    createdBy: r.createdBy,
    createdAt,
    // A new or unchanged ticket's two times are one: formatting a date is dearer than comparing.
    updatedAt: r.updatedAt === r.createdAt ? createdAt : iso(r.updatedAt)!,
    closedAt: iso(r.closedAt),
    leaseUntil: iso(r.leaseUntil),
    version: r.version,
  };
  // Planning values only when set: most tickets have none, and answers stay as short as before.
  if (r.dueAt == null && r.estimate == null && r.milestone == null && r.fields == null) return ticket;
  return {
    ...ticket,
    ...(r.dueAt != null ? { due: formatDue(r.dueAt, r.dueDay ?? false) } : {}),
    ...(r.estimate != null ? { estimate: r.estimate } : {}),
    ...(r.milestone != null ? { milestone: r.milestone } : {}),
    ...(r.fields != null ? { fields: r.fields } : {}),
  };
}

export type TicketRef = string | number;

/** A record type with its fields writable, for building one field by field. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export async function resolveTicket(tx: StoreReader, p: Loaded, ref: TicketRef): Promise<TicketRecord> {
  const number = parseTicketRef(ref, p.prefix);
  const t = await tx.tickets.get(p.rec.id, number);
  if (!t)
    throw notFound('ticket', `${displayId(p.prefix, number)} does not exist in project ${p.rec.key}`, {
      id: String(ref),
    });
  return t;
}

function checkVersion(t: TicketRecord, p: Loaded, expected: number | undefined): void {
  if (expected !== undefined && expected !== t.version) {
    throw new DocketError(
      'conflict',
      `${displayId(p.prefix, t.number)} changed since you read it (version ${t.version}, you had ${expected}); fetch it again and retry`,
      { id: displayId(p.prefix, t.number), version: t.version, expected },
    );
  }
}

/** A read of one project: `fn` gets the snapshot and the project, loaded and checked. */
export function projectRead<T>(scope: Scope, fn: (tx: StoreReader, p: Loaded) => Promise<T>): Promise<T> {
  return scope.store.read(async (tx) => fn(tx, await loadProject(tx, scope)));
}

/** A read of one ticket of the project. */
export function ticketRead<T>(
  scope: Scope,
  ref: TicketRef,
  fn: (tx: StoreReader, p: Loaded, t: TicketRecord) => Promise<T>,
): Promise<T> {
  return projectRead(scope, async (tx, p) => fn(tx, p, await resolveTicket(tx, p, ref)));
}

/** What every write to a project holds: its transaction, the project, who acts, and when. */
export interface ProjectWrite {
  readonly tx: StoreTx;
  readonly p: Loaded;
  readonly scope: Scope;
  readonly actor: string | null;
  /** The time the change is stamped with, read once as it starts. */
  readonly at: number;
}

/** A write to one ticket, resolved and version-checked. */
export interface TicketWrite extends ProjectWrite {
  readonly t: TicketRecord;
}

export interface WriteOpening {
  /** Names the operation in the refusal when the project requires an operator. */
  readonly operation: string;
  /** False: this operation is allowed without an operator even when the project requires one. */
  readonly operatorRequired?: boolean;
}

/**
 * The opening every project write shares, in one order on every backend (project, then actor):
 * one transaction, committed when `fn` returns.
 */
export function projectWrite<T>(scope: Scope, opening: WriteOpening, fn: (w: ProjectWrite) => Promise<T>): Promise<T> {
  return scope.store.write(async (tx) => {
    const p = await loadProject(tx, scope);
    const actor = await actorFor(tx, p, scope, opening.operation, opening);
    return fn({ tx, p, scope, actor, at: scope.now() });
  });
}

/**
 * The opening every ticket write shares: the project, the actor, the ticket (refused as not found),
 * and the version the caller read (refused as a conflict when the ticket moved on since).
 *
 * @example
 * ticketWrite(scope, 'DOC-4', { operation: 'move' }, (w) => walk(w, { path: [to], kind: 'ticket.moved', line }));
 */
export function ticketWrite<T>(
  scope: Scope,
  ref: TicketRef,
  opening: WriteOpening & { readonly expectedVersion?: number | undefined },
  fn: (w: TicketWrite) => Promise<T>,
): Promise<T> {
  return projectWrite(scope, opening, async (w) => {
    const t = await resolveTicket(w.tx, w.p, ref);
    checkVersion(t, w.p, opening.expectedVersion);
    return fn({ ...w, t });
  });
}

/**
 * The acting entity of a write: refused when the project requires an operator and none is given,
 * created on first use unless `lock_entities` is on.
 */
async function actorFor(
  tx: StoreTx,
  p: Loaded,
  scope: Scope,
  operation: string,
  options: { readonly operatorRequired?: boolean } = {},
): Promise<string | null> {
  if (scope.actor === null) {
    if (p.schema.options.require_operator && options.operatorRequired !== false) {
      throw new DocketError('forbidden', `Operator is required for operation: ${operation}`, {
        operation,
        fix: { kind: 'name_actor' },
      });
    }
    return null;
  }
  return ensureEntity(tx, p, scope, scope.actor, 'operator');
}

export async function ensureEntity(tx: StoreTx, p: Loaded, scope: Scope, slug: string, role: string): Promise<string> {
  const found = await tx.directory.entity(p.rec.id, slug);
  if (found) return found.slug;
  if (p.schema.options.lock_entities) {
    throw new DocketError(
      'forbidden',
      `unknown ${role} '${slug}' and lock_entities is on: add the entity first, or turn lock_entities off`,
      { entity: slug, fix: { kind: 'add_entity', entity: slug } },
    );
  }
  await tx.directory.putEntity(p.rec.id, { slug, name: slug, kind: 'person', createdAt: scope.now() });
  return slug;
}

export async function ensureCategory(tx: StoreReader, p: Loaded, slug: string): Promise<string> {
  const found = await tx.directory.category(p.rec.id, slug);
  if (found) return found.slug;
  const known = (await tx.directory.categories(p.rec.id)).map((c) => c.slug);
  throw new DocketError(
    'validation',
    `unknown category '${slug}'${known.length ? `; categories: ${known.join(', ')}` : ''}`,
    { field: 'category', allowed: known, fix: { kind: 'add_category', category: slug } },
  );
}

export type Change = FieldChange;

/** What one operation records: its event kind, the ticket it is about, its field changes, its audit line. */
export interface Entry {
  readonly kind: EventKind;
  readonly ticket?: TicketRecord | null;
  readonly changes?: readonly Change[];
  readonly line: string;
}

/** Writes an operation's event, its history rows and (when the audit log is on) its audit line. */
export async function record(w: ProjectWrite, entry: Entry): Promise<number> {
  const { tx, p, actor, at } = w;
  const ticket = entry.ticket ?? null;
  const projectId = p.rec.id;
  // One store call, so a server backend sends the three inserts as one statement.
  const eventId = await tx.activity.record({
    projectId,
    ticketId: ticket?.id ?? null,
    kind: entry.kind,
    actor,
    at,
    changes: ticket ? (entry.changes ?? []) : [],
    line: p.schema.options.audit_log ? `${entry.line} (${actor ?? 'system'})` : null,
  });
  return eventId;
}

export const idOf = (p: Loaded, t: { number: number }) => displayId(p.prefix, t.number);

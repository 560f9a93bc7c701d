import { DocketError, notFound } from '../domain/errors.js';
import type { EventKind } from '../domain/events.js';
import type { ProjectSchema } from '../domain/project-schema.js';
import { displayId, iso, parseTicketRef, type Ticket } from '../domain/ticket.js';
import type { ProjectRecord, Store, StoreReader, StoreTx, TicketRecord } from '../store/store.js';

/** Parsed schemas by project id, reloaded whenever another process bumps the schema version. */
export class SchemaCache {
  private readonly byId = new Map<number, CachedSchema>();
  private readonly idByKey = new Map<string, number>();

  async get(tx: StoreReader, rec: ProjectRecord): Promise<ProjectSchema> {
    const hit = this.byId.get(rec.id);
    if (hit && hit.version === rec.schemaVersion) return hit.schema;
    const schema = Object.freeze(JSON.parse(await tx.projectSchema(rec.id)) as ProjectSchema);
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

export async function loadProject(tx: StoreReader, scope: Scope): Promise<Loaded> {
  const rec = await tx.projectByKey(scope.project);
  if (!rec) {
    const keys = (await tx.projects()).map((p) => p.key);
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
  return {
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
}

export type TicketRef = string | number;

/** A record type with its fields writable, for building one field by field. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export async function resolveTicket(tx: StoreReader, p: Loaded, ref: TicketRef): Promise<TicketRecord> {
  const number = parseTicketRef(ref, p.prefix);
  const t = await tx.ticket(p.rec.id, number);
  if (!t)
    throw notFound('ticket', `${displayId(p.prefix, number)} does not exist in project ${p.rec.key}`, {
      id: String(ref),
    });
  return t;
}

export function checkVersion(t: TicketRecord, p: Loaded, expected: number | undefined): void {
  if (expected !== undefined && expected !== t.version) {
    throw new DocketError(
      'conflict',
      `${displayId(p.prefix, t.number)} changed since you read it (version ${t.version}, you had ${expected}); fetch it again and retry`,
      { id: displayId(p.prefix, t.number), version: t.version, expected },
    );
  }
}

/**
 * The acting entity of a write: refused when the project requires an operator and none is given,
 * created on first use unless `lock_entities` is on.
 */
export async function actorFor(
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
  const found = await tx.entity(p.rec.id, slug);
  if (found) return found.slug;
  if (p.schema.options.lock_entities) {
    throw new DocketError(
      'forbidden',
      `unknown ${role} '${slug}' and lock_entities is on: add the entity first, or turn lock_entities off`,
      { entity: slug, fix: { kind: 'add_entity', entity: slug } },
    );
  }
  await tx.upsertEntity(p.rec.id, { slug, name: slug, kind: 'person', createdAt: scope.now() });
  return slug;
}

export async function ensureCategory(tx: StoreReader, p: Loaded, slug: string): Promise<string> {
  const found = await tx.category(p.rec.id, slug);
  if (found) return found.slug;
  const known = (await tx.categories(p.rec.id)).map((c) => c.slug);
  throw new DocketError(
    'validation',
    `unknown category '${slug}'${known.length ? `; categories: ${known.join(', ')}` : ''}`,
    { field: 'category', allowed: known, fix: { kind: 'add_category', category: slug } },
  );
}

export interface Change {
  readonly field: string;
  readonly old: string | null;
  readonly new: string | null;
}

/** Writes an operation's event, its history rows and (when the audit log is on) its audit line. */
export async function record(
  tx: StoreTx,
  p: Loaded,
  ticket: TicketRecord | null,
  kind: EventKind,
  actor: string | null,
  at: number,
  changes: readonly Change[],
  line: string,
): Promise<number> {
  const eventId = await tx.insertEvent(p.rec.id, ticket?.id ?? null, kind, actor, at);
  if (ticket && changes.length) await tx.insertHistory(eventId, ticket.id, changes, actor, at);
  if (p.schema.options.audit_log) await tx.insertAudit(p.rec.id, kind, actor, `${line} (${actor ?? 'system'})`, at);
  return eventId;
}

export const idOf = (p: Loaded, t: { number: number }) => displayId(p.prefix, t.number);

import { createHash } from 'node:crypto';
import { DocketError, invalid } from '../domain/errors.js';
import type { EventKind } from '../domain/events.js';
import {
  type CommentInput,
  CommentInputSchema,
  type CreateFields,
  type CreateInput,
  parseCreateInput,
  parseInput,
  SlugSchema,
  type UpdateInput,
  UpdateInputSchema,
} from '../domain/inputs.js';
import { priorityRank, workflowOf } from '../domain/project-schema.js';
import type { Ticket } from '../domain/ticket.js';
import { assertMove, closePath, isTerminal, reopenPath } from '../domain/workflow.js';
import type { StoreTx, TicketPatch, TicketRecord } from '../store/store.js';
import {
  actorFor,
  type Change,
  checkVersion,
  ensureCategory,
  ensureEntity,
  idOf,
  type Loaded,
  loadProject,
  type Mutable,
  record,
  resolveTicket,
  type Scope,
  type TicketRef,
  toTicket,
} from './context.js';

export interface WriteOptions {
  /** Refuse the write with `conflict` unless the ticket is still at this version. */
  readonly expectedVersion?: number;
}

const sortedLabels = (labels: readonly string[]) => (labels.length < 2 ? [...labels] : [...new Set(labels)].sort());

/** Applies a patch with its history in the current transaction; returns the updated record. */
export async function applyPatch(
  tx: StoreTx,
  p: Loaded,
  t: TicketRecord,
  patch: TicketPatch,
  changes: readonly Change[],
  kind: EventKind,
  actor: string | null,
  at: number,
  line: string,
): Promise<TicketRecord> {
  const version = await tx.updateTicket(t.id, patch, at);
  const next: TicketRecord = { ...t, ...patch, version, updatedAt: at };
  await record(tx, p, next, kind, actor, at, changes, line);
  return next;
}

/** What a retry with the same idempotency key must repeat: the request without its key. */
function requestHash({ idempotencyKey: _key, ...request }: CreateFields): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('base64url');
}

export async function createTicket(scope: Scope, raw: CreateInput): Promise<Ticket> {
  const input = parseCreateInput(raw);
  return scope.store.write(async (tx) => {
    const p = await loadProject(tx, scope);
    const actor = await actorFor(tx, p, scope, 'create');
    const idempotencyKey = input.idempotencyKey;
    const hash = idempotencyKey ? requestHash(input) : '';
    if (idempotencyKey) {
      const prior = await tx.idempotent(p.rec.id, idempotencyKey);
      if (prior) {
        if (prior.requestHash !== hash) {
          throw new DocketError('conflict', 'this idempotency key was used for a different request; use a new key', {
            idempotencyKey,
          });
        }
        const [first] = await tx.ticketsByIds([prior.ticketId]);
        if (first) return toTicket(p, first);
      }
    }
    const type = input.type ?? p.schema.options.default_type;
    const wf = workflowOf(p.schema, type);
    const priority = input.priority ?? p.schema.options.default_priority;
    const rank = priorityRank(p.schema, priority);
    const assignee = input.assignee ? await ensureEntity(tx, p, scope, input.assignee, 'assignee') : null;
    const category = input.category ? await ensureCategory(tx, p, input.category) : null;
    const at = scope.now();
    const number = await tx.nextNumber(p.rec.id);
    // Built whole, its id set once inserted: spreading the inserted fields into a new record cost a
    // create about 10 µs between its statements, where code runs with cold caches (docs/benchmarks.md).
    const ticket: Mutable<TicketRecord> = {
      id: 0,
      version: 1,
      projectId: p.rec.id,
      number,
      type,
      title: input.title,
      description: input.description ?? '',
      status: wf.initial,
      priority,
      priorityRank: rank,
      assignee,
      category,
      labels: sortedLabels(input.labels ?? []),
      createdBy: actor,
      createdAt: at,
      updatedAt: at,
      closedAt: null,
      leaseUntil: null,
    };
    ticket.id = await tx.insertTicket(ticket);
    const changes: Change[] = [{ field: 'created', old: null, new: input.title }];
    if (assignee) changes.push({ field: 'assignee', old: null, new: assignee });
    await record(
      tx,
      p,
      ticket,
      'ticket.created',
      actor,
      at,
      changes,
      `Created ticket ${idOf(p, ticket)}: ${input.title}`,
    );
    if (idempotencyKey) await tx.putIdempotent(p.rec.id, idempotencyKey, hash, ticket.id, at);
    return toTicket(p, ticket);
  });
}

/** Builds the patch and history rows for an update; shared by update, assign, labels and categories. */
async function planUpdate(
  tx: StoreTx,
  p: Loaded,
  scope: Scope,
  t: TicketRecord,
  input: ReturnType<typeof UpdateInputSchema.parse>,
  at: number,
): Promise<{ patch: TicketPatch; changes: Change[] }> {
  const patch: Mutable<TicketPatch> = {};
  const changes: Change[] = [];
  const note = (field: string, old: string | null, next: string | null) => changes.push({ field, old, new: next });

  if (input.title !== undefined && input.title !== t.title) {
    patch.title = input.title;
    note('title', t.title, input.title);
  }
  if (input.description !== undefined) {
    const description = input.description ?? '';
    if (description !== t.description) {
      patch.description = description;
      note('description', t.description || null, description || null);
    }
  }
  if (input.priority !== undefined && input.priority !== t.priority) {
    patch.priorityRank = priorityRank(p.schema, input.priority);
    patch.priority = input.priority;
    note('priority', t.priority, input.priority);
  }
  if (input.assignee !== undefined) {
    const assignee = input.assignee === null ? null : await ensureEntity(tx, p, scope, input.assignee, 'assignee');
    if (assignee !== t.assignee) {
      patch.assignee = assignee;
      patch.leaseUntil = null;
      note('assignee', t.assignee, assignee);
    }
  }
  if (input.category !== undefined) {
    const category = input.category === null ? null : await ensureCategory(tx, p, input.category);
    if (category !== t.category) {
      patch.category = category;
      note('category', t.category, category);
    }
  }
  if (input.labels !== undefined) {
    const labels = sortedLabels(input.labels);
    if (labels.join(',') !== t.labels.join(',')) {
      patch.labels = labels;
      note('labels', t.labels.join(', ') || null, labels.join(', ') || null);
    }
  }
  if (input.type !== undefined && input.type !== t.type) {
    const wf = workflowOf(p.schema, input.type);
    patch.type = input.type;
    note('type', t.type, input.type);
    // A status the new workflow lacks would strand the ticket: map it to the new type's initial state.
    const status = wf.states.includes(t.status) ? t.status : wf.initial;
    if (status !== t.status) {
      patch.status = status;
      note('status', t.status, status);
    }
    const closed = isTerminal(wf, status);
    if (closed !== (t.closedAt !== null)) patch.closedAt = closed ? at : null;
  }
  return { patch, changes };
}

export async function updateTicket(
  scope: Scope,
  ref: TicketRef,
  raw: UpdateInput,
  options: WriteOptions = {},
): Promise<Ticket> {
  const input = parseInput(UpdateInputSchema, raw);
  return scope.store.write(async (tx) => {
    const p = await loadProject(tx, scope);
    const actor = await actorFor(tx, p, scope, 'update');
    const t = await resolveTicket(tx, p, ref);
    checkVersion(t, p, options.expectedVersion);
    const at = scope.now();
    const { patch, changes } = await planUpdate(tx, p, scope, t, input, at);
    if (!changes.length) return toTicket(p, t);
    const what = changes.map((c) => c.field).join(', ');
    return toTicket(
      p,
      await applyPatch(tx, p, t, patch, changes, 'ticket.updated', actor, at, `Updated ticket ${idOf(p, t)}: ${what}`),
    );
  });
}

/** Label edits as one read-modify-write inside the transaction, so concurrent edits never lose a label. */
export async function editLabels(
  scope: Scope,
  ref: TicketRef,
  add: readonly string[],
  remove: readonly string[],
  options: WriteOptions = {},
): Promise<Ticket> {
  const adding = add.map((l) => parseInput(SlugSchema, l, 'labels'));
  const removing = new Set(remove.map((l) => parseInput(SlugSchema, l, 'labels')));
  return scope.store.write(async (tx) => {
    const p = await loadProject(tx, scope);
    const actor = await actorFor(tx, p, scope, 'label');
    const t = await resolveTicket(tx, p, ref);
    checkVersion(t, p, options.expectedVersion);
    const labels = [...t.labels.filter((l) => !removing.has(l)), ...adding];
    if (labels.length > 50) throw invalid('a ticket takes at most 50 labels', { field: 'labels' });
    const at = scope.now();
    const { patch, changes } = await planUpdate(tx, p, scope, t, { labels }, at);
    if (!changes.length) return toTicket(p, t);
    return toTicket(
      p,
      await applyPatch(tx, p, t, patch, changes, 'ticket.updated', actor, at, `Relabelled ticket ${idOf(p, t)}`),
    );
  });
}

/** Moves through `path` one legal step at a time, in one transaction, one history row per step. */
export async function walk(
  tx: StoreTx,
  p: Loaded,
  t: TicketRecord,
  path: readonly string[],
  extra: TicketPatch,
  extraChanges: readonly Change[],
  kind: EventKind,
  actor: string | null,
  at: number,
  line: string,
): Promise<TicketRecord> {
  const wf = workflowOf(p.schema, t.type);
  const changes: Change[] = [...extraChanges];
  let status = t.status;
  for (const to of path) {
    assertMove(wf, status, to);
    changes.push({ field: 'status', old: status, new: to });
    status = to;
  }
  if (!changes.length) return t;
  const closed = isTerminal(wf, status);
  const patch: TicketPatch = {
    ...extra,
    ...(status !== t.status ? { status } : {}),
    ...(closed !== (t.closedAt !== null) ? { closedAt: closed ? at : null } : {}),
    ...(closed && t.leaseUntil !== null ? { leaseUntil: null } : {}),
  };
  return applyPatch(tx, p, t, patch, changes, kind, actor, at, line);
}

export async function moveTicket(
  scope: Scope,
  ref: TicketRef,
  status: string,
  options: WriteOptions = {},
): Promise<Ticket> {
  const to = parseInput(SlugSchema, status, 'status');
  return scope.store.write(async (tx) => {
    const p = await loadProject(tx, scope);
    const actor = await actorFor(tx, p, scope, 'move');
    const t = await resolveTicket(tx, p, ref);
    checkVersion(t, p, options.expectedVersion);
    assertMove(workflowOf(p.schema, t.type), t.status, to);
    const line = `Transitioned ticket ${idOf(p, t)}: ${t.status} -> ${to}`;
    return toTicket(p, await walk(tx, p, t, [to], {}, [], 'ticket.moved', actor, scope.now(), line));
  });
}

export interface CloseOptions extends WriteOptions {
  /** The terminal state to end in (for example `wont_fix`); default: the nearest, preferring done-like ones. */
  readonly resolution?: string;
}

export async function closeTicket(scope: Scope, ref: TicketRef, options: CloseOptions = {}): Promise<Ticket> {
  const resolution =
    options.resolution === undefined ? undefined : parseInput(SlugSchema, options.resolution, 'resolution');
  return scope.store.write(async (tx) => {
    const p = await loadProject(tx, scope);
    const actor = await actorFor(tx, p, scope, 'close');
    const t = await resolveTicket(tx, p, ref);
    checkVersion(t, p, options.expectedVersion);
    const path = closePath(workflowOf(p.schema, t.type), t.status, resolution);
    const end = path[path.length - 1];
    const line = `Closed ticket ${idOf(p, t)}: ${t.status} -> ${end}`;
    return toTicket(p, await walk(tx, p, t, path, {}, [], 'ticket.moved', actor, scope.now(), line));
  });
}

export async function reopenTicket(scope: Scope, ref: TicketRef, options: WriteOptions = {}): Promise<Ticket> {
  return scope.store.write(async (tx) => {
    const p = await loadProject(tx, scope);
    const actor = await actorFor(tx, p, scope, 'reopen');
    const t = await resolveTicket(tx, p, ref);
    checkVersion(t, p, options.expectedVersion);
    const path = reopenPath(workflowOf(p.schema, t.type), t.status);
    const line = `Reopened ticket ${idOf(p, t)}: ${t.status} -> ${path[path.length - 1]}`;
    return toTicket(p, await walk(tx, p, t, path, {}, [], 'ticket.moved', actor, scope.now(), line));
  });
}

export interface CommentResult {
  readonly ticket: Ticket;
  readonly commentId: number;
}

export async function commentOn(
  scope: Scope,
  ref: TicketRef,
  raw: CommentInput,
  options: WriteOptions = {},
): Promise<CommentResult> {
  const input = parseInput(CommentInputSchema, raw);
  return scope.store.write(async (tx) => {
    const p = await loadProject(tx, scope);
    const actor = await actorFor(tx, p, scope, 'comment');
    let t = await resolveTicket(tx, p, ref);
    checkVersion(t, p, options.expectedVersion);
    const at = scope.now();
    if (input.status !== undefined) assertMove(workflowOf(p.schema, t.type), t.status, input.status);
    const commentId = await tx.insertComment(t.id, actor, input.body, input.status ?? null, at);
    const change: Change = {
      field: 'comment',
      old: null,
      new: input.body.length > 200 ? `${input.body.slice(0, 199)}…` : input.body,
    };
    const line = `Added comment to ticket ${idOf(p, t)}`;
    if (input.status !== undefined) {
      t = await walk(tx, p, t, [input.status], {}, [change], 'ticket.commented', actor, at, line);
    } else {
      await record(tx, p, t, 'ticket.commented', actor, at, [change], line);
    }
    return { ticket: toTicket(p, t), commentId };
  });
}

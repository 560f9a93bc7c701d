import { createHash } from 'node:crypto';
import { DocketError, invalid } from '../domain/errors.js';
import type { EventKind } from '../domain/events.js';
import {
  type CommentInput,
  CommentInputSchema,
  type CreateFields,
  type CreateInput,
  MAX_LABELS,
  parseCreateInput,
  parseInput,
  SlugSchema,
  type UpdateInput,
  UpdateInputSchema,
} from '../domain/inputs.js';
import { priorityRank, workflowOf } from '../domain/project-schema.js';
import type { Ticket } from '../domain/ticket.js';
import { assertMove, closePath, isTerminal, reopenPath } from '../domain/workflow.js';
import type { TicketPatch, TicketRecord } from '../store/store.js';
import { planCreate, planUpdate as planPlanning } from './planning.js';
import {
  type Change,
  ensureCategory,
  ensureEntity,
  idOf,
  type Mutable,
  type ProjectWrite,
  projectWrite,
  record,
  type Scope,
  type TicketRef,
  type TicketWrite,
  ticketWrite,
  toTicket,
} from './context.js';
import { addPullReferences } from './reference-rows.js';

export interface WriteOptions {
  /** Refuse the write with `conflict` unless the ticket is still at this version. */
  readonly expectedVersion?: number;
}

const sortedLabels = (labels: readonly string[]) => (labels.length < 2 ? [...labels] : [...new Set(labels)].sort());

/** One change to a ticket: the new values, what history says of them, and how the event names it. */
export interface Edit {
  readonly patch: TicketPatch;
  readonly changes: readonly Change[];
  readonly kind: EventKind;
  readonly line: string;
}

/** Applies an edit to `w.t` with its event and history in the current transaction; returns the new record. */
export async function applyPatch(w: TicketWrite, edit: Edit): Promise<TicketRecord> {
  const version = await w.tx.tickets.update(w.t.id, edit.patch, w.at);
  const next: TicketRecord = { ...w.t, ...edit.patch, version, updatedAt: w.at };
  await record(w, { kind: edit.kind, ticket: next, changes: edit.changes, line: edit.line });
  return next;
}

/** What a retry with the same idempotency key must repeat: the request without its key. */
function requestHash({ idempotencyKey: _key, ...request }: CreateFields): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('base64url');
}

export async function createTicket(scope: Scope, raw: CreateInput): Promise<Ticket> {
  const input = parseCreateInput(raw);
  return projectWrite(scope, { operation: 'create' }, async (w) => {
    const { tx, p } = w;
    const idempotencyKey = input.idempotencyKey;
    const hash = idempotencyKey ? requestHash(input) : '';
    if (idempotencyKey) {
      const prior = await tx.replies.created(p.rec.id, idempotencyKey);
      if (prior) {
        if (prior.requestHash !== hash) {
          throw new DocketError('conflict', 'this idempotency key was used for a different request; use a new key', {
            idempotencyKey,
          });
        }
        const [first] = await tx.tickets.byIds([prior.ticketId]);
        if (first) return toTicket(p, first);
      }
    }
    const type = input.type ?? p.schema.options.default_type;
    const wf = workflowOf(p.schema, type);
    const priority = input.priority ?? p.schema.options.default_priority;
    const rank = priorityRank(p.schema, priority);
    const assignee = input.assignee ? await ensureEntity(tx, p, scope, input.assignee, 'assignee') : null;
    const category = input.category ? await ensureCategory(tx, p, input.category) : null;
    const at = w.at;
    const planned = await planCreate(tx, p, input, type);
    const number = await tx.projects.nextNumber(p.rec.id);
    // Built whole, its id set once inserted: spreading the inserted fields into a new record costs
    // a create measurably between its statements (docs/benchmarks.md).
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
      createdBy: w.actor,
      createdAt: at,
      updatedAt: at,
      closedAt: null,
      leaseUntil: null,
      ...planned.values,
    };
    ticket.id = await tx.tickets.insert(ticket);
    const changes: Change[] = [{ field: 'created', old: null, new: input.title }];
    if (assignee) changes.push({ field: 'assignee', old: null, new: assignee });
    changes.push(...planned.changes);
    const line = `Created ticket ${idOf(p, ticket)}: ${input.title}`;
    await record(w, { kind: 'ticket.created', ticket, changes, line });
    if (idempotencyKey) {
      await tx.replies.putCreated({
        projectId: p.rec.id,
        key: idempotencyKey,
        requestHash: hash,
        ticketId: ticket.id,
        at,
      });
    }
    return toTicket(p, ticket);
  });
}

type ParsedUpdate = ReturnType<typeof UpdateInputSchema.parse>;

/** The labels an update leaves: the whole set it names, or the current set edited. */
function nextLabels(t: TicketRecord, input: ParsedUpdate): readonly string[] | undefined {
  const { labels, addLabels = [], removeLabels = [] } = input;
  const editing = addLabels.length + removeLabels.length > 0;
  if (labels !== undefined && editing) {
    throw invalid('labels: name the whole set, or add and remove some, not both at once', { field: 'labels' });
  }
  if (!editing) return labels;
  const removing = new Set(removeLabels);
  const next = [...t.labels.filter((l) => !removing.has(l)), ...addLabels];
  if (new Set(next).size > MAX_LABELS)
    throw invalid(`a ticket takes at most ${MAX_LABELS} labels`, { field: 'labels' });
  return next;
}

/** Builds the patch and history rows of an update (fields, assignee, category, labels, type) as one edit. */
async function planUpdate(w: TicketWrite, input: ParsedUpdate): Promise<{ patch: TicketPatch; changes: Change[] }> {
  const { tx, p, scope, t, at } = w;
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
  const labelled = nextLabels(t, input);
  if (labelled !== undefined) {
    const labels = sortedLabels(labelled);
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
  await planPlanning(tx, p, t, input, input.type ?? t.type, patch, changes);
  return { patch, changes };
}

/**
 * Changes fields of a ticket, labels included (the whole set, or some added and removed), as one
 * change: one transaction, one event, guarded by `expectedVersion` as a whole.
 */
export async function updateTicket(
  scope: Scope,
  ref: TicketRef,
  raw: UpdateInput,
  options: WriteOptions = {},
): Promise<Ticket> {
  const input = parseInput(UpdateInputSchema, raw);
  const onlyLabels = Object.keys(input).every((k) => k === 'addLabels' || k === 'removeLabels');
  const opening = { operation: onlyLabels ? 'label' : 'update', expectedVersion: options.expectedVersion };
  return ticketWrite(scope, ref, opening, async (w) => {
    const { patch, changes } = await planUpdate(w, input);
    if (!changes.length) return toTicket(w.p, w.t);
    const id = idOf(w.p, w.t);
    const line = onlyLabels
      ? `Relabelled ticket ${id}`
      : `Updated ticket ${id}: ${changes.map((c) => c.field).join(', ')}`;
    return toTicket(w.p, await applyPatch(w, { patch, changes, kind: 'ticket.updated', line }));
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
  const labels = (values: readonly string[]) => values.map((l) => parseInput(SlugSchema, l, 'labels'));
  return updateTicket(scope, ref, { addLabels: labels(add), removeLabels: labels(remove) }, options);
}

/** A walk through a ticket's workflow, and what else the same change sets. */
export interface Walk {
  readonly path: readonly string[];
  readonly kind: EventKind;
  readonly line: string;
  readonly also?: { readonly patch: TicketPatch; readonly changes: readonly Change[] };
}

/** Moves `w.t` through `path` one legal step at a time, in one transaction, one history row per step. */
export async function walk(w: TicketWrite, plan: Walk): Promise<TicketRecord> {
  const { p, t, at } = w;
  const wf = workflowOf(p.schema, t.type);
  const changes: Change[] = [...(plan.also?.changes ?? [])];
  let status = t.status;
  for (const to of plan.path) {
    assertMove(wf, status, to);
    changes.push({ field: 'status', old: status, new: to });
    status = to;
  }
  if (!changes.length) return t;
  const closed = isTerminal(wf, status);
  const patch: TicketPatch = {
    ...plan.also?.patch,
    ...(status !== t.status ? { status } : {}),
    ...(closed !== (t.closedAt !== null) ? { closedAt: closed ? at : null } : {}),
    ...(closed && t.leaseUntil !== null ? { leaseUntil: null } : {}),
  };
  return applyPatch(w, { patch, changes, kind: plan.kind, line: plan.line });
}

export async function moveTicket(
  scope: Scope,
  ref: TicketRef,
  status: string,
  options: WriteOptions = {},
): Promise<Ticket> {
  const to = parseInput(SlugSchema, status, 'status');
  return ticketWrite(scope, ref, { operation: 'move', ...options }, async (w) => {
    assertMove(workflowOf(w.p.schema, w.t.type), w.t.status, to);
    const line = `Transitioned ticket ${idOf(w.p, w.t)}: ${w.t.status} -> ${to}`;
    return toTicket(w.p, await walk(w, { path: [to], kind: 'ticket.moved', line }));
  });
}

export interface CloseOptions extends WriteOptions {
  /** The terminal state to end in (for example `wont_fix`); default: the nearest, preferring done-like ones. */
  readonly resolution?: string;
}

export async function closeTicket(scope: Scope, ref: TicketRef, options: CloseOptions = {}): Promise<Ticket> {
  const resolution =
    options.resolution === undefined ? undefined : parseInput(SlugSchema, options.resolution, 'resolution');
  return ticketWrite(scope, ref, { operation: 'close', ...options }, async (w) => {
    const path = closePath(workflowOf(w.p.schema, w.t.type), w.t.status, resolution);
    const line = `Closed ticket ${idOf(w.p, w.t)}: ${w.t.status} -> ${path[path.length - 1]}`;
    return toTicket(w.p, await walk(w, { path, kind: 'ticket.moved', line }));
  });
}

export async function reopenTicket(scope: Scope, ref: TicketRef, options: WriteOptions = {}): Promise<Ticket> {
  return ticketWrite(scope, ref, { operation: 'reopen', ...options }, async (w) => {
    const path = reopenPath(workflowOf(w.p.schema, w.t.type), w.t.status);
    const line = `Reopened ticket ${idOf(w.p, w.t)}: ${w.t.status} -> ${path[path.length - 1]}`;
    return toTicket(w.p, await walk(w, { path, kind: 'ticket.moved', line }));
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
  return ticketWrite(scope, ref, { operation: 'comment', ...options }, async (w) => {
    const { p, at } = w;
    let t = w.t;
    if (input.status !== undefined) assertMove(workflowOf(p.schema, t.type), t.status, input.status);
    const status = input.status ?? null;
    const commentId = await w.tx.activity.addComment({ ticketId: t.id, author: w.actor, body: input.body, status, at });
    const change: Change = {
      field: 'comment',
      old: null,
      new: input.body.length > 200 ? `${input.body.slice(0, 199)}…` : input.body,
    };
    const line = `Added comment to ticket ${idOf(p, t)}`;
    const changes = [change, ...(await addPullReferences(w, t, input.body))];
    if (input.status !== undefined) {
      t = await walk(w, { path: [input.status], kind: 'ticket.commented', line, also: { patch: {}, changes } });
    } else {
      await record(w, { kind: 'ticket.commented', ticket: t, changes, line });
    }
    return { ticket: toTicket(p, t), commentId };
  });
}

export type { ProjectWrite, TicketWrite };

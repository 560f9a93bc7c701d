import { type DocketError, type ErrorCode, invalid, isDocketError } from '../domain/errors.js';
import { parseInput, SlugSchema, TicketRefSchema } from '../domain/inputs.js';
import { type ProjectSchema, workflowOf } from '../domain/project-schema.js';
import type { Ticket } from '../domain/ticket.js';
import { assertMove, closePath, reopenPath } from '../domain/workflow.js';
import { idOf, type Scope, type TicketRef, ticketRead } from './context.js';
import { closeTicket, moveTicket, reopenTicket } from './tickets.js';

/** Tickets a batch handles between two progress reports (and stompy's limit per call over its API). */
export const MAX_BATCH = 50;

/** Most tickets one batch call takes from the library (the CLI's `close 1 2 3 …`). */
export const MAX_BULK = 10_000;

/** What happened to one ticket of a batch; a failure of one never stops the others. */
export interface BatchItem {
  /** The display id, or the reference as given when it did not resolve. */
  readonly id: string;
  readonly ok: boolean;
  readonly from?: string;
  /** Where the ticket ends (or would end, in a dry run). */
  readonly to?: string;
  readonly ticket?: Ticket;
  readonly error?: { readonly code: ErrorCode; readonly message: string };
}

export interface BatchOptions {
  /** Check every item and report what would happen, changing nothing. */
  readonly dryRun?: boolean;
  /** Tickets per group: progress is reported and `signal` checked between groups (default MAX_BATCH). */
  readonly every?: number;
  /** Called after every group of tickets (and at the end) with how many are done of how many. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Stops the batch between two groups of tickets: each ticket is its own change, so the
   * tickets handled stay handled and the rest are left as they were; the items so far are returned.
   */
  readonly signal?: AbortSignal;
}

function refsOf(refs: readonly TicketRef[]): TicketRef[] {
  if (!Array.isArray(refs) || refs.length < 1 || refs.length > MAX_BULK) {
    throw invalid(`ids: give 1 to ${MAX_BULK} ticket ids per batch`, { field: 'ids', max: MAX_BULK });
  }
  const seen = new Set<string>();
  const out: TicketRef[] = [];
  for (const ref of refs) {
    const r = parseInput(TicketRefSchema, ref, 'ids');
    const k = String(r).toLowerCase();
    if (!seen.has(k)) out.push(r);
    seen.add(k);
  }
  return out;
}

const failed = (id: string, e: DocketError): BatchItem => ({
  id,
  ok: false,
  error: { code: e.code, message: e.message },
});

/** The display id of `ref`, so every item (failed ones too) names its ticket the same way. */
const displayOf = (scope: Scope, ref: TicketRef) => ticketRead(scope, ref, async (_tx, p, t) => idOf(p, t));

/** Runs `one` for each ticket in its own transaction, collecting per-item results. */
async function each(
  refs: readonly TicketRef[],
  scope: Scope,
  options: BatchOptions,
  one: (ref: string) => Promise<BatchItem>,
): Promise<BatchItem[]> {
  const out: BatchItem[] = [];
  // `1`, `#1` and `DOC-1` are one ticket: it gets one item, however it was spelled
  const done = new Set<string>();
  const all = refsOf(refs);
  const every = options.every ?? MAX_BATCH;
  if (!Number.isInteger(every) || every < 1) throw invalid('every: a whole number of tickets, 1 or more');
  for (const [i, ref] of all.entries()) {
    if (i % every === 0 && i > 0) {
      options.onProgress?.(i, all.length);
      // A turn of the event loop, so that a cancellation that arrived meanwhile (an MCP client's
      // notifications/cancelled) is seen: SQLite's calls finish without giving one up.
      if (options.signal) await new Promise((resolve) => setImmediate(resolve));
      if (options.signal?.aborted) return out;
    }
    let id = String(ref);
    try {
      id = await displayOf(scope, ref);
      if (done.has(id)) continue;
      done.add(id);
      out.push(await one(id));
    } catch (e) {
      if (!isDocketError(e) || e.code === 'storage') throw e;
      out.push(failed(id, e));
    }
  }
  options.onProgress?.(all.length, all.length);
  return out;
}

/** Where `plan` says a ticket would go, checked against its workflow without writing. */
function preview(
  scope: Scope,
  ref: TicketRef,
  plan: (schema: ProjectSchema, type: string, from: string) => string,
): Promise<BatchItem> {
  return ticketRead(scope, ref, async (_tx, p, t) => ({
    id: idOf(p, t),
    ok: true,
    from: t.status,
    to: plan(p.schema, t.type, t.status),
  }));
}

/** The status before a write, for the item's `from` (read just before; the write itself re-checks). */
const statusOf = (scope: Scope, ref: TicketRef) => ticketRead(scope, ref, async (_tx, _p, t) => t.status);

/** Moves each ticket to `status`; one illegal move fails only its own item. */
export async function batchMove(
  scope: Scope,
  refs: readonly TicketRef[],
  status: string,
  options: BatchOptions = {},
): Promise<BatchItem[]> {
  const to = parseInput(SlugSchema, status, 'status');
  return each(refs, scope, options, async (ref) => {
    if (options.dryRun) {
      return preview(scope, ref, (schema, type, from) => {
        assertMove(workflowOf(schema, type), from, to);
        return to;
      });
    }
    const before = await statusOf(scope, ref);
    const ticket = await moveTicket(scope, ref, to);
    return { id: ticket.id, ok: true, from: before, to: ticket.status, ticket };
  });
}

/** Closes each ticket (the shortest walk to a terminal state, or to `resolution`). */
export async function batchClose(
  scope: Scope,
  refs: readonly TicketRef[],
  options: BatchOptions & { readonly resolution?: string } = {},
): Promise<BatchItem[]> {
  const resolution =
    options.resolution === undefined ? undefined : parseInput(SlugSchema, options.resolution, 'resolution');
  return each(refs, scope, options, async (ref) => {
    if (options.dryRun) {
      return preview(scope, ref, (schema, type, from) => {
        const path = closePath(workflowOf(schema, type), from, resolution);
        return path[path.length - 1] ?? from;
      });
    }
    const before = await statusOf(scope, ref);
    const ticket = await closeTicket(scope, ref, resolution === undefined ? {} : { resolution });
    return { id: ticket.id, ok: true, from: before, to: ticket.status, ticket };
  });
}

/** Reopens each ticket (back to the nearest open state, preferring the initial one). */
export async function batchReopen(
  scope: Scope,
  refs: readonly TicketRef[],
  options: BatchOptions = {},
): Promise<BatchItem[]> {
  return each(refs, scope, options, async (ref) => {
    if (options.dryRun) {
      return preview(scope, ref, (schema, type, from) => {
        const path = reopenPath(workflowOf(schema, type), from);
        return path[path.length - 1] ?? from;
      });
    }
    const before = await statusOf(scope, ref);
    const ticket = await reopenTicket(scope, ref);
    return { id: ticket.id, ok: true, from: before, to: ticket.status, ticket };
  });
}

import { DocketError, invalid } from '../domain/errors.js';
import { ClaimInputSchema, parseInput, type ReadyQuery, ReadyQuerySchema } from '../domain/inputs.js';
import { workflowOf } from '../domain/project-schema.js';
import { iso, type Ticket } from '../domain/ticket.js';
import { workPath } from '../domain/workflow.js';
import type { TicketRecord } from '../store/store.js';
import {
  type Change,
  idOf,
  type ProjectWrite,
  projectRead,
  projectWrite,
  type Scope,
  type TicketRef,
  ticketWrite,
  toTicket,
} from './context.js';
import { confirmNames, filterSpec } from './filters.js';
import { applyPatch, type WriteOptions, walk } from './tickets.js';

export interface ClaimOptions extends WriteOptions {
  /** Minutes until the claim lapses and the ticket is ready for others again; no expiry when absent. */
  readonly leaseMinutes?: number;
}

/** Ready work: open, not blocked by an open ticket, unclaimed; most urgent first, then oldest. */
export async function readyTickets(scope: Scope, raw: ReadyQuery = {}): Promise<Ticket[]> {
  const q = parseInput(ReadyQuerySchema, raw);
  return projectRead(scope, async (tx, p) => {
    const { assignee, limit, ...filter } = q;
    const spec = filterSpec(p, scope.now(), filter);
    const rows = await tx.tickets.ready(p.rec.id, {
      ...spec,
      limit: limit ?? 20,
      now: scope.now(),
      ...(assignee !== undefined ? { readyFor: assignee } : {}),
    });
    if (!rows.length) await confirmNames(tx, p, spec);
    return rows.map((r) => toTicket(p, r));
  });
}

async function claimIn(
  w: ProjectWrite,
  t: TicketRecord,
  actor: string,
  lease: number | undefined,
): Promise<TicketRecord> {
  const { p, at } = w;
  if (t.closedAt !== null) {
    throw new DocketError('invalid_transition', `${idOf(p, t)} is ${t.status} (closed); reopen it before claiming`, {
      id: idOf(p, t),
    });
  }
  const lapsed = t.leaseUntil !== null && t.leaseUntil < at;
  if (t.assignee !== null && t.assignee !== actor && !lapsed) {
    throw new DocketError('conflict', `${idOf(p, t)} is already claimed by ${t.assignee}`, {
      id: idOf(p, t),
      assignee: t.assignee,
      fix: { kind: 'pick_ready' },
    });
  }
  const blockers = await w.tx.links.openBlockers(t.id);
  if (blockers > 0) {
    throw new DocketError('conflict', `${idOf(p, t)} is blocked by ${blockers} open ticket(s); finish those first`, {
      id: idOf(p, t),
    });
  }
  const leaseUntil = lease === undefined ? null : at + lease * 60_000;
  const changes: Change[] = [];
  if (t.assignee !== actor) changes.push({ field: 'assignee', old: t.assignee, new: actor });
  if (leaseUntil !== t.leaseUntil) {
    changes.push({ field: 'lease', old: iso(t.leaseUntil), new: iso(leaseUntil) });
  }
  const path = workPath(workflowOf(p.schema, t.type), t.status);
  const line = `Claimed ticket ${idOf(p, t)}`;
  return walk(
    { ...w, t },
    { path, kind: 'ticket.claimed', line, also: { patch: { assignee: actor, leaseUntil }, changes } },
  );
}

function claimant(scope: Scope): string {
  if (scope.actor === null)
    throw invalid('claim needs an actor: say who is claiming (--as NAME or DOCKET_ACTOR)', { field: 'actor' });
  return scope.actor;
}

/** Assigns the ticket to the actor and moves it into work, atomically: two agents never both win. */
export async function claimTicket(scope: Scope, ref: TicketRef, options: ClaimOptions = {}): Promise<Ticket> {
  const { leaseMinutes } = parseInput(ClaimInputSchema, { leaseMinutes: options.leaseMinutes });
  claimant(scope);
  return ticketWrite(scope, ref, { operation: 'claim', ...options }, async (w) =>
    toTicket(w.p, await claimIn(w, w.t, w.actor!, leaseMinutes)),
  );
}

/** Claims the best ready ticket matching the filter; null when nothing is ready. */
export async function claimNext(
  scope: Scope,
  raw: ReadyQuery = {},
  options: ClaimOptions = {},
): Promise<Ticket | null> {
  const q = parseInput(ReadyQuerySchema, raw);
  const { leaseMinutes } = parseInput(ClaimInputSchema, { leaseMinutes: options.leaseMinutes });
  claimant(scope);
  const { assignee: _ignored, limit: _limit, ...filter } = q;
  return projectWrite(scope, { operation: 'claim' }, async (w) => {
    const spec = filterSpec(w.p, w.at, filter);
    const [best] = await w.tx.tickets.ready(w.p.rec.id, { ...spec, limit: 1, now: w.at, claim: true });
    if (!best) {
      await confirmNames(w.tx, w.p, spec);
      return null;
    }
    return toTicket(w.p, await claimIn(w, best, w.actor!, leaseMinutes));
  });
}

/** Gives a claimed ticket back: clears the assignee and lease, leaves the status as it is. */
export async function releaseTicket(scope: Scope, ref: TicketRef, options: WriteOptions = {}): Promise<Ticket> {
  return ticketWrite(scope, ref, { operation: 'release', ...options }, async (w) => {
    const { p, t, actor } = w;
    if (t.assignee === null) return toTicket(p, t);
    if (actor !== null && t.assignee !== actor && !(t.leaseUntil !== null && t.leaseUntil < w.at)) {
      throw new DocketError(
        'forbidden',
        `${idOf(p, t)} is claimed by ${t.assignee}, not ${actor}; only they can release it (or unassign it)`,
        {
          id: idOf(p, t),
        },
      );
    }
    const changes: Change[] = [{ field: 'assignee', old: t.assignee, new: null }];
    const line = `Released ticket ${idOf(p, t)}`;
    const patch = { assignee: null, leaseUntil: null };
    return toTicket(p, await applyPatch(w, { patch, changes, kind: 'ticket.released', line }));
  });
}

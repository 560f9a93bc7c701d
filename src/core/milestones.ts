import { z } from 'zod';
import { DocketError, invalid } from '../domain/errors.js';
import { parseInput, SlugSchema } from '../domain/inputs.js';
import { formatDue, parseDue, startOfDay } from '../domain/planning.js';
import type { MilestonePatch, MilestoneProgress, MilestoneRecord, StoreReader } from '../store/store.js';
import { iso } from '../domain/ticket.js';
import {
  type Loaded,
  type Mutable,
  type ProjectWrite,
  projectRead,
  projectWrite,
  record,
  type Scope,
} from './context.js';
import { milestoneOf } from './planning.js';

/** A milestone as the library returns it, with its progress. */
export interface Milestone {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  /** `YYYY-MM-DD` or an ISO-8601 UTC instant; null for none. */
  readonly due: string | null;
  readonly state: 'open' | 'closed';
  readonly closedAt: string | null;
  readonly createdAt: string;
  readonly tickets: { readonly total: number; readonly closed: number };
  /** Estimates summed, in the project's unit (`points` or `hours`). */
  readonly estimate: { readonly total: number; readonly closed: number; readonly unit: string };
  /** Closed share of the tickets, 0 to 1 (0 without tickets). */
  readonly progress: number;
}

/** A burn-down: the estimate still open at the end of each day, from the milestone's start to its due date (or today). */
export interface BurnDown {
  readonly milestone: string;
  readonly unit: string;
  readonly days: readonly { readonly day: string; readonly open: number | null }[];
}

const MilestoneInput = z.strictObject({
  key: SlugSchema,
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(10_000).optional(),
  due: z.string().max(40).nullable().optional(),
});
export type MilestoneInput = z.input<typeof MilestoneInput>;

const MilestoneEdit = z.strictObject({
  /** A new key: its tickets move with it. */
  key: SlugSchema.optional(),
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(10_000).optional(),
  /** null or '' clears it. */
  due: z.string().max(40).nullable().optional(),
});
export type MilestoneEdit = z.input<typeof MilestoneEdit>;

const NONE: MilestoneProgress = { key: '', total: 0, closed: 0, estimate: 0, closedEstimate: 0 };
const round = (n: number) => Math.round(n * 1000) / 1000;

function toMilestone(p: Loaded, m: MilestoneRecord, g: MilestoneProgress = NONE): Milestone {
  return {
    key: m.key,
    name: m.name,
    description: m.description,
    due: m.dueAt === null ? null : formatDue(m.dueAt, m.dueDay),
    state: m.closedAt === null ? 'open' : 'closed',
    closedAt: iso(m.closedAt),
    createdAt: iso(m.createdAt)!,
    tickets: { total: g.total, closed: g.closed },
    estimate: {
      total: round(g.estimate),
      closed: round(g.closedEstimate),
      unit: p.schema.options.estimate_unit ?? 'points',
    },
    progress: g.total ? round(g.closed / g.total) : 0,
  };
}

async function withProgress(tx: StoreReader, p: Loaded, list: readonly MilestoneRecord[]): Promise<Milestone[]> {
  const rows = await tx.milestones.progress(
    p.rec.id,
    list.map((m) => m.key),
  );
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return list.map((m) => toMilestone(p, m, byKey.get(m.key)));
}

const dueOf = (due: string | null | undefined) =>
  due === undefined ? undefined : due === null || due.trim() === '' ? null : parseDue(due);

const slug = (key: string, field = 'milestone') => parseInput(SlugSchema, key, field);

/** The project's milestones with progress: open ones by due date (none last), then closed ones unless `open`. */
export async function listMilestones(scope: Scope, options: { readonly state?: 'open' | 'closed' | 'all' } = {}) {
  const state = options.state ?? 'all';
  return projectRead(scope, async (tx, p) => {
    const all = await tx.milestones.list(p.rec.id);
    const chosen = all.filter((m) => state === 'all' || (state === 'open') === (m.closedAt === null));
    const sorted = [...chosen.filter((m) => m.closedAt === null), ...chosen.filter((m) => m.closedAt !== null)];
    return withProgress(tx, p, sorted);
  });
}

export async function getMilestone(scope: Scope, key: string): Promise<Milestone> {
  const k = slug(key);
  return projectRead(scope, async (tx, p) => (await withProgress(tx, p, [await milestoneOf(tx, p, k)]))[0]!);
}

/** The most days a burn-down draws: a longer milestone shows this many days, ending today or at its due date. */
const BURN_DAYS = 120;
const DAY = 86_400_000;

export async function burnDown(scope: Scope, key: string): Promise<BurnDown> {
  const k = slug(key);
  return projectRead(scope, async (tx, p) => {
    const m = await milestoneOf(tx, p, k);
    const today = startOfDay(scope.now());
    const created = startOfDay(m.createdAt);
    const due = Math.max(m.dueAt === null ? today : startOfDay(m.dueAt), created);
    // The window ends at the due date, starts no later than today, and spans at most BURN_DAYS.
    const first = Math.max(created, Math.min(due, today) - (BURN_DAYS - 1) * DAY);
    const last = Math.min(due, first + (BURN_DAYS - 1) * DAY);
    const days: number[] = [];
    for (let d = first; d <= last; d += DAY) days.push(d);
    // Days still to come have no figure yet: the chart draws them empty up to the due date.
    const past = days.filter((d) => d <= today);
    const open = await tx.milestones.openEstimateAt(
      p.rec.id,
      m.key,
      past.map((d) => Math.min(d + DAY - 1, scope.now())),
    );
    return {
      milestone: m.key,
      unit: p.schema.options.estimate_unit ?? 'points',
      days: days.map((d, i) => ({ day: formatDue(d, true), open: i < open.length ? round(open[i]!) : null })),
    };
  });
}

async function changed(w: ProjectWrite, line: string): Promise<void> {
  await record(w, { kind: 'milestone.changed', line });
}

export async function addMilestone(scope: Scope, raw: MilestoneInput): Promise<Milestone> {
  const input = parseInput(MilestoneInput, raw);
  const due = dueOf(input.due);
  return projectWrite(scope, { operation: 'milestone' }, async (w) => {
    if (await w.tx.milestones.get(w.p.rec.id, input.key)) {
      throw new DocketError('already_exists', `milestone '${input.key}' exists; pick another key or edit it`);
    }
    const rec = {
      projectId: w.p.rec.id,
      key: input.key,
      name: input.name ?? input.key,
      description: input.description ?? '',
      dueAt: due?.at ?? null,
      dueDay: due?.day ?? false,
      closedAt: null,
      createdAt: w.at,
    };
    const id = await w.tx.milestones.insert(rec);
    await changed(w, `Added milestone ${input.key}`);
    return toMilestone(w.p, { id, ...rec });
  });
}

/** Renames, re-describes or re-dates a milestone; a new key moves its tickets with it (each with a history row). */
export async function editMilestone(scope: Scope, key: string, raw: MilestoneEdit): Promise<Milestone> {
  const k = slug(key);
  const input = parseInput(MilestoneEdit, raw);
  const due = dueOf(input.due);
  return projectWrite(scope, { operation: 'milestone' }, async (w) => {
    const m = await milestoneOf(w.tx, w.p, k);
    const patch: Mutable<MilestonePatch> = {};
    if (input.name !== undefined) patch.name = input.name;
    if (input.description !== undefined) patch.description = input.description;
    if (due !== undefined) {
      patch.dueAt = due?.at ?? null;
      patch.dueDay = due?.day ?? false;
    }
    const renamed = input.key !== undefined && input.key !== m.key;
    if (renamed) {
      if (await w.tx.milestones.get(w.p.rec.id, input.key!)) {
        throw new DocketError('already_exists', `milestone '${input.key}' exists; pick another key`);
      }
      patch.key = input.key!;
    }
    const line = renamed ? `Renamed milestone ${m.key} to ${input.key}` : `Edited milestone ${m.key}`;
    await moveTickets(w, line, m.key, renamed ? input.key! : undefined);
    await w.tx.milestones.update(w.p.rec.id, m.key, patch);
    const next = { ...m, ...patch };
    return (await withProgress(w.tx, w.p, [next]))[0]!;
  });
}

/** Records the change; with `to`, moves the tickets of `from` to it (null: out of any milestone). */
async function moveTickets(w: ProjectWrite, line: string, from: string, to?: string | null): Promise<void> {
  const eventId = await record(w, { kind: 'milestone.changed', line });
  if (to === undefined) return;
  const history = { eventId, actor: w.actor, at: w.at };
  await w.tx.tickets.replace({ projectId: w.p.rec.id, column: 'milestone', from, to, history });
}

async function setClosed(scope: Scope, key: string, close: boolean): Promise<Milestone> {
  const k = slug(key);
  return projectWrite(scope, { operation: 'milestone' }, async (w) => {
    const m = await milestoneOf(w.tx, w.p, k);
    if ((m.closedAt !== null) === close) return (await withProgress(w.tx, w.p, [m]))[0]!;
    const closedAt = close ? w.at : null;
    await w.tx.milestones.update(w.p.rec.id, m.key, { closedAt });
    await changed(w, `${close ? 'Closed' : 'Reopened'} milestone ${m.key}`);
    return (await withProgress(w.tx, w.p, [{ ...m, closedAt }]))[0]!;
  });
}

export const closeMilestone = (scope: Scope, key: string) => setClosed(scope, key, true);
export const reopenMilestone = (scope: Scope, key: string) => setClosed(scope, key, false);

export interface RemoveMilestoneOptions {
  /** Move its tickets to this milestone first; without it a milestone with tickets is refused. */
  readonly moveTo?: string;
}

/** Deletes a milestone: only when no ticket is in it, or with `moveTo` naming where its tickets go. */
export async function removeMilestone(
  scope: Scope,
  key: string,
  options: RemoveMilestoneOptions = {},
): Promise<{ moved: number }> {
  const k = slug(key);
  const to = options.moveTo === undefined ? undefined : slug(options.moveTo, 'moveTo');
  return projectWrite(scope, { operation: 'milestone' }, async (w) => {
    const m = await milestoneOf(w.tx, w.p, k);
    if (to !== undefined) {
      if (to === m.key) throw invalid(`moveTo: name another milestone than '${m.key}'`, { field: 'moveTo' });
      await milestoneOf(w.tx, w.p, to);
    }
    const [g] = await w.tx.milestones.progress(w.p.rec.id, [m.key]);
    const used = g?.total ?? 0;
    if (used && to === undefined) {
      throw new DocketError(
        'conflict',
        `${used} ticket(s) are in milestone ${m.key}; name another milestone to move them to (move-to), or take them out first`,
        { count: used },
      );
    }
    await moveTickets(
      w,
      `Deleted milestone ${m.key}${used ? ` (tickets to ${to})` : ''}`,
      m.key,
      used ? to : undefined,
    );
    await w.tx.milestones.remove(w.p.rec.id, m.key);
    return { moved: used };
  });
}

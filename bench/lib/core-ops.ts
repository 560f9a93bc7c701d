import type { Project } from '../../src/core/docket.js';
import type { ListQuery } from '../../src/domain/inputs.js';
import { parseSearchQuery } from '../../src/domain/search-query.js';
import { SEARCH_TERMS } from './corpus.js';
import { type Draft, Drafts, ENTITIES, LABELS, RARE_LABEL } from './draft.js';
import type { Floor } from './floor.js';
import type { Plan } from './stats.js';

/** Docket (through its library API) and the raw floor, on the same file at the same durability. */
export interface Side {
  readonly docket: Project;
  readonly floor: Floor;
}

/** Open tickets that can take one step forward without closing, handed out once each. */
export interface Movable {
  readonly number: number;
  readonly to: string;
}

export interface Ctx {
  readonly full: Side;
  readonly normal: Side;
  readonly scale: number;
  readonly movable: Movable[];
  /** A ticket's current priority, read outside the timed region. */
  readonly priorityOf: (number: number) => string;
}

export type Target = { readonly ratio: number } | { readonly ms: number };

export interface OpSpec {
  readonly name: string;
  readonly plan: Plan;
  readonly target?: Target;
  /** Makes the inputs (outside the timed region) and the two functions the harness times. */
  bind(ctx: Ctx, n: number): { docket: (i: number) => Promise<unknown>; raw: (i: number) => unknown };
}

/** The step `move` takes from each open state that has a non-closing next state. */
export const FORWARD: Readonly<Record<string, string>> = {
  backlog: 'in_progress',
  triage: 'confirmed',
  confirmed: 'in_progress',
  proposed: 'approved',
  approved: 'in_progress',
};

const WRITE_FULL: Plan = { samples: 250, budgetMs: 5000, warmup: 100, batch: 5 };
const WRITE_NORMAL: Plan = { samples: 600, budgetMs: 3000, warmup: 300, batch: 10 };
const READ_FAST: Plan = { samples: 3000, budgetMs: 2000, warmup: 100, batch: 20 };
const READ: Plan = { samples: 1000, budgetMs: 2000, warmup: 20, batch: 10 };
const SEARCH: Plan = { samples: 300, budgetMs: 2500, warmup: 3, batch: 5 };

const PAGE = 50;
const PRIORITIES = ['urgent', 'high', 'medium', 'low', 'none'];
const TOP = 20;

/** `n` ticket numbers drawn from the dataset, all different when `distinct` (so no ticket is written twice). */
function numbers(seed: number, n: number, scale: number, distinct = false): number[] {
  const r = new Drafts(seed).rng;
  if (!distinct) return Array.from({ length: n }, () => 1 + r.int(scale));
  const seen = new Set<number>();
  while (seen.size < Math.min(n, scale)) seen.add(1 + r.int(scale));
  return [...seen];
}

function creates(sync: 'full' | 'normal'): OpSpec {
  return {
    name: `create (synchronous=${sync.toUpperCase()})`,
    plan: sync === 'full' ? WRITE_FULL : WRITE_NORMAL,
    target: { ratio: 1.25 },
    bind(ctx, n) {
      const drafts = new Drafts(sync === 'full' ? 101 : 102);
      const inputs: Draft[] = Array.from({ length: n }, () => drafts.draft());
      const side = ctx[sync];
      return {
        docket: (i) => side.docket.create(inputs[i]!),
        raw: (i) => side.floor.create(inputs[i]!, Date.now()),
      };
    },
  };
}

function updates(sync: 'full' | 'normal'): OpSpec {
  return {
    name: `update title+priority (${sync.toUpperCase()})`,
    plan: sync === 'full' ? WRITE_FULL : WRITE_NORMAL,
    bind(ctx, n) {
      const drafts = new Drafts(sync === 'full' ? 201 : 202);
      const titles = Array.from({ length: n }, () => drafts.corpus.title());
      const nums = numbers(sync === 'full' ? 203 : 204, 2 * n, ctx.scale, true);
      // Always a different priority, so every update changes the same two fields on both sides.
      const next = nums.map((num) => PRIORITIES[(PRIORITIES.indexOf(ctx.priorityOf(num)) + 1) % PRIORITIES.length]!);
      const side = ctx[sync];
      return {
        docket: (i) => side.docket.update(nums[2 * i]!, { title: titles[i]!, priority: next[2 * i]! }),
        raw: (i) => side.floor.update(nums[2 * i + 1]!, titles[i]!, next[2 * i + 1]!, Date.now()),
      };
    },
  };
}

function moves(sync: 'full' | 'normal'): OpSpec {
  return {
    name: `move one step (${sync.toUpperCase()})`,
    plan: sync === 'full' ? WRITE_FULL : WRITE_NORMAL,
    bind(ctx, n) {
      const take = () => {
        const m = ctx.movable.pop();
        if (!m) throw new Error('the dataset ran out of open tickets to move; lower the move samples');
        return m;
      };
      const docketMoves = Array.from({ length: n }, take);
      const rawMoves = Array.from({ length: n }, take);
      const side = ctx[sync];
      return {
        docket: (i) => side.docket.move(docketMoves[i]!.number, docketMoves[i]!.to),
        raw: (i) => side.floor.move(rawMoves[i]!.number, rawMoves[i]!.to, Date.now()),
      };
    },
  };
}

/** Filtered first pages as people and agents ask for them; parameters rotate over the values. */
const LISTS: readonly {
  name: string;
  query: (i: number) => ListQuery;
  where: string;
  params: (i: number) => unknown[];
  label?: (i: number) => string;
}[] = [
  {
    name: 'status',
    query: (i) => ({ status: ['in_progress', 'backlog', 'triage'][i % 3]! }),
    where: ' AND t.status = ?',
    params: (i) => [['in_progress', 'backlog', 'triage'][i % 3]],
  },
  {
    name: 'open + assignee',
    query: (i) => ({ state: 'open', assignee: ENTITIES[i % ENTITIES.length]! }),
    where: ' AND t.closed_at IS NULL AND t.assignee = ?',
    params: (i) => [ENTITIES[i % ENTITIES.length]],
  },
  {
    name: 'open + label',
    query: (i) => ({ state: 'open', label: LABELS[i % LABELS.length]! }),
    where: ' AND t.closed_at IS NULL',
    params: () => [],
    label: (i) => LABELS[i % LABELS.length]!,
  },
  {
    name: `open + rare label`,
    query: () => ({ state: 'open', label: RARE_LABEL }),
    where: ' AND t.closed_at IS NULL',
    params: () => [],
    label: () => RARE_LABEL,
  },
  {
    name: 'open + type + priority',
    query: (i) => ({ state: 'open', type: ['bug', 'task'][i % 2]!, priority: 'high' }),
    where: ' AND t.type = ? AND t.priority = ? AND t.closed_at IS NULL',
    params: (i) => [['bug', 'task'][i % 2], 'high'],
  },
];

export function coreOps(): OpSpec[] {
  const ops: OpSpec[] = [creates('full'), creates('normal')];
  ops.push({
    name: 'get by number',
    plan: READ_FAST,
    target: { ms: 0.1 },
    bind(ctx, n) {
      const nums = numbers(301, 2 * n, ctx.scale);
      return { docket: (i) => ctx.full.docket.get(nums[2 * i]!), raw: (i) => ctx.full.floor.get(nums[2 * i + 1]!) };
    },
  });
  ops.push(updates('full'), updates('normal'), moves('full'), moves('normal'));
  for (const l of LISTS) {
    ops.push({
      name: `list page of ${PAGE}: ${l.name}`,
      plan: READ,
      target: { ms: 2 },
      bind: (ctx) => ({
        docket: (i) => ctx.full.docket.list({ ...l.query(i), limit: PAGE }),
        raw: (i) => ctx.full.floor.list(l.where, l.params(i), PAGE, l.label?.(i)),
      }),
    });
  }
  for (const t of SEARCH_TERMS) {
    const query = parseSearchQuery(t.query);
    ops.push({
      name: `search top ${TOP}: ${t.name} ${t.query}`,
      plan: SEARCH,
      target: { ms: 30 },
      bind: (ctx) => ({
        docket: () => ctx.full.docket.search({ query: t.query, limit: TOP }),
        raw: () => ctx.full.floor.search(query, TOP),
      }),
    });
  }
  ops.push(
    {
      name: 'board (summary)',
      plan: READ_FAST,
      target: { ms: 50 },
      bind: (ctx) => ({
        docket: () => ctx.full.docket.board({ view: 'summary' }),
        raw: () => ctx.full.floor.board(),
      }),
    },
    {
      name: `ready (top ${TOP})`,
      plan: READ,
      bind: (ctx) => ({
        docket: () => ctx.full.docket.ready({ limit: TOP }),
        raw: () => ctx.full.floor.ready(TOP, Date.now()),
      }),
    },
    {
      name: 'count by entity',
      plan: READ_FAST,
      target: { ms: 50 },
      bind: (ctx) => ({
        docket: () => ctx.full.docket.countByEntity(),
        raw: () => ctx.full.floor.countByEntity(),
      }),
    },
  );
  return ops;
}

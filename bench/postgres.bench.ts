/**
 * The core operations on PostgreSQL through the library, each beside its raw `pg` floor in the same
 * run, in both tenancies (shared tables, schema per project), at 10k tickets (1M with --large): the
 * core benchmark's SQLite dataset bulk-loaded once into a template database per tenancy, two fresh
 * copies per run — Docket on one, the floor replaying Docket's recorded queries on the other
 * (bench/lib/pg-floor.ts). Writes, list pages and search carry the targets of issue #20.
 */
import Database from 'better-sqlite3';
import type { Project } from '../src/core/docket.js';
import { SEARCH_TERMS } from './lib/corpus.js';
import { FORWARD } from './lib/core-ops.js';
import { type DatasetMeta, ensureDataset, PROJECT, scaleName } from './lib/dataset.js';
import { type Draft, Drafts, ENTITIES, LABELS, RARE_LABEL } from './lib/draft.js';
import { ensureTemplate, serverInfo, type Tenancy, unavailable, workCopy } from './lib/pg-dataset.js';
import { type Query, Replayer, recordingDocket } from './lib/pg-floor.js';
import { type BenchOptions, ms, type SectionResult } from './lib/report.js';
import { type Plan, type Summary, summarize } from './lib/stats.js';

const TITLE = 'Core operations on PostgreSQL: Docket vs raw pg, both tenancies';
const COLUMNS = [
  'tickets',
  'tenancy',
  'operation',
  'Docket median ms',
  'Docket p99 ms',
  'raw median ms',
  'raw p99 ms',
  'Docket/raw',
  'Docket ops/s',
  'queries',
  'n',
  'target',
  'result',
];
const ACTOR = 'alice';
const PAGE = 50;
const TOP = 20;
const PRIORITIES = ['urgent', 'high', 'medium', 'low', 'none'];

const WRITE: Plan = { samples: 200, budgetMs: 5000, warmup: 10, batch: 5 };
const READ: Plan = { samples: 600, budgetMs: 2000, warmup: 20, batch: 10 };
const SEARCH: Plan = { samples: 150, budgetMs: 3000, warmup: 3, batch: 5 };

type Target = { readonly ratio: number } | { readonly ms: number };

interface Op {
  readonly name: string;
  readonly plan: Plan;
  readonly target?: Target;
  /** Makes the inputs for n samples (untimed) and returns what Docket runs for sample i. */
  bind(n: number): (p: Project, i: number) => Promise<unknown>;
}

interface Dataset {
  readonly scale: number;
  /** Open tickets that can take one step forward, with that step, in a fixed shuffled order. */
  readonly movable: readonly { readonly number: number; readonly to: string }[];
  readonly priorityOf: (number: number) => string;
}

function numbers(seed: number, n: number, scale: number): number[] {
  const r = new Drafts(seed).rng;
  const seen = new Set<number>();
  while (seen.size < Math.min(n, scale)) seen.add(1 + r.int(scale));
  return [...seen];
}

const LISTS: readonly { name: string; query: (i: number) => Record<string, string> }[] = [
  { name: 'status', query: (i) => ({ status: ['in_progress', 'backlog', 'triage'][i % 3]! }) },
  { name: 'open + assignee', query: (i) => ({ state: 'open', assignee: ENTITIES[i % ENTITIES.length]! }) },
  { name: 'open + label', query: (i) => ({ state: 'open', label: LABELS[i % LABELS.length]! }) },
  { name: 'open + rare label', query: () => ({ state: 'open', label: RARE_LABEL }) },
  {
    name: 'open + type + priority',
    query: (i) => ({ state: 'open', type: ['bug', 'task'][i % 2]!, priority: 'high' }),
  },
];

function operations(d: Dataset): Op[] {
  let moved = 0;
  const ops: Op[] = [
    {
      name: 'create',
      plan: WRITE,
      target: { ratio: 1.3 },
      bind(n) {
        const drafts = new Drafts(101);
        const inputs: Draft[] = Array.from({ length: n }, () => drafts.draft());
        return (p, i) => p.create(inputs[i]!);
      },
    },
    {
      name: 'get by number',
      plan: READ,
      bind(n) {
        const nums = numbers(301, n, d.scale);
        return (p, i) => p.get(nums[i % nums.length]!);
      },
    },
    {
      name: 'update title+priority',
      plan: WRITE,
      target: { ratio: 1.3 },
      bind(n) {
        const drafts = new Drafts(201);
        const nums = numbers(203, n, d.scale);
        const titles = nums.map(() => drafts.corpus.title());
        const next = nums.map((num) => PRIORITIES[(PRIORITIES.indexOf(d.priorityOf(num)) + 1) % PRIORITIES.length]!);
        return (p, i) => p.update(nums[i]!, { title: titles[i]!, priority: next[i]! });
      },
    },
    {
      name: 'move one step',
      plan: WRITE,
      target: { ratio: 1.3 },
      bind(n) {
        const moves = d.movable.slice(moved, moved + n);
        moved += n;
        if (moves.length < n) throw new Error('the dataset ran out of open tickets to move');
        return (p, i) => p.move(moves[i]!.number, moves[i]!.to);
      },
    },
  ];
  for (const l of LISTS) {
    ops.push({
      name: `list page of ${PAGE}: ${l.name}`,
      plan: READ,
      target: { ms: 5 },
      bind: () => (p, i) => p.list({ ...l.query(i), limit: PAGE }),
    });
  }
  for (const t of SEARCH_TERMS) {
    ops.push({
      name: `search top ${TOP}: ${t.name} ${t.query}`,
      plan: SEARCH,
      target: { ms: 30 },
      bind: () => (p) => p.search({ query: t.query, limit: TOP }),
    });
  }
  ops.push(
    { name: 'board (summary)', plan: READ, bind: () => (p) => p.board({ view: 'summary' }) },
    { name: `ready (top ${TOP})`, plan: READ, bind: () => (p) => p.ready({ limit: TOP }) },
    { name: 'count by entity', plan: READ, bind: () => (p) => p.countByEntity() },
  );
  return ops;
}

/**
 * Docket runs a batch of samples (each one's queries recorded), then the floor replays the same
 * batch; every Docket call, warm-up included, is replayed, so the two copies never drift apart.
 */
async function measure(
  run: (p: Project, i: number) => Promise<unknown>,
  project: Project,
  floor: Replayer,
  log: { current: Query[] },
  plan: Plan,
): Promise<{ docket: Summary; raw: Summary; queries: number }> {
  const docket: number[] = [];
  const raw: number[] = [];
  let i = 0;
  let queries = 0;
  const batch = async (k: number, timed: boolean) => {
    const recorded: Query[][] = [];
    for (let j = 0; j < k; j++) {
      log.current = [];
      const t0 = performance.now();
      await run(project, i++);
      if (timed) docket.push(performance.now() - t0);
      recorded.push(log.current);
    }
    for (const r of recorded) {
      const t0 = performance.now();
      await floor.run(r);
      if (timed) raw.push(performance.now() - t0);
      queries = r.length;
    }
  };
  await batch(plan.warmup, false);
  const started = performance.now();
  while (docket.length < plan.samples) {
    if (performance.now() - started > plan.budgetMs && docket.length >= 5) break;
    await batch(Math.min(plan.batch, plan.samples - docket.length), true);
  }
  return { docket: summarize(docket), raw: summarize(raw), queries };
}

function verdict(target: Target | undefined, docket: number, raw: number): [string, string] {
  if (!target) return ['', ''];
  if ('ratio' in target) return [`≤ ${target.ratio}× raw`, docket / raw <= target.ratio ? 'PASS' : 'MISS'];
  return [`< ${target.ms} ms`, docket < target.ms ? 'PASS' : 'MISS'];
}

/** The dataset's open, movable tickets and current priorities, read from the SQLite file (untimed). */
function readDataset(path: string, scale: number): Dataset {
  const db = new Database(path, { readonly: true });
  try {
    const project = `(SELECT id FROM projects WHERE key = '${PROJECT}')`;
    const forward = Object.keys(FORWARD)
      .map((s) => `'${s}'`)
      .join(', ');
    const movable = (
      db
        .prepare(
          `SELECT number, status FROM tickets WHERE project_id = ${project} AND closed_at IS NULL AND status IN (${forward}) ORDER BY (number * 2654435761) % 1000003`,
        )
        .all() as { number: number; status: string }[]
    ).map((r) => ({ number: r.number, to: FORWARD[r.status]! }));
    const priorities = new Map(
      (
        db.prepare(`SELECT number, priority FROM tickets WHERE project_id = ${project}`).all() as {
          number: number;
          priority: string;
        }[]
      ).map((r) => [r.number, r.priority]),
    );
    return { scale, movable, priorityOf: (n) => priorities.get(n) ?? 'medium' };
  } finally {
    db.close();
  }
}

async function runTenancy(
  tenancy: Tenancy,
  path: string,
  scale: number,
  log: (line: string) => void,
): Promise<{ rows: (string | number)[][]; template: string }> {
  const template = await ensureTemplate(path, log, tenancy);
  log(`copying ${template} twice (Docket's copy and the floor's)…`);
  const mine = await workCopy(template, 'docket');
  const theirs = await workCopy(template, 'floor');
  const recording = { current: [] as Query[] };
  const docket = await recordingDocket(mine.url, tenancy, recording);
  const floor = await Replayer.open(theirs.url);
  try {
    const project = docket.project(PROJECT, { actor: ACTOR });
    // Warm: the project's schema cached, a connection open; replayed so the copies stay identical.
    recording.current = [];
    await project.get(1);
    await floor.run(recording.current);
    const rows: (string | number)[][] = [];
    for (const op of operations(readDataset(path, scale))) {
      const r = await measure(op.bind(op.plan.samples + op.plan.warmup), project, floor, recording, op.plan);
      const [target, outcome] = verdict(op.target, r.docket.median, r.raw.median);
      rows.push([
        scaleName(scale),
        tenancy,
        op.name,
        ms(r.docket.median),
        ms(r.docket.p99),
        ms(r.raw.median),
        ms(r.raw.p99),
        `${(r.docket.median / r.raw.median).toFixed(2)}×`,
        Math.round(1000 / r.docket.mean),
        r.queries,
        r.docket.n,
        target,
        outcome,
      ]);
      log(
        `  ${tenancy} ${op.name.padEnd(44)} Docket ${r.docket.median.toFixed(3)} ms, raw ${r.raw.median.toFixed(3)} ms, ${r.queries} queries`,
      );
    }
    return { rows, template };
  } finally {
    await docket.close();
    await floor.close();
    await mine.drop();
    await theirs.drop();
  }
}

function describe(meta: DatasetMeta): string {
  return `${meta.tickets.toLocaleString('en')} tickets (${meta.open.toLocaleString('en')} open), ${meta.comments.toLocaleString('en')} comments, ${meta.history.toLocaleString('en')} history rows`;
}

export async function run(opts: BenchOptions): Promise<SectionResult> {
  const scale = opts.large ? 1_000_000 : 10_000;
  const down = await unavailable();
  if (down) {
    return { title: TITLE, columns: COLUMNS, rows: [], notes: [`Skipped: PostgreSQL cannot be used (${down}).`] };
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const { path, meta } = await ensureDataset(scale, log);
  const rows: (string | number)[][] = [];
  const templates: string[] = [];
  for (const tenancy of ['shared', 'schema'] as const) {
    const r = await runTenancy(tenancy, path, scale, log);
    rows.push(...r.rows);
    templates.push(r.template);
  }
  const info = await serverInfo();
  return {
    title: TITLE,
    columns: COLUMNS,
    rows,
    notes: [
      'Docket: the library (`project.create/get/update/move/list/search/board/ready/countByEntity`), one awaited call at a time, acting as an existing person, its default pool of 10 over TCP on loopback. ' +
        'Raw: one plain `pg` connection replaying, one awaited query after another, the exact queries Docket sent for the same sample (text, parameters, prepared-statement names), on a second identical copy: Docket minus the library. ' +
        '`queries` is how many queries (round trips) one sample of the operation sent; a transaction counts its BEGIN and COMMIT.',
      `Dataset: the core benchmark's ${scaleName(scale)} file (${describe(meta)}), bulk-loaded with COPY into template databases ${templates.join(' and ')}; each run works on two fresh copies per tenancy.`,
      `PostgreSQL: ${info}; writes in READ COMMITTED with row locks, reads in one REPEATABLE READ snapshot (docs/postgres.md).`,
      'Targets (issue #20, at 1M): writes within 1.3× of the floor, list pages under 5 ms, search top 20 under 30 ms. Docket/raw = ratio of medians; ops/s = 1000 / mean. Figures on a shared 2-core VM: compare ratios within this run.',
    ],
  };
}

/**
 * The core operations on SQLite and PostgreSQL side by side, through the library, on the same dataset
 * (10k tickets, 100k with --large): the SQLite benchmark file, and the same store moved into
 * PostgreSQL with `migrateStore`. Both sides run the same operations on the same tickets in
 * alternating batches, so they stay identical and a noisy neighbour slows both alike.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Project } from '../src/core/docket.js';
import { openDocket } from '../src/open.js';
import { SEARCH_TERMS } from './lib/corpus.js';
import { FORWARD } from './lib/core-ops.js';
import { CACHE_DIR, ensureDataset, PROJECT, scaleName } from './lib/dataset.js';
import { type Draft, Drafts, ENTITIES, LABELS } from './lib/draft.js';
import { ensureTemplate, serverInfo, unavailable, workCopy } from './lib/pg-dataset.js';
import { type BenchOptions, ms, type SectionResult } from './lib/report.js';
import { type Summary, summarize } from './lib/stats.js';

const TITLE = 'Core operations: SQLite and PostgreSQL through the library';
const COLUMNS = [
  'tickets',
  'operation',
  'SQLite median ms',
  'SQLite p99 ms',
  'PostgreSQL median ms',
  'PostgreSQL p99 ms',
  'PostgreSQL/SQLite',
  'SQLite ops/s',
  'PostgreSQL ops/s',
  'n',
];
const ACTOR = 'alice';
const PAGE = 50;
const TOP = 20;
const PRIORITIES = ['urgent', 'high', 'medium', 'low', 'none'];

interface Plan {
  readonly samples: number;
  readonly budgetMs: number;
  readonly warmup: number;
  readonly batch: number;
}
const WRITE: Plan = { samples: 200, budgetMs: 6000, warmup: 5, batch: 5 };
const READ: Plan = { samples: 1000, budgetMs: 3000, warmup: 20, batch: 10 };
const SEARCH: Plan = { samples: 200, budgetMs: 3000, warmup: 3, batch: 5 };

/** One operation: `bind` makes its inputs (untimed) and returns what each side runs for sample i. */
interface Op {
  readonly name: string;
  readonly plan: Plan;
  bind(n: number): (side: Project, i: number) => Promise<unknown>;
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

function operations(d: Dataset): Op[] {
  const ops: Op[] = [
    {
      name: 'create',
      plan: WRITE,
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
      bind(n) {
        if (d.movable.length < n) throw new Error('the dataset ran out of open tickets to move');
        const moves = d.movable.slice(0, n);
        return (p, i) => p.move(moves[i]!.number, moves[i]!.to);
      },
    },
    {
      name: `list page of ${PAGE}: status`,
      plan: READ,
      bind: () => (p, i) => p.list({ status: ['in_progress', 'backlog', 'triage'][i % 3]!, limit: PAGE }),
    },
    {
      name: `list page of ${PAGE}: open + assignee`,
      plan: READ,
      bind: () => (p, i) => p.list({ state: 'open', assignee: ENTITIES[i % ENTITIES.length]!, limit: PAGE }),
    },
    {
      name: `list page of ${PAGE}: open + label`,
      plan: READ,
      bind: () => (p, i) => p.list({ state: 'open', label: LABELS[i % LABELS.length]!, limit: PAGE }),
    },
  ];
  for (const t of SEARCH_TERMS) {
    ops.push({
      name: `search top ${TOP}: ${t.name} ${t.query}`,
      plan: SEARCH,
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

/** Runs both sides in alternating batches (the side going first swaps every round). */
async function measure(
  run: (side: Project, i: number) => Promise<unknown>,
  sides: readonly [Project, Project],
  plan: Plan,
): Promise<[Summary, Summary]> {
  const next = [0, 0];
  const times: [number[], number[]] = [[], []];
  const one = async (s: 0 | 1, timed: boolean) => {
    const t0 = performance.now();
    await run(sides[s], next[s]!++);
    if (timed) times[s].push(performance.now() - t0);
  };
  for (let w = 0; w < plan.warmup; w++) {
    await one(0, false);
    await one(1, false);
  }
  const started = performance.now();
  for (let round = 0; times[0].length < plan.samples || times[1].length < plan.samples; round++) {
    if (performance.now() - started > plan.budgetMs && times[0].length >= 5 && times[1].length >= 5) break;
    for (const s of round % 2 ? ([1, 0] as const) : ([0, 1] as const)) {
      for (let k = 0; k < plan.batch && times[s].length < plan.samples; k++) await one(s, true);
    }
  }
  return [summarize(times[0]), summarize(times[1])];
}

/** The dataset's open, movable tickets and current priorities, read from the SQLite copy (untimed). */
function readDataset(path: string, scale: number): Dataset {
  const db = new Database(path, { readonly: true });
  try {
    const project = `(SELECT id FROM projects WHERE key = '${PROJECT}')`;
    const movable = (
      db
        .prepare(
          `SELECT number, status FROM tickets WHERE project_id = ${project} AND closed_at IS NULL AND status IN (${Object.keys(
            FORWARD,
          )
            .map((s) => `'${s}'`)
            .join(', ')}) ORDER BY (number * 2654435761) % 1000003`,
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

export async function run(opts: BenchOptions): Promise<SectionResult> {
  const scale = opts.large ? 100_000 : 10_000;
  const down = await unavailable();
  if (down) {
    return { title: TITLE, columns: COLUMNS, rows: [], notes: [`Skipped: PostgreSQL cannot be used (${down}).`] };
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const { path, meta } = await ensureDataset(scale, log);
  const template = await ensureTemplate(path, log);
  const work = join(CACHE_DIR, `work-pg-${scaleName(scale)}.db`);
  const removeWork = () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(work + suffix, { force: true });
  };
  removeWork();
  copyFileSync(path, work);
  const copy = await workCopy(template);
  const sqlite = await openDocket(work);
  const postgres = await openDocket(copy.url, { create: false });
  try {
    const dataset = readDataset(work, scale);
    const sides = [sqlite.project(PROJECT, { actor: ACTOR }), postgres.project(PROJECT, { actor: ACTOR })] as const;
    // Both processes warm: the project's schema cached, connections open.
    await Promise.all(sides.map((p) => p.get(1)));
    const rows: (string | number)[][] = [];
    for (const op of operations(dataset)) {
      const [a, b] = await measure(op.bind(op.plan.samples + op.plan.warmup), sides, op.plan);
      rows.push([
        scaleName(scale),
        op.name,
        ms(a.median),
        ms(a.p99),
        ms(b.median),
        ms(b.p99),
        `${(b.median / a.median).toFixed(2)}×`,
        Math.round(1000 / a.mean),
        Math.round(1000 / b.mean),
        Math.min(a.n, b.n),
      ]);
      log(`  ${op.name.padEnd(44)} SQLite ${a.median.toFixed(3)} ms, PostgreSQL ${b.median.toFixed(3)} ms`);
    }
    const info = await serverInfo();
    return {
      title: TITLE,
      columns: COLUMNS,
      rows,
      notes: [
        'Both sides through the library (`openDocket`, then `project.create/get/update/move/list/search/board/ready/countByEntity`), one awaited call at a time, acting as an existing person, in alternating batches on identical data: the same operations on the same tickets in the same order.',
        `Dataset: the core benchmark's ${scaleName(scale)} file (${meta.tickets.toLocaleString('en')} tickets, ${meta.history.toLocaleString('en')} history rows), moved into PostgreSQL once with \`migrateStore\` and kept as template database ${template}; each run works on fresh copies of both.`,
        `SQLite: WAL, synchronous=FULL (the default). PostgreSQL: ${info}; the default pool of 10 over TCP on loopback; writes in READ COMMITTED with row locks, reads in one REPEATABLE READ snapshot (docs/postgres.md). Both wait for the disk on every commit.`,
        'PostgreSQL pays a network round trip per statement and a server process per connection; SQLite runs in the process. The ratio is what moving a team to a server costs per call, not a measure of either engine.',
      ],
    };
  } finally {
    await sqlite.close();
    await postgres.close();
    await copy.drop();
    removeWork();
  }
}

/**
 * Measures one scale of the core benchmark in a process of its own, so that its peak memory is its
 * own. Usage (from core.bench.ts): node --import tsx bench/lib/core-scale.ts DATASET SCALE RESULT.json
 */
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Docket } from '../../src/core/docket.js';
import { openDocket } from '../../src/open.js';
import { DEFAULT_MMAP_BYTES, SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { VOCABULARY_TABLES } from '../../src/store/sqlite/search.js';
import { type Ctx, coreOps, FORWARD, type Movable, type Target } from './core-ops.js';
import { CACHE_DIR, PROJECT, scaleName } from './dataset.js';
import { Floor } from './floor.js';
import { compare, type Summary } from './stats.js';
import { firstDifference, traced } from './trace.js';

export interface ScaleResult {
  readonly scale: number;
  readonly rows: readonly {
    readonly name: string;
    readonly docket: Summary;
    readonly raw: Summary;
    readonly target?: Target;
    /** Set when the floor's statements were not Docket's: the row's ratio is then not a fair one. */
    readonly mismatch?: string;
  }[];
  readonly rssStartMB: number;
  readonly peakRssMB: number;
}

/** The entity every benchmark operation acts as (an existing person, as in real use). */
const ACTOR = 'alice';
const mb = (bytes: number) => Math.round(bytes / 1048576);

/** A plain better-sqlite3 connection with the pragmas Docket's store sets on open. */
function rawConnection(path: string, synchronous: 'FULL' | 'NORMAL'): Database.Database {
  const db = new Database(path);
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('foreign_keys = ON');
  db.pragma(`mmap_size = ${DEFAULT_MMAP_BYTES}`);
  for (const sql of VOCABULARY_TABLES) db.exec(sql);
  return db;
}

async function main(): Promise<void> {
  const [dataset, scaleArg, resultPath] = process.argv.slice(2);
  if (!dataset || !scaleArg || !resultPath) throw new Error('usage: core-scale.ts DATASET SCALE RESULT.json');
  const scale = Number(scaleArg);
  const rssStartMB = mb(process.memoryUsage().rss);
  // Writes go to a copy, so the cached dataset stays as built and every run measures the same data.
  const work = join(CACHE_DIR, `work-${scaleName(scale)}.db`);
  const removeWork = () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(work + suffix, { force: true });
  };
  removeWork();
  copyFileSync(dataset, work);
  const closers: (() => unknown)[] = [];
  try {
    const docketFull = await openDocket(work);
    const docketNormal = await openDocket(work, { synchronous: 'normal' });
    const rawFull = rawConnection(work, 'FULL');
    const rawNormal = rawConnection(work, 'NORMAL');
    const peek = new Database(work, { readonly: true });
    closers.push(
      () => docketFull.close(),
      () => docketNormal.close(),
      () => rawFull.close(),
      () => rawNormal.close(),
    );
    closers.push(() => peek.close());

    const movable = (
      peek
        .prepare(
          `SELECT number, status FROM tickets WHERE project_id = (SELECT id FROM projects WHERE key = '${PROJECT}') AND closed_at IS NULL AND status IN (${Object.keys(
            FORWARD,
          )
            .map((s) => `'${s}'`)
            .join(', ')}) ORDER BY (number * 2654435761) % 1000003`,
        )
        .all() as { number: number; status: string }[]
    ).map((r): Movable => ({ number: r.number, to: FORWARD[r.status]! }));
    const priorityStmt = peek.prepare(
      'SELECT priority FROM tickets WHERE project_id = (SELECT id FROM projects WHERE key = ?) AND number = ?',
    );
    const priorityOf = (n: number) => (priorityStmt.get(PROJECT, n) as { priority: string }).priority;
    const side = (docket: Docket, db: Database.Database) => ({
      docket: docket.project(PROJECT, { actor: ACTOR }),
      floor: new Floor(db, PROJECT, ACTOR),
    });
    const ctx: Ctx = {
      full: side(docketFull, rawFull),
      normal: side(docketNormal, rawNormal),
      scale,
      movable,
      priorityOf,
    };

    // DOCKET_BENCH_OPS narrows a run to the operations whose name matches (a regular expression).
    const only = process.env.DOCKET_BENCH_OPS ? new RegExp(process.env.DOCKET_BENCH_OPS) : null;
    const ops = coreOps().filter((op) => !only || only.test(op.name));
    const timed: { name: string; result: Awaited<ReturnType<typeof compare>>; target?: Target }[] = [];
    for (const op of ops) {
      const { docket, raw } = op.bind(ctx, op.plan.warmup + op.plan.samples);
      const result = await compare(docket, raw, op.plan);
      timed.push({ name: op.name, result, ...(op.target ? { target: op.target } : {}) });
      const ratio = result.docket.median / result.raw.median;
      process.stderr.write(
        `  ${scaleName(scale).padEnd(4)} ${op.name.padEnd(48)} Docket ${result.docket.median.toFixed(3)} ms, raw ${result.raw.median.toFixed(3)} ms (${ratio.toFixed(2)}x, n=${result.docket.n})\n`,
      );
    }
    // After the timings, not before: the logging connection's statement objects have another shape
    // than better-sqlite3's, and running Docket's store over both first made its call sites
    // polymorphic for the rest of the process (measured: creates 5-10% slower on Docket's side only).
    const mismatches = await checkStatements(work, ctx, ops);
    const rows: ScaleResult['rows'][number][] = timed.map(({ name, result, target }) => {
      const mismatch = mismatches.get(name);
      return { name, ...result, ...(target ? { target } : {}), ...(mismatch ? { mismatch } : {}) };
    });
    const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
    const result: ScaleResult = { scale, rows, rssStartMB, peakRssMB };
    writeFileSync(resultPath, JSON.stringify(result));
  } finally {
    for (const close of closers) await close();
    removeWork();
  }
}

/**
 * Runs every operation once through a Docket whose connection logs its SQL and once through a
 * floor on a logging connection, and returns where the two statement sequences differ.
 */
async function checkStatements(work: string, ctx: Ctx, ops: ReturnType<typeof coreOps>): Promise<Map<string, string>> {
  const docketLog: string[] = [];
  const rawLog: string[] = [];
  const docket = new Docket(new SqliteStore(traced(new Database(work), docketLog)));
  const rawDb = rawConnection(work, 'FULL');
  const side = {
    docket: docket.project(PROJECT, { actor: ACTOR }),
    floor: new Floor(traced(rawDb, rawLog), PROJECT, ACTOR),
  };
  const tctx: Ctx = { ...ctx, full: side, normal: side };
  const out = new Map<string, string>();
  try {
    await side.docket.get(1); // loads the project schema into Docket's cache, as any warm process has it
    for (const op of ops) {
      const { docket: d, raw } = op.bind(tctx, 1);
      docketLog.length = 0;
      await d(0);
      rawLog.length = 0;
      raw(0);
      const diff = firstDifference(docketLog, rawLog);
      if (diff) {
        out.set(op.name, diff);
        process.stderr.write(`  floor differs from Docket for ${op.name}: ${diff}\n`);
      }
    }
  } finally {
    await docket.close();
    rawDb.close();
  }
  return out;
}

main().catch((e: unknown) => {
  process.stderr.write(`core benchmark failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

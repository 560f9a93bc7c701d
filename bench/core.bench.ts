/**
 * The core benchmark: every core operation through Docket's library API beside raw better-sqlite3
 * running the same statements in the same transactions (the floor of this stack), at 10k and 100k
 * tickets, and 1M with --large. Each scale runs in a child process so its peak memory is its own.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SEARCH_TERMS } from './lib/corpus.js';
import type { Target } from './lib/core-ops.js';
import type { ScaleResult } from './lib/core-scale.js';
import { CACHE_DIR, type DatasetMeta, ensureDataset, scaleName } from './lib/dataset.js';
import { type BenchOptions, ms, type SectionResult } from './lib/report.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHILD = fileURLToPath(new URL('./lib/core-scale.ts', import.meta.url));

const COLUMNS = [
  'tickets',
  'operation',
  'Docket median ms',
  'Docket p99 ms',
  'raw median ms',
  'raw p99 ms',
  'Docket/raw',
  'Docket ops/s',
  'n',
  'target',
  'result',
];

function verdict(target: Target | undefined, docket: number, raw: number): [string, string] {
  if (!target) return ['', ''];
  if ('ratio' in target) return [`≤ ${target.ratio}× raw`, docket / raw <= target.ratio ? 'PASS' : 'MISS'];
  return [`< ${target.ms} ms`, docket < target.ms ? 'PASS' : 'MISS'];
}

async function measure(dataset: string, scale: number): Promise<ScaleResult> {
  const resultPath = join(CACHE_DIR, `result-${scaleName(scale)}.json`);
  rmSync(resultPath, { force: true });
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataset, String(scale), resultPath], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`the ${scaleName(scale)} measurement exited with ${code}; see its output above`);
  const result = JSON.parse(readFileSync(resultPath, 'utf8')) as ScaleResult;
  rmSync(resultPath, { force: true });
  return result;
}

function describe(meta: DatasetMeta): string {
  const closed = meta.tickets - meta.open;
  return (
    `${scaleName(meta.scale)}: ${meta.tickets.toLocaleString('en')} tickets (${meta.open.toLocaleString('en')} open, ` +
    `${closed.toLocaleString('en')} closed), ${meta.links.toLocaleString('en')} links, ${meta.comments.toLocaleString('en')} comments, ` +
    `${meta.history.toLocaleString('en')} history rows; file ${Math.round(meta.bytes / 1e6)} MB, built in ${meta.buildSeconds} s`
  );
}

export async function run(opts: BenchOptions): Promise<SectionResult> {
  const scales = [10_000, 100_000, ...(opts.large ? [1_000_000] : [])];
  const rows: (string | number)[][] = [];
  const datasets: string[] = [];
  const memory: string[] = [];
  const mismatches: string[] = [];
  const matches = new Map<string, string[]>();
  for (const scale of scales) {
    const { path, meta } = await ensureDataset(scale, (line) => process.stderr.write(`${line}\n`));
    datasets.push(describe(meta));
    for (const t of SEARCH_TERMS) {
      const n = meta.matches[t.query] ?? 0;
      const list = matches.get(t.query) ?? [];
      list.push(`${n.toLocaleString('en')} (${((100 * n) / meta.tickets).toFixed(2)}%) at ${scaleName(scale)}`);
      matches.set(t.query, list);
    }
    const result = await measure(path, scale);
    memory.push(`${scaleName(scale)} ${result.peakRssMB} MB (${result.rssStartMB} MB before opening the database)`);
    for (const r of result.rows) {
      const [target, outcome] = verdict(r.target, r.docket.median, r.raw.median);
      if (r.mismatch) mismatches.push(`${r.name} at ${scaleName(scale)}: ${r.mismatch}`);
      rows.push([
        scaleName(scale),
        r.mismatch ? `${r.name} †` : r.name,
        ms(r.docket.median),
        ms(r.docket.p99),
        ms(r.raw.median),
        ms(r.raw.p99),
        `${(r.docket.median / r.raw.median).toFixed(2)}×`,
        Math.round(1000 / r.docket.mean),
        r.docket.n,
        target,
        outcome,
      ]);
    }
  }
  const notes = [
    'Docket: the library API (`openDocket`, `project.create/get/update/move/list/search/board/ready/countByEntity`), one awaited call at a time, acting as an existing person. ' +
      'Raw: better-sqlite3 running the statements Docket runs for the same operation, in the same transactions (`BEGIN IMMEDIATE` for writes, `BEGIN` for reads, none for a get by number, which is one statement), ' +
      'with the same pragmas (WAL, busy_timeout 5000, foreign_keys on, mmap_size 256 MiB, the stated synchronous), prepared once. Both run on one copy of the dataset, alternating in batches.',
    mismatches.length
      ? `† The floor's statements differed from Docket's, so these ratios are not like for like: ${mismatches.join('; ')}`
      : "Statement check: after the timings (so its logging connection cannot slow the timed code), each operation ran once more through a statement-logging connection on each side; the floor's statement sequences matched Docket's exactly.",
    'Docket/raw is the ratio of medians: what the library adds to the statements themselves (input checks, async transaction, row mapping). ops/s = 1000 / mean.',
    'Targets: create within 1.25× of raw at the same durability, at every scale; the absolute targets are set for 1M tickets and are shown at smaller scales as a preview.',
    'Writes (create, update, move) on the default `synchronous=FULL` and on `NORMAL`; reads on the FULL connection (durability does not affect them).',
    'Update: a new title and a different priority on a random ticket (the title change re-indexes full-text search). Move: one step between open states (e.g. backlog → in_progress).',
    `Datasets (Zipf-distributed words over an 8,000-word vocabulary, 4 ticket types with the default workflows, 5 priorities, 20 assignees, 8 categories, 15 labels; older tickets more often closed): ${datasets.join('; ')}.`,
    `Search terms and the tickets they match: ${[...matches].map(([q, list]) => `\`${q}\` ${list.join(', ')}`).join('; ')}.`,
    `Peak memory (maxRSS of the measuring process, which holds 2 Docket instances and 3 raw connections on the file): ${memory.join('; ')}.`,
  ];
  return { title: 'Core operations: Docket vs raw better-sqlite3', columns: COLUMNS, rows, notes };
}

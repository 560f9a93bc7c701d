/**
 * `npm run bench`: runs every bench/*.bench.ts (sorted by file name), prints each section as a
 * table and writes them all to bench/results/latest.md (a partial run with --only writes
 * bench/results/partial.md instead, so it never replaces a full run's figures).
 *
 *   npm run bench                 10k and 100k tickets
 *   npm run bench -- --large      adds the 1M-ticket scale
 *   npm run bench -- --only core  sections whose file name contains "core" (repeatable)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BenchOptions, markdownTable, type SectionResult, textTable } from './lib/report.js';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const RESULTS_DIR = join(BENCH_DIR, 'results');

interface Args {
  readonly large: boolean;
  readonly only: readonly string[];
}

function parseArgs(argv: readonly string[]): Args {
  let large = false;
  const only: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--large') large = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const name = a === '--only' ? argv[++i] : a.slice('--only='.length);
      if (!name) fail('--only needs a name, e.g. --only core');
      only.push(name);
    } else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: npm run bench [-- --large] [-- --only NAME ...]\n');
      process.exit(0);
    } else fail(`unknown option ${a}; use --large and/or --only NAME`);
  }
  return { large, only };
}

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

function gitCommit(): string {
  // Read-only queries; GIT_OPTIONAL_LOCKS=0 keeps `git status` from taking the index lock.
  const options = { cwd: BENCH_DIR, encoding: 'utf8', env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } } as const;
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], options).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', '../src'], options);
    return dirty.trim() ? `${head} (with uncommitted changes in src/)` : head;
  } catch {
    return 'unknown';
  }
}

type Outcome = { file: string; seconds: number } & ({ section: SectionResult } | { error: string });

async function runSection(file: string, opts: BenchOptions): Promise<Outcome> {
  const started = performance.now();
  const seconds = () => Math.round((performance.now() - started) / 100) / 10;
  try {
    const mod = (await import(pathToFileURL(join(BENCH_DIR, file)).href)) as {
      run?: (o: BenchOptions) => Promise<SectionResult>;
    };
    if (typeof mod.run !== 'function') throw new Error('it does not export `async function run(opts)`');
    return { file, section: await mod.run(opts), seconds: seconds() };
  } catch (e) {
    return { file, error: e instanceof Error ? e.message : String(e), seconds: seconds() };
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const files = readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => !args.only.length || args.only.some((name) => f.includes(name)))
    .sort();
  if (!files.length) fail(`no bench/*.bench.ts matches ${args.only.join(', ')}`);
  const flags = [args.large ? '--large' : '', ...args.only.map((o) => `--only ${o}`)].filter(Boolean).join(' ');
  const cpu = cpus();
  const header = [
    '# Docket benchmarks',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Node ${process.version}, ${process.platform}-${process.arch}`,
    `- CPU: ${cpu[0]?.model ?? 'unknown'} × ${cpu.length}, ${Math.round(totalmem() / 2 ** 30)} GB RAM`,
    `- Commit: ${gitCommit()}`,
    `- Command: \`npm run bench${flags ? ` -- ${flags}` : ''}\``,
    '',
    'Figures move ±25% between runs on a shared machine: compare ratios from the same run, not absolute times across runs.',
    'How to read them: docs/benchmarks.md.',
  ];
  const parts = [header.join('\n')];
  let failed = 0;
  for (const file of files) {
    process.stderr.write(`\n== ${file}\n`);
    const out = await runSection(file, { large: args.large });
    if ('error' in out) {
      failed++;
      process.stderr.write(`bench: ${file} failed: ${out.error}\n`);
      parts.push(`## ${file}\n\nFailed after ${out.seconds} s: ${out.error}`);
      continue;
    }
    const s = out.section;
    const notes = s.notes ?? [];
    process.stdout.write(`\n${s.title}\n\n${textTable(s)}\n${notes.map((n) => `\n- ${n}`).join('')}\n`);
    const md = [`## ${s.title}`, '', `\`${file}\`, ${out.seconds} s.`, '', markdownTable(s)];
    if (notes.length) md.push('', ...notes.map((n) => `- ${n}`));
    parts.push(md.join('\n'));
  }
  mkdirSync(RESULTS_DIR, { recursive: true });
  const results = join(RESULTS_DIR, args.only.length ? 'partial.md' : 'latest.md');
  // Written whole, then renamed, so an interrupted run never leaves half a results file.
  writeFileSync(`${results}.tmp`, `${parts.join('\n\n')}\n`);
  renameSync(`${results}.tmp`, results);
  process.stderr.write(`\nwrote ${results}\n`);
  if (failed) process.exit(1);
}

await main();

/**
 * The git hook's cost per commit (issue 17): `git commit` in a repository without hooks against
 * one with Docket's hooks installed, alternating commit by commit in one run so machine load hits
 * both alike. Target: under 100 ms added per commit (median of 50). Traffic stays on this machine.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDocket } from '../src/open.js';
import { tempDir } from '../test/support/temp.js';
import { type BenchOptions, ms, type SectionResult } from './lib/report.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
const COMMITS = 50;
const TICKETS = 1_000;

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export async function run(_opts: BenchOptions): Promise<SectionResult> {
  execFileSync(process.execPath, [join(ROOT, 'scripts/ensure.mjs')], { cwd: ROOT, stdio: 'ignore' });
  const tmp = tempDir('docket-git-bench-');
  try {
    const home = join(tmp.dir, 'home');
    mkdirSync(home);
    const env = {
      ...process.env,
      HOME: home,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Bench',
      GIT_AUTHOR_EMAIL: 'bench@example.com',
      GIT_COMMITTER_NAME: 'Bench',
      GIT_COMMITTER_EMAIL: 'bench@example.com',
    };
    const db = join(tmp.dir, 'bench.db');
    const docket = await openDocket(db);
    await docket.createProject({ key: 'bench', prefix: 'B-' });
    const project = docket.project('bench');
    for (let i = 0; i < TICKETS; i++) await project.create({ title: `Ticket ${i}` });
    await docket.close();
    const repo = (name: string) => {
      const dir = join(tmp.dir, name);
      mkdirSync(dir);
      execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir, env });
      return dir;
    };
    const bare = repo('plain');
    const hooked = repo('hooked');
    execFileSync(process.execPath, [CLI, '-d', db, 'git', 'install'], { cwd: hooked, env, stdio: 'ignore' });
    const commit = (dir: string, message: string): number => {
      const start = performance.now();
      const r = spawnSync('git', ['commit', '-q', '--allow-empty', '-m', message], { cwd: dir, env, encoding: 'utf8' });
      const elapsed = performance.now() - start;
      if (r.status !== 0) throw new Error(`git commit exited ${r.status}: ${r.stderr}`);
      return elapsed;
    };
    const node = (): number => {
      const start = performance.now();
      spawnSync(process.execPath, ['-e', '0']);
      return performance.now() - start;
    };
    const variants = [
      { label: 'no hook', dir: bare, message: (i: number) => `Work on B-${i + 1}` },
      { label: "Docket's hook, message names a ticket", dir: hooked, message: (i: number) => `Work on B-${i + 1}` },
      { label: "Docket's hook, message names none", dir: hooked, message: () => 'Tidy the readme' },
    ];
    for (let warm = 0; warm < 3; warm++) for (const v of variants) commit(v.dir, v.message(900 + warm));
    const samples = variants.map(() => [] as number[]);
    const nodeStarts: number[] = [];
    for (let i = 0; i < COMMITS; i++) {
      for (let k = 0; k < variants.length; k++) {
        const j = (i + k) % variants.length;
        samples[j]!.push(commit(variants[j]!.dir, variants[j]!.message(i)));
      }
      nodeStarts.push(node());
    }
    const check = await openDocket(db);
    const refs = await check.project('bench').references('B-1');
    await check.close();
    if (refs.length !== 1) throw new Error(`B-1 has ${refs.length} references, expected the hooked commit's one`);
    const base = median(samples[0]!);
    const rows = variants.map((v, i) => {
      const m = median(samples[i]!);
      return [v.label, ms(m), i === 0 ? '—' : `+${ms(m - base)}`, i === 0 ? '1.00×' : `${(m / base).toFixed(2)}×`];
    });
    rows.push(['(for scale) node -e 0, a bare Node start', ms(median(nodeStarts)), '—', '—']);
    const added = median(samples[1]!) - base;
    return {
      title: `git hook cost per commit (median of ${COMMITS} commits each, alternating, ${TICKETS} tickets)`,
      columns: ['commit', 'median ms', 'added ms', 'ratio'],
      rows,
      notes: [
        `A commit naming a ticket costs ${ms(added)} ms more with the hook (target: under 100 ms): ${added < 100 ? 'met' : 'NOT met'}; that is ${(added / median(nodeStarts)).toFixed(1)} bare Node starts measured in the same run.`,
        'Each commit is a fresh `git commit --allow-empty` process timed from the parent; the hook runs node, reads the commit and records it.',
        `Load average when the runs ended: ${loadavg()[0]!.toFixed(1)} (1 min) on ${availableParallelism()} CPU(s); figures on a shared machine are noisy, compare the ratios.`,
      ],
    };
  } finally {
    tmp.cleanup();
  }
}

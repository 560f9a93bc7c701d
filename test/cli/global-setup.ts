import { execFileSync } from 'node:child_process';

/**
 * Builds dist/ when a source is newer than the last build, once before the run, so the CLI tests run
 * the real binary. Skipped when the run names test files and none of them runs the binary, or with
 * DOCKET_SKIP_BUILD=1 (for a quick loop after `node scripts/build.mjs`).
 */
export default function setup(): void {
  if (process.env.DOCKET_SKIP_BUILD === '1') return;
  const named = process.argv.slice(2).filter((a) => /\.test\.ts$|^(test|src|bench)\//.test(a));
  if (named.length && !named.some((a) => a.includes('cli') || a.includes('bench') || a.includes('web'))) return;
  execFileSync(process.execPath, ['scripts/ensure.mjs'], {
    cwd: new URL('../..', import.meta.url).pathname,
    stdio: 'inherit',
  });
}

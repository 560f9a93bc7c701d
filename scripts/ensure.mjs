// Makes a fresh clone runnable: installs dependencies when missing and rebuilds dist/ when any source
// is newer than the last build. `npm start`, `npm test` and `npm run bench` call this first. With
// --browser (`npm test`) it first makes sure of the Chromium the browser tests drive (chromium.mjs),
// so a machine without one stops here with a line saying how to get it.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureChromium } from './chromium.mjs';

const root = new URL('..', import.meta.url).pathname;
const run = (cmd) => execSync(cmd, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });

if (process.argv.includes('--browser')) ensureChromium();

if (!existsSync(join(root, 'node_modules/.package-lock.json'))) {
  console.error('docket: installing dependencies (npm ci; the first time builds better-sqlite3, about 2 minutes)…');
  run('npm ci --no-audit --no-fund');
}

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const stamp = join(root, 'dist/.built');
// The build's inputs: the sources, the build scripts themselves, and the dependency list.
const sources = Math.max(
  newest(join(root, 'src')),
  newest(join(root, 'scripts')),
  statSync(join(root, 'package.json')).mtimeMs,
);
if (!existsSync(stamp) || statSync(stamp).mtimeMs < sources) {
  console.error('docket: building…');
  run('npm run --silent build');
}

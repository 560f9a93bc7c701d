// The Chromium that the board's browser tests (test/web) and the board benchmark drive through
// playwright-core, which never downloads a browser of its own. `npm test` calls ensureChromium()
// (through `ensure.mjs --browser`) so that a missing browser is installed or named before any test
// runs, never skipped; `npm start` does not need one.
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Debian's package puts it here; DOCKET_CHROMIUM names another (test/web/harness.ts reads the same). */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** The browser the tests will launch. */
export const chromiumPath = (env = process.env) => env.DOCKET_CHROMIUM || DEFAULT_CHROMIUM;

const executable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Whether `command` is an executable somewhere on PATH. */
export const onPath = (command, env = process.env) =>
  (env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && executable(join(dir, command)));

/**
 * What to do about the browser: 'use' it, 'install' Debian's package (only as root with apt-get, and
 * only for the default path: the package cannot put a browser at a path someone chose), or 'stop'
 * and say how to get one.
 */
export function chromiumAction({ found, isRoot, hasApt, custom = false }) {
  if (found) return 'use';
  if (!custom && isRoot && hasApt) return 'install';
  return 'stop';
}

/** The one line printed when the tests cannot have a browser. */
export function missingMessage(path, custom) {
  return custom
    ? `docket: DOCKET_CHROMIUM=${path} is not an executable; point it at a Chromium binary, or unset it to use ${DEFAULT_CHROMIUM}`
    : `docket: Chromium is needed for the board's browser tests and there is none at ${path}: run \`sudo apt-get install chromium\` (or set DOCKET_CHROMIUM=/path/to/chromium), then npm test again`;
}

/**
 * Makes sure the browser is there, installing it when this process may; otherwise prints one line
 * and exits 1. apt-get's own output is shown only if it fails.
 */
export function ensureChromium(env = process.env) {
  const path = chromiumPath(env);
  const custom = Boolean(env.DOCKET_CHROMIUM);
  const action = chromiumAction({
    found: executable(path),
    isRoot: process.getuid?.() === 0,
    hasApt: onPath('apt-get', env),
    custom,
  });
  if (action === 'use') return path;
  if (action === 'install') {
    console.error("docket: installing Chromium for the board's browser tests (apt-get install chromium)…");
    const apt = (...args) =>
      execFileSync('apt-get', args, {
        env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
        stdio: ['ignore', 'pipe', 'pipe'],
        encoding: 'utf8',
      });
    try {
      apt('update', '-qq');
      apt('install', '-y', '-qq', 'chromium');
    } catch (e) {
      process.stderr.write(`${e.stdout ?? ''}${e.stderr ?? ''}`);
      console.error(`docket: apt-get could not install Chromium (${e.message.split('\n')[0]})`);
    }
    if (executable(path)) return path;
  }
  console.error(missingMessage(path, custom));
  process.exit(1);
}

import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What the README promises a user who wants `docket` on the PATH: the packed package, installed
 * globally (here into a temporary prefix), gives a working `docket` command. npm installs the
 * dependencies (from its cache where `npm ci` filled it) with their install scripts off, and the
 * better-sqlite3 binding this checkout already compiled is copied in: compiling it again would cost
 * two minutes and test node-gyp, not Docket's package.
 */
const ROOT = new URL('../..', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'docket-install-'));
const prefix = join(scratch, 'prefix');
const home = join(scratch, 'home');
const bin = join(prefix, 'bin');

const npm = (args: readonly string[], cwd = ROOT) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_prefix: prefix },
  });

/** `docket ARGS` as a user runs it: found on PATH, in a folder of their own, with no Docket settings. */
const docket = (args: readonly string[]) => {
  const env: NodeJS.ProcessEnv = { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: home };
  return spawnSync('docket', args, { cwd: home, env, encoding: 'utf8' });
};

beforeAll(() => {
  mkdirSync(home, { recursive: true });
  const tarball = npm(['pack', '--pack-destination', scratch, '--silent']).trim().split('\n').pop() ?? '';
  npm(['install', '--global', '--prefer-offline', '--ignore-scripts', join(scratch, tarball)], scratch);
  const installed = join(prefix, 'lib/node_modules/docket/node_modules/better-sqlite3/build');
  cpSync(join(ROOT, 'node_modules/better-sqlite3/build'), installed, { recursive: true });
}, 180_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the packed package installed globally', () => {
  it('ships the built CLI with its source maps and no tests', () => {
    const pkg = join(prefix, 'lib/node_modules/docket');
    expect(existsSync(join(pkg, 'dist/cli/main.js'))).toBe(true);
    expect(existsSync(join(pkg, 'dist/cli/docket.js.map'))).toBe(true);
    expect(existsSync(join(pkg, 'test'))).toBe(false);
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = docket(['--version']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(version);
    expect(r.status).toBe(0);
  });

  it('runs init, new and ls from the PATH', () => {
    const init = docket(['init']);
    expect(init.status, init.stderr).toBe(0);
    expect(existsSync(join(home, '.docket/docket.db'))).toBe(true);
    const made = docket(['new', 'Installed from the tarball', '-t', 'bug']);
    expect(made.status, made.stderr).toBe(0);
    const ls = docket(['ls', '--json']);
    expect(ls.status, ls.stderr).toBe(0);
    const { tickets } = JSON.parse(ls.stdout) as { tickets: { id: string; title: string; type: string }[] };
    expect(tickets.map((t) => [t.id, t.title, t.type])).toEqual([['HOME-1', 'Installed from the tarball', 'bug']]);
  });
});

import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumAction, chromiumPath, DEFAULT_CHROMIUM, missingMessage, onPath } from '../../scripts/chromium.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'docket-chromium-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `node ARGS` in the repository with DOCKET_CHROMIUM set to `chromium`. */
const node = (args: readonly string[], chromium: string) =>
  spawnSync(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, DOCKET_CHROMIUM: chromium },
    encoding: 'utf8',
  });

describe('what npm test does about Chromium', () => {
  it('uses a browser that is there, whoever runs it', () => {
    for (const isRoot of [true, false])
      for (const hasApt of [true, false]) expect(chromiumAction({ found: true, isRoot, hasApt })).toBe('use');
  });

  it('installs the package only as root with apt-get', () => {
    expect(chromiumAction({ found: false, isRoot: true, hasApt: true })).toBe('install');
    expect(chromiumAction({ found: false, isRoot: false, hasApt: true })).toBe('stop');
    expect(chromiumAction({ found: false, isRoot: true, hasApt: false })).toBe('stop');
    expect(chromiumAction({ found: false, isRoot: false, hasApt: false })).toBe('stop');
  });

  it('never installs for a path DOCKET_CHROMIUM chose: the package would not put a browser there', () => {
    expect(chromiumAction({ found: false, isRoot: true, hasApt: true, custom: true })).toBe('stop');
    expect(chromiumAction({ found: true, isRoot: false, hasApt: false, custom: true })).toBe('use');
  });

  it('reads DOCKET_CHROMIUM, else the Debian path', () => {
    expect(chromiumPath({})).toBe(DEFAULT_CHROMIUM);
    expect(chromiumPath({ DOCKET_CHROMIUM: '' })).toBe(DEFAULT_CHROMIUM);
    expect(chromiumPath({ DOCKET_CHROMIUM: '/opt/chrome/chrome' })).toBe('/opt/chrome/chrome');
  });

  it('finds apt-get only as an executable on PATH', () => {
    const bin = join(scratch, 'bin');
    const notExecutable = join(scratch, 'plain');
    for (const dir of [bin, notExecutable]) mkdirSync(dir, { recursive: true });
    writeFileSync(join(bin, 'apt-get'), '#!/bin/sh\n');
    chmodSync(join(bin, 'apt-get'), 0o755);
    writeFileSync(join(notExecutable, 'apt-get'), '');
    expect(onPath('apt-get', { PATH: bin })).toBe(true);
    expect(onPath('apt-get', { PATH: notExecutable })).toBe(false);
    expect(onPath('apt-get', { PATH: '' })).toBe(false);
  });

  it('says in one line how to get a browser', () => {
    for (const line of [missingMessage(DEFAULT_CHROMIUM, false), missingMessage('/nope', true)]) {
      expect(line).not.toContain('\n');
      expect(line).toMatch(/^docket: /);
    }
    expect(missingMessage(DEFAULT_CHROMIUM, false)).toContain('sudo apt-get install chromium');
    expect(missingMessage(DEFAULT_CHROMIUM, false)).toContain('DOCKET_CHROMIUM=');
  });

  it('stops `ensure.mjs --browser` before anything else, with one line and exit 1, when the browser is missing', () => {
    const missing = join(scratch, 'no-such-chromium');
    const r = node(['scripts/ensure.mjs', '--browser'], missing);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${missingMessage(missing, true)}\n`);
  });

  it('goes on quietly when the browser is there', () => {
    const fake = join(scratch, 'chromium');
    writeFileSync(fake, '#!/bin/sh\n');
    chmodSync(fake, 0o755);
    // ensureChromium itself: ensure.mjs would go on to build dist/, which this test does not need.
    const r = node(
      ['--input-type=module', '-e', "import('./scripts/chromium.mjs').then((m) => console.log(m.ensureChromium()))"],
      fake,
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${fake}\n`);
    expect(r.status).toBe(0);
  });

  it('asks for the browser in npm test only: npm start serves without one', () => {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.test).toMatch(/^node scripts\/ensure\.mjs --browser && /);
    expect(scripts.start).not.toContain('--browser');
  });
});

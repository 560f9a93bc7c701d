import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BIN, type Sandbox, sandbox } from './harness.js';

// util-linux `script` runs a command on a pseudo-terminal: the only way to see what people see.
const SCRIPT = '/usr/bin/script';

function onTerminal(s: Sandbox, args: string[], env: Record<string, string> = {}): Promise<string> {
  const quoted = [process.execPath, BIN, '-d', s.db, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(NO_COLOR|FORCE_COLOR|DOCKET_)/.test(k)),
  );
  return new Promise((resolve, reject) =>
    execFile(
      SCRIPT,
      ['-qec', `stty cols 80; ${quoted}`, '/dev/null'],
      { cwd: s.dir, env: { ...clean, TERM: 'xterm', ...env }, encoding: 'utf8' },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    ),
  );
}

describe.skipIf(!existsSync(SCRIPT))('on a terminal (skipped without util-linux script)', () => {
  let s: Sandbox;
  beforeAll(async () => {
    s = sandbox();
    await s.ok(['init']);
    for (const title of ['One', 'Two', 'Three']) await s.ok(['new', title, '-p', 'urgent']);
  });
  afterAll(() => s.cleanup());

  test('tables are coloured and fit the terminal; NO_COLOR turns colour off', async () => {
    const coloured = await onTerminal(s, ['ls']);
    expect(coloured).toContain('\u001b[');
    const plain = await onTerminal(s, ['ls'], { NO_COLOR: '1' });
    expect(plain).not.toContain('\u001b[');
    expect(plain).toMatch(/ID\s+STATUS\s+PRIORITY/);
  });

  test('bulk work draws a progress bar on stderr, then clears it', async () => {
    const out = await onTerminal(s, ['close', '1', '2', '3']);
    expect(out).toMatch(/closing \[#+\] 100% 3\/3/);
    expect(out).toContain('\r\u001b[K');
    expect(out).toMatch(/Closed .*-3/);
  });
});

import { type ChildProcess, spawn } from 'node:child_process';
import { BIN } from '../cli/harness.js';

/**
 * `docket serve` as a real process of the built binary, on a free port, with a short webhook timeout
 * (so the lease a killed server held ends within seconds); resolves once it listens.
 */
export function serveProcess(db: string, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, '-d', db, 'serve', '--port', '0', '--no-mcp'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { PATH: process.env.PATH ?? '', DOCKET_WEBHOOK_TIMEOUT_MS: '1000', ...env },
  });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      if (/serving http:\/\//.test(err)) resolve(child);
    });
    child.once('exit', (code, signal) => reject(new Error(`docket serve exited ${code ?? signal}: ${err}`)));
  });
}

/** Kills a process with `signal` and waits until it is gone. */
export function kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `done()` holds, checking every 100 ms, for at most `ms`; returns whether it held. */
export async function waitFor(done: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await done()) return true;
    await sleep(100);
  }
  return done();
}

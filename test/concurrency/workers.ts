import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Ack, Job } from './worker.js';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A running worker process and everything it has said so far. */
export interface Worker {
  readonly name: string;
  readonly acks: Ack[];
  readonly errors: string[];
  readonly refused: string[];
  readonly child: ChildProcess;
  /** Resolves once the worker has opened the store and waits for `go`. */
  readonly ready: Promise<void>;
  /** Resolves with the exit code (or the signal that ended it). */
  readonly exited: Promise<number | NodeJS.Signals>;
  go(): void;
  /** Calls `listener` after every ack line. */
  onAck(listener: () => void): void;
}

export function startWorker(job: Job): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(job)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const acks: Ack[] = [];
  const errors: string[] = [];
  const refused: string[] = [];
  const listeners: (() => void)[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const space = line.indexOf(' ');
    const word = space === -1 ? line : line.slice(0, space);
    const rest = space === -1 ? '' : line.slice(space + 1);
    if (word === 'ready') markReady();
    else if (word === 'ack') {
      acks.push(JSON.parse(rest) as Ack);
      for (const l of listeners) l();
    } else if (word === 'refused') refused.push(rest);
    else if (word === 'error') errors.push(rest);
  });
  const exited = new Promise<number | NodeJS.Signals>((resolve) => {
    child.on('exit', (code, signal) => {
      if (code && code !== 0 && stderr) errors.push(`exit ${code}: ${stderr.slice(0, 2000)}`);
      resolve(signal ?? code ?? 0);
    });
  });
  // a worker that dies before `ready` must fail the test, not hang it
  void exited.then(() => markReady());
  return {
    name: job.name,
    acks,
    errors,
    refused,
    child,
    ready,
    exited,
    go: () => child.stdin!.write('go\n'),
    onAck: (l) => listeners.push(l),
  };
}

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The built binary: these tests run what users run (globalSetup builds it first). */
export const BIN = new URL('../../dist/cli/main.js', import.meta.url).pathname;

/** BlinkDesk 0.11's format: 4 tickets, prefix BD-, comments, assignments (../shared/reference/blinkdesk.md). */
export const BLINKDESK_SAMPLE = new URL('../transfer/fixtures/blinkdesk-0.11-sample.sqlite', import.meta.url).pathname;

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: Record<string, string | undefined>;
  readonly input?: string;
}

/** The environment a test run sees: no Docket or BlinkDesk settings leak in from the developer's shell. */
function cleanEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(DOCKET_|BLINKDESK_|NO_COLOR$|FORCE_COLOR$|COLUMNS$)/.test(k)) env[k] = v;
  }
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

/** Runs `docket ARGS` as a subprocess and collects its exit code and output. */
export function docket(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? tmpdir(),
      env: cleanEnv(options.env ?? {}),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** A temp folder with a database path in it; `run` binds `-d` to that database. */
export interface Sandbox {
  readonly dir: string;
  readonly db: string;
  run(args: readonly string[], options?: RunOptions): Promise<Run>;
  /** Runs and expects exit 0, returning stdout; a failure shows the command's stderr. */
  ok(args: readonly string[], options?: RunOptions): Promise<string>;
  /** Runs with --json and parses stdout. */
  json<T = unknown>(args: readonly string[], options?: RunOptions): Promise<T>;
  cleanup(): void;
}

export function sandbox(name = 'docket.db'): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'docket-cli-'));
  const db = join(dir, name);
  const run = (args: readonly string[], options: RunOptions = {}) =>
    docket(['-d', db, ...args], { cwd: dir, ...options });
  const ok = async (args: readonly string[], options?: RunOptions) => {
    const r = await run(args, options);
    if (r.code !== 0) throw new Error(`docket ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r.stdout;
  };
  return {
    dir,
    db,
    run,
    ok,
    json: async <T>(args: readonly string[], options?: RunOptions) =>
      JSON.parse(await ok([...args, '--json'], options)) as T,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The ticket shape `--json` prints (docs/cli.md). */
export interface TicketJson {
  id: string;
  number: number;
  project: string;
  type: string;
  title: string;
  description: string;
  status: string;
  priority: string;
  assignee: string | null;
  category: string | null;
  labels: string[];
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  leaseUntil: string | null;
  version: number;
}

import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built binary, as agents start it. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = `${ROOT}dist/cli/main.js`;
const INSPECTOR = `${ROOT}node_modules/.bin/mcp-inspector`;

/** Builds dist/ when the sources are newer (a no-op when the global setup already did). */
export function ensureBuilt(): void {
  execFileSync(process.execPath, [`${ROOT}scripts/ensure.mjs`], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Starts `docket … mcp --http` (or a BlinkDesk shape) and resolves once it says where it listens. */
export function spawnHttp(
  args: readonly string[],
): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no address announced: ${err}`)), 15_000);
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      err += chunk;
      const m = err.match(/Streamable HTTP at (http:\/\/\S+\/mcp)/);
      if (m) {
        clearTimeout(timer);
        const stop = () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          });
        resolve({ url: m[1]!, child, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}: ${err}`));
    });
  });
}

/** Runs the MCP Inspector CLI (2.12) and returns its exit code and output. */
export function inspector(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      INSPECTOR,
      ['--cli', ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, out: stdout, err: stderr });
      },
    );
  });
}

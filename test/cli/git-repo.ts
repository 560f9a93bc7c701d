import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docket, type Run } from './harness.js';

/**
 * A real git repository in a temp folder with a Docket database beside it (project `doc`, ids DOC-n),
 * git and docket both run with a HOME of their own so no global git config (a global hooksPath, a
 * signing key) leaks in.
 */
export interface Repo {
  readonly root: string;
  readonly dir: string;
  readonly db: string;
  readonly env: Record<string, string>;
  git(args: readonly string[], cwd?: string): string;
  /** Runs git and returns its exit code and output (for commits whose hook prints). */
  gitRun(args: readonly string[], cwd?: string): Run;
  /** Writes a file and commits it with `message` (given as bytes through a file, so anything goes). */
  commit(message: string | Buffer, cwd?: string): Run;
  run(args: readonly string[], cwd?: string): Promise<Run>;
  ok(args: readonly string[], cwd?: string): Promise<string>;
  json<T = unknown>(args: readonly string[], cwd?: string): Promise<T>;
  cleanup(): void;
}

let files = 0;

export async function makeRepo(): Promise<Repo> {
  const root = mkdtempSync(join(tmpdir(), 'docket-git-'));
  const dir = join(root, 'repo');
  const home = join(root, 'home');
  mkdirSync(home);
  mkdirSync(dir);
  const db = join(root, 'tickets.db');
  const env: Record<string, string> = {
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Ann Example',
    GIT_AUTHOR_EMAIL: 'ann@example.com',
    GIT_COMMITTER_NAME: 'Ann Example',
    GIT_COMMITTER_EMAIL: 'ann@example.com',
    PATH: process.env.PATH ?? '/usr/bin:/bin',
  };
  const gitRun = (args: readonly string[], cwd = dir): Run => {
    const r = spawnSync('git', args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  const git = (args: readonly string[], cwd = dir) =>
    execFileSync('git', args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 }).trim();
  const run = (args: readonly string[], cwd = dir) => docket(['-d', db, ...args], { cwd, env });
  const ok = async (args: readonly string[], cwd = dir) => {
    const r = await run(args, cwd);
    if (r.code !== 0) throw new Error(`docket ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r.stdout;
  };
  git(['init', '-q', '-b', 'main']);
  git(['commit', '-q', '--allow-empty', '-m', 'start']);
  await ok(['-p', 'doc', 'init']);
  return {
    root,
    dir,
    db,
    env,
    git,
    gitRun,
    commit(message, cwd = dir) {
      const n = ++files;
      writeFileSync(join(cwd, `file-${n}.txt`), `change ${n}\n`);
      git(['add', '.'], cwd);
      const msg = join(root, `message-${n}`);
      writeFileSync(msg, message);
      return gitRun(['commit', '-q', '--cleanup=verbatim', '-F', msg], cwd);
    },
    run,
    ok,
    json: async <T>(args: readonly string[], cwd = dir) => JSON.parse(await ok([...args, '--json'], cwd)) as T,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface ReferenceJson {
  kind: string;
  key: string;
  subject: string | null;
  author: string | null;
  time: string | null;
  branch: string | null;
  url: string | null;
}

export interface DetailJson {
  ticket: { id: string; status: string; closedAt: string | null };
  references: ReferenceJson[];
  comments: { body: string }[];
}

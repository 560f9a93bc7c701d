import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { CommitInfo } from '../core/references.js';
import { DocketError } from '../domain/errors.js';

// The git CLI, always called with an argument array (never through a shell), its output read as
// bytes and decoded leniently: a commit message is whatever its author typed.

/** Most of one commit's message Docket reads; the rest is dropped (mentions past 1 MiB are not seen). */
export const MESSAGE_MAX = 1 << 20;

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Bytes as text, invalid UTF-8 replaced by U+FFFD and NUL removed (no store keeps it). */
export const decode = (bytes: Uint8Array): string => decoder.decode(bytes).replaceAll('\0', '');

function gitError(e: { code?: unknown; message: string }, stderr: string, args: readonly string[]): DocketError {
  if (e.code === 'ENOENT') {
    return new DocketError('unsupported', 'git is not installed or not on PATH; install git to use the git commands', {
      git: 'missing',
    });
  }
  const said = stderr.trim().split('\n').find(Boolean) ?? e.message;
  if (/not a git repository/i.test(said)) {
    return new DocketError('not_found', 'not inside a git repository; run this in a repository (or git init one)', {
      git: 'no_repository',
    });
  }
  return new DocketError('validation', `git ${args[0]} failed: ${said.replace(/^(fatal|error): /, '')}`, {
    git: args[0] ?? 'git',
  });
}

/** Runs git in `cwd` and returns its standard output as bytes. */
export function gitBytes(cwd: string, args: readonly string[]): Promise<Buffer> {
  return new Promise((done, fail) => {
    execFile('git', args, { cwd, encoding: 'buffer', maxBuffer: 4 * MESSAGE_MAX }, (e, stdout, stderr) => {
      if (e) fail(gitError(e, decode(stderr), args));
      else done(stdout);
    });
  });
}

/** Runs git and returns its output as one trimmed line of text. */
export async function gitLine(cwd: string, args: readonly string[]): Promise<string> {
  return decode(await gitBytes(cwd, args)).trim();
}

/** The same, undefined when git says no (an unset config key, a detached HEAD, a missing ref). */
export async function gitMaybe(cwd: string, args: readonly string[]): Promise<string | undefined> {
  try {
    return (await gitLine(cwd, args)) || undefined;
  } catch (e) {
    if (e instanceof DocketError && (e.details as { git?: string }).git !== args[0]) throw e;
    return undefined;
  }
}

/** The repository's top folder; a one-line error outside a repository or without git. */
export const topLevel = (cwd: string) => gitLine(cwd, ['rev-parse', '--show-toplevel']);

/** The branch checked out, or undefined on a detached HEAD. */
export const currentBranch = (cwd: string) => gitMaybe(cwd, ['symbolic-ref', '--quiet', '--short', 'HEAD']);

/**
 * The branch being rebased while a rebase runs on a detached HEAD (git keeps its name in the rebase's
 * state folder), so commits replayed there count as that branch's.
 */
export async function rebasingBranch(cwd: string): Promise<string | undefined> {
  for (const state of ['rebase-merge', 'rebase-apply']) {
    const file = await gitLine(cwd, ['rev-parse', '--git-path', `${state}/head-name`]);
    try {
      const name = readFileSync(isAbsolute(file) ? file : resolve(cwd, file), 'utf8').trim();
      if (name.startsWith('refs/heads/')) return name.slice('refs/heads/'.length);
    } catch {
      // no rebase of this kind under way
    }
  }
  return undefined;
}

/**
 * The project's default branch: `git config docket.defaultBranch`, else the branch origin's HEAD
 * points at, else `init.defaultBranch`, else `main`.
 */
export async function defaultBranch(cwd: string): Promise<string> {
  // one git call for both settings: each call is a process start, and the hook runs on every commit
  const config = new Map(
    ((await gitMaybe(cwd, ['config', '--get-regexp', '^(docket|init)\\.defaultbranch$'])) ?? '')
      .split('\n')
      .map((l) => l.trim().split(/\s+/, 2) as [string, string | undefined])
      .map(([k, v]) => [k.toLowerCase(), v] as const),
  );
  const set = config.get('docket.defaultbranch');
  if (set) return set;
  const origin = await gitMaybe(cwd, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
  if (origin) return origin.replace(/^origin\//, '');
  return config.get('init.defaultbranch') ?? 'main';
}

/** The folder hooks run from: `core.hooksPath` when set, else the common git folder's hooks (worktrees share it). */
export async function hooksDir(cwd: string): Promise<string> {
  const dir = await gitLine(cwd, ['rev-parse', '--git-path', 'hooks']);
  return isAbsolute(dir) ? dir : resolve(cwd, dir);
}

const FIELD = '\x1f';
const FORMAT = ['%H', '%an <%ae>', '%at', '%B'].join('%x1f');

function toCommit(record: Buffer, branch: string | null): CommitInfo | undefined {
  const text = decode(record.subarray(0, MESSAGE_MAX + 200));
  const [sha, author, time, ...rest] = text.split(FIELD);
  if (!sha || !/^[0-9a-f]{40,64}$/.test(sha.trim())) return undefined;
  const seconds = Number(time);
  return {
    sha: sha.trim(),
    author: author?.trim() || null,
    // a time the export format can write (ISO years 1970-9999), else none
    time: Number.isFinite(seconds) && seconds > 0 && seconds < 253_402_300_800 ? seconds * 1000 : null,
    message: rest.join(FIELD).slice(0, MESSAGE_MAX),
    branch,
  };
}

/** One commit by name (a sha, HEAD). */
export async function readCommit(cwd: string, rev: string, branch: string | null): Promise<CommitInfo> {
  const out = await gitBytes(cwd, ['log', '-1', '-z', `--format=${FORMAT}`, rev, '--']);
  const end = out.indexOf(0);
  const commit = toCommit(end < 0 ? out : out.subarray(0, end), branch);
  if (!commit) throw new DocketError('not_found', `git has no commit '${rev}'`, { git: 'log' });
  return commit;
}

/**
 * The commits of a range (`A..B`, or a branch), oldest first, read from one `git log` as they
 * stream so a long history never sits in memory whole.
 */
export async function* readCommits(cwd: string, range: string, branch: string | null): AsyncGenerator<CommitInfo> {
  const child = spawn('git', ['log', '--reverse', '-z', `--format=${FORMAT}`, range, '--'], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const failed = new Promise<DocketError | undefined>((done) => {
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += decode(d);
    });
    child.on('error', (e) => done(gitError(e, stderr, ['log'])));
    child.on('close', (code) => done(code === 0 ? undefined : gitError(new Error(`exit ${code}`), stderr, ['log'])));
  });
  let pending: Buffer[] = [];
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    let from = 0;
    for (let at = chunk.indexOf(0); at >= 0; at = chunk.indexOf(0, from)) {
      pending.push(chunk.subarray(from, at));
      const commit = toCommit(Buffer.concat(pending), branch);
      pending = [];
      if (commit) yield commit;
      from = at + 1;
    }
    if (from < chunk.length) pending.push(chunk.subarray(from));
  }
  if (pending.length) {
    const commit = toCommit(Buffer.concat(pending), branch);
    if (commit) yield commit;
  }
  const error = await failed;
  if (error) throw error;
}

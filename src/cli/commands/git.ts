import { resolve } from 'node:path';
import { text } from 'node:stream/consumers';
import type { Project } from '../../core/docket.js';
import type { CommitInfo, CommitOutcome } from '../../core/references.js';
import { mayReference } from '../../domain/references.js';
import {
  currentBranch,
  defaultBranch,
  gitMaybe,
  hooksDir,
  readCommit,
  readCommits,
  rebasingBranch,
  topLevel,
} from '../git.js';
import { HOOKS, type HookChange, hookCommand, installHooks, uninstallHooks } from '../hooks.js';
import type { Session } from '../session.js';

/** How long the hook waits for another writer's lock before giving up on the commit (it never blocks long). */
const HOOK_BUSY_MS = 1500;

/** The projects a commit is read against: the one named (-p, DOCKET_PROJECT), else every project. */
async function projectsOf(s: Session, busyTimeoutMs?: number): Promise<Project[]> {
  const docket = await s.docket(busyTimeoutMs === undefined ? {} : { busyTimeoutMs });
  const named = s.globals.project ?? s.io.env.DOCKET_PROJECT;
  const keys = named ? [named] : (await docket.projects()).map((p) => p.key);
  return keys.map((key) => docket.project(key, { actor: s.actor() }));
}

interface Tally {
  commits: number;
  referenced: Set<string>;
  closed: Set<string>;
}

async function record(projects: readonly Project[], commit: CommitInfo, landed: boolean, main: string, tally: Tally) {
  tally.commits++;
  if (!mayReference(commit.message)) return;
  for (const p of projects) {
    const out: CommitOutcome = await p.recordCommit(commit, { landed, defaultBranch: main });
    for (const id of out.referenced) tally.referenced.add(id);
    for (const id of out.closed) tally.closed.add(id);
  }
}

const newTally = (): Tally => ({ commits: 0, referenced: new Set(), closed: new Set() });

const describeHooks = (changes: readonly HookChange[]) => changes.map((c) => `${c.hook}: ${c.action}`).join(', ');

/** `docket git install`: hooks that reference commits on tickets, chained after any hooks already there. */
export async function gitInstall(s: Session): Promise<void> {
  const cwd = s.io.cwd;
  await topLevel(cwd);
  const db = s.databasePath();
  await s.docket();
  const project = s.globals.project ?? s.io.env.DOCKET_PROJECT;
  const options = ['-d', db, ...(project ? ['-p', project] : [])];
  const command = hookCommand(process.execPath, resolve(process.argv[1] ?? 'docket'), options);
  const dir = await hooksDir(cwd);
  const changes = installHooks(dir, command);
  const main = await defaultBranch(cwd);
  if (s.json) s.printJson({ hooks: dir, database: db, defaultBranch: main, changes });
  else {
    s.out(`Installed Docket's git hooks in ${dir} (${describeHooks(changes)})`);
    s.note(`Commits naming a ticket are referenced on it; "fixes ID" closes it once the commit is on ${main}.`);
  }
}

/** `docket git uninstall`: removes Docket's hooks and puts back the ones they had kept aside. */
export async function gitUninstall(s: Session): Promise<void> {
  const dir = await hooksDir(s.io.cwd);
  const changes = uninstallHooks(dir);
  if (s.json) s.printJson({ hooks: dir, changes });
  else s.out(`Removed Docket's git hooks from ${dir} (${describeHooks(changes)})`);
}

export interface ScanOptions {
  readonly since?: string;
  readonly branch?: string;
}

/** `docket git scan`: reads history for references after the fact; a second scan changes nothing. */
export async function gitScan(s: Session, o: ScanOptions): Promise<void> {
  const cwd = s.io.cwd;
  await topLevel(cwd);
  const main = await defaultBranch(cwd);
  const branch = o.branch ?? (await currentBranch(cwd)) ?? null;
  const target = o.branch ?? branch ?? 'HEAD';
  const landed = branch === main;
  // Off the default branch, only its own commits: those also on the default branch are read there.
  const hasMain = !landed && (await gitMaybe(cwd, ['rev-parse', '--verify', '--quiet', `refs/heads/${main}`]));
  const range = o.since ? `${o.since}..${target}` : hasMain ? `${main}..${target}` : target;
  const projects = await projectsOf(s);
  const tally = newTally();
  for await (const commit of readCommits(cwd, range, branch)) await record(projects, commit, landed, main, tally);
  const result = {
    range,
    landed,
    commits: tally.commits,
    referenced: [...tally.referenced],
    closed: [...tally.closed],
  };
  if (s.json) s.printJson(result);
  else {
    const ids = (list: readonly string[]) => (list.length ? `: ${list.join(', ')}` : '');
    s.out(`Read ${result.commits} commit${result.commits === 1 ? '' : 's'} of ${range}`);
    s.out(`  referenced ${result.referenced.length} ticket(s)${ids(result.referenced)}`);
    s.out(`  closed ${result.closed.length} ticket(s)${ids(result.closed)}`);
  }
}

/**
 * `docket git hook NAME`: what the installed hooks run. It never fails the git command: any error
 * (no database, a locked or damaged one, git missing) prints one line and exits 0.
 */
export async function gitHook(s: Session, hook: string): Promise<void> {
  try {
    const tally = await runHook(s, hook);
    const parts = [
      tally.referenced.size ? `referenced on ${[...tally.referenced].join(', ')}` : '',
      tally.closed.size ? `closed ${[...tally.closed].join(', ')}` : '',
    ].filter(Boolean);
    if (parts.length) s.note(`docket: ${parts.join('; ')}`);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    s.err(
      `docket: ${hook} hook recorded nothing (${message.replace(/\s+/g, ' ').slice(0, 300)}); the git command itself is done`,
    );
  }
}

async function runHook(s: Session, hook: string): Promise<Tally> {
  const cwd = s.io.cwd;
  const tally = newTally();
  if (!(HOOKS as readonly string[]).includes(hook)) throw new Error(`unknown hook '${hook}'`);
  let commits: CommitInfo[];
  if (hook === 'post-rewrite') {
    const lines = (await text(process.stdin)).split('\n');
    const shas = lines.map((l) => l.split(' ')[1]).filter((x): x is string => !!x && /^[0-9a-f]{40,64}$/.test(x));
    commits = await Promise.all(shas.map((sha) => readCommit(cwd, sha, null)));
  } else if (hook === 'post-merge') {
    const from = await gitMaybe(cwd, ['rev-parse', '--verify', '--quiet', 'ORIG_HEAD']);
    commits = [];
    if (from) for await (const c of readCommits(cwd, `${from}..HEAD`, null)) commits.push(c);
    else commits.push(await readCommit(cwd, 'HEAD', null));
  } else {
    commits = [await readCommit(cwd, 'HEAD', null)];
  }
  // Most commits name no ticket: then neither the branch nor the database is looked at.
  const relevant = commits.filter((c) => mayReference(c.message));
  if (!relevant.length) return tally;
  const [branch, main, projects] = await Promise.all([
    currentBranch(cwd).then(async (b) => b ?? (await rebasingBranch(cwd)) ?? null),
    defaultBranch(cwd),
    projectsOf(s, HOOK_BUSY_MS),
  ]);
  for (const c of relevant) await record(projects, { ...c, branch }, branch === main, main, tally);
  return tally;
}

import { existsSync, rmdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Docket, Project } from '../core/docket.js';
import { DocketError } from '../domain/errors.js';
import { describeTarget, openDocket } from '../open.js';
import { UsageError } from './errors.js';
import { isTerminal, writeErr, writeOut } from './output.js';
import { colourWanted, json, outputWidth, type Palette, palette } from './render.js';

/** Options every command understands; given before the command or after it. */
export interface Globals {
  readonly db?: string;
  readonly databasePath?: string;
  readonly project?: string;
  readonly as?: string;
  readonly operator?: string;
  readonly json?: boolean;
  readonly format?: string;
  readonly quiet?: boolean;
  readonly debug?: boolean;
  readonly color?: boolean;
  readonly verbose?: boolean;
}

/**
 * The process's environment. Output goes through output.ts; the streams are here for what needs a
 * stream (an export's backpressure, a server's log) and are only created when touched.
 */
export interface Io {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

const DOCKET_DIR = '.docket';
/**
 * How long a command waits for another process's write lock on a SQLite file (the library's default
 * is 5 s). Agents that each run `docket` per call, many at once, queue for the CPU as much as for the
 * lock: at 128 of them on 2 cores a lock holder is preempted for seconds, and 5 s turned waits into
 * `storage` errors the agent could only answer by running the command again (docs/benchmarks.md).
 */
const BUSY_TIMEOUT_MS = 30_000;
const DOCKET_FILE = 'docket.db';

/** Finds `.docket/docket.db` in `from` or the nearest folder above it, as git finds `.git`. */
export function findDatabase(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, DOCKET_DIR, DOCKET_FILE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

const isUrl = (target: string) => /^[a-z]+:\/\//i.test(target);

/** A project key from a folder name (`My App!` becomes `my-app`), or from a server URL's database name. */
export function keyFromFolder(dbPath: string): string {
  let name: string;
  if (isUrl(dbPath)) {
    try {
      name = decodeURIComponent(new URL(dbPath).pathname.slice(1));
    } catch {
      name = '';
    }
  } else {
    let dir = dirname(resolve(dbPath));
    if (basename(dir) === DOCKET_DIR) dir = dirname(dir);
    name = basename(dir);
  }
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 32)
    .replace(/[-_]+$/, '');
  if (!slug) return 'main';
  return /^[a-z]/.test(slug) ? slug : `p-${slug}`.slice(0, 32);
}

interface Created {
  readonly path: string;
  readonly dirs: readonly string[];
}

/** The folders `mkdir -p dir` would make, deepest first. */
function missingFolders(dir: string): string[] {
  const out: string[] = [];
  for (let d = dir; !existsSync(d) && dirname(d) !== d; d = dirname(d)) out.push(d);
  return out;
}

/** Removes a database this run created: the file, SQLite's side files, then the folders if empty. */
function removeDatabase(made: Created): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${made.path}${suffix}`, { force: true });
  for (const dir of made.dirs) {
    try {
      rmdirSync(dir);
    } catch {
      return; // not empty: something else lives there now
    }
  }
}

/** What the CLI needs for one run: the resolved options, the output streams, and the store, opened once. */
export class Session {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly debug: boolean;
  readonly width: number;
  readonly paint: Palette;
  /** The command being run (completion walks the tree from it). */
  command: Command | undefined;
  private opened: Docket | undefined;
  private path: string | undefined;
  /** The database file this run created, and the folders it made for it (deepest first). */
  private created: Created | undefined;

  constructor(
    readonly globals: Globals,
    readonly io: Io,
  ) {
    const format = globals.format?.toLowerCase();
    if (format !== undefined && format !== 'json' && format !== 'table') {
      throw new UsageError(`-f/--format takes json or table, not '${globals.format}'`);
    }
    this.json = globals.json === true || format === 'json';
    this.quiet = globals.quiet === true;
    this.debug = globals.debug === true;
    const terminal = isTerminal(1);
    this.width = outputWidth(io.env, terminal ? io.stdout.columns : undefined);
    this.paint = palette(colourWanted(io.env, terminal, globals.color));
  }

  /** The database named by -d, DOCKET_DB or BLINKDESK_DATABASE, or the nearest `.docket/docket.db`. */
  explicitDatabase(): string | undefined {
    const given =
      this.globals.db ?? this.globals.databasePath ?? this.io.env.DOCKET_DB ?? this.io.env.BLINKDESK_DATABASE;
    return given === undefined || given === '' ? undefined : given;
  }

  /** The database path to use; `create` falls back to `.docket/docket.db` in the working folder. */
  databasePath(create = false): string {
    if (this.path) return this.path;
    const given = this.explicitDatabase();
    const found = given ?? findDatabase(this.io.cwd);
    if (found === undefined) {
      if (create) return this.localDatabase();
      throw new DocketError(
        'not_found',
        'no Docket database here (looked for .docket/docket.db in this folder and above); create one with: docket init (or pass -d PATH)',
      );
    }
    return /^[a-z]+:\/\//i.test(found) || found === ':memory:' ? found : resolve(this.io.cwd, found);
  }

  /** Where `docket init` creates a database: the -d path, else `.docket/docket.db` right here. */
  localDatabase(): string {
    const given = this.explicitDatabase();
    if (given === undefined) return join(this.io.cwd, DOCKET_DIR, DOCKET_FILE);
    return /^[a-z]+:\/\//i.test(given) || given === ':memory:' ? given : resolve(this.io.cwd, given);
  }

  /**
   * Opens the store once. Without `create` a missing file is a one-line error saying how to make it;
   * with it a missing file is created. Only `adopt` (init) may make an existing empty file a Docket
   * database: for every other command a file that is not one is refused and left as it was.
   */
  async docket(
    options: { create?: boolean; adopt?: boolean; path?: string; busyTimeoutMs?: number } = {},
  ): Promise<Docket> {
    if (this.opened) return this.opened;
    const path = options.path ?? this.databasePath(options.create);
    const local = !isUrl(path) && path !== ':memory:';
    const exists = local && existsSync(path);
    if (local && !options.create && !exists) {
      const given = this.explicitDatabase();
      throw new DocketError(
        'not_found',
        `no database at ${path}; create it with: docket ${given ? `-d ${given} ` : ''}init`,
        { path },
      );
    }
    this.path = path;
    if (this.globals.verbose) writeErr(`docket: using ${this.shown(path)}\n`);
    const creating = local && !exists && options.create === true;
    const made = creating ? { path, dirs: missingFolders(dirname(path)) } : undefined;
    try {
      this.opened = await openDocket(path, {
        create: options.create === true && (!exists || options.adopt === true),
        busyTimeoutMs: options.busyTimeoutMs ?? BUSY_TIMEOUT_MS,
      });
    } catch (e) {
      if (made) removeDatabase(made);
      throw e;
    }
    this.created = made;
    return this.opened;
  }

  /**
   * Undoes this run's creation of the database, so a failed import or init leaves nothing behind:
   * closes it, then removes the file, its journals and the folders made for it, unless a project
   * has appeared in it meanwhile (another process found the new file and used it).
   */
  async discardCreated(): Promise<void> {
    const made = this.created;
    const docket = this.opened;
    this.created = undefined;
    if (!made || !docket) return;
    const unused = await docket.projects().then(
      (projects) => projects.length === 0,
      () => false,
    );
    await this.close();
    if (unused) removeDatabase(made);
  }

  /** A database as messages name it: a path relative to here, a URL as host:port/database (never a password). */
  shown(path: string): string {
    return isUrl(path) ? describeTarget(path) : relative(this.io.cwd, path) || path;
  }

  /** The entity acting: --as, -o/--operator, else DOCKET_ACTOR. */
  actor(): string | null {
    const a = this.globals.as ?? this.globals.operator ?? this.io.env.DOCKET_ACTOR;
    return a === undefined || a === '' ? null : a;
  }

  /** -p/--project, DOCKET_PROJECT, else the only project in the database. */
  async projectKey(): Promise<string> {
    const given = this.globals.project ?? this.io.env.DOCKET_PROJECT;
    if (given) return given;
    const projects = await (await this.docket()).projects();
    if (projects.length === 1) return projects[0]!.key;
    if (!projects.length) {
      throw new DocketError(
        'not_found',
        `the database at ${this.path} has no project yet; create one with: docket init`,
      );
    }
    throw new DocketError(
      'validation',
      `this database holds several projects (${projects.map((p) => p.key).join(', ')}); pick one with -p KEY or DOCKET_PROJECT`,
      { projects: projects.map((p) => p.key) },
    );
  }

  async project(): Promise<Project> {
    const docket = await this.docket();
    return docket.project(await this.projectKey(), { actor: this.actor() });
  }

  out(text: string): void {
    writeOut(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** One line per item (what --quiet prints). */
  lines(items: readonly string[]): void {
    if (items.length) writeOut(`${items.join('\n')}\n`);
  }

  printJson(value: unknown): void {
    writeOut(json(value));
  }

  /** A note for people (stderr), silent with --quiet or --json so scripts see only data. */
  note(text: string): void {
    if (!this.quiet && !this.json) writeErr(`${text}\n`);
  }

  /** A line for stderr whatever the flags (per-item failures of a bulk run, watch's start line). */
  err(text: string): void {
    writeErr(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Prints a write's result: the JSON object, just the id (--quiet), or a sentence. */
  done(value: unknown, id: string, sentence: string): void {
    if (this.json) this.printJson(value);
    else if (this.quiet) this.out(id);
    else this.out(sentence);
  }

  async close(): Promise<void> {
    const d = this.opened;
    this.opened = undefined;
    if (d) await d.close();
  }
}

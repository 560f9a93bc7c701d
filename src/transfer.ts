import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import type { Docket } from './core/docket.js';
import type { DoctorReport } from './core/transfer/doctor.js';
import type { FolderInput } from './core/transfer/importers/backlog.js';
import type { ImportKind, ParseOptions, ParseResult } from './core/transfer/importers/import-item.js';
import type { SourceImportOptions, SourceImportResult } from './core/transfer/importers/import-source.js';
import { type ImportInput, parseImport } from './core/transfer/importers/parse-import.js';
import type { MigrateOptions, MigrateResult } from './core/transfer/migrate.js';
import { DocketError } from './domain/errors.js';
import { type OpenOptions, openDocket } from './open.js';
import { BlinkdeskReader } from './store/sqlite/only/blinkdesk-reader.js';

// Export, import, doctor and migration for faces: each is a Docket use case (core/transfer holds the
// rules); this layer only opens the files and databases they read.

/**
 * Writes a whole project as JSON Lines (docs/export-format.md); `write` gets each line without its
 * newline and may return a promise to apply backpressure.
 *
 * @example
 * await exportProject(docket, 'doc', (line) => out.write(`${line}\n`));
 */
export function exportProject(
  docket: Docket,
  project: string,
  write: (line: string) => void | Promise<void>,
  onProgress?: (done: number, total: number) => void,
): Promise<{ tickets: number }> {
  return docket.exportProject(project, write, onProgress);
}

/**
 * Loads an export (its lines, without newlines) as a new project, all or nothing.
 *
 * @example
 * const lines = createInterface({ input: createReadStream('doc.jsonl'), crlfDelay: Infinity });
 * await importProject(docket, lines, { project: 'doc2' });
 */
export function importProject(
  docket: Docket,
  lines: AsyncIterable<string>,
  options: { project?: string; onProgress?: (done: number) => void } = {},
): Promise<{ project: string; tickets: number }> {
  return docket.importProject(lines, options);
}

/**
 * Imports a BlinkDesk 0.11 database file (read-only) as a new project, keeping its ticket numbers.
 *
 * @example
 * await importBlinkdesk(docket, 'tickets.db'); // BD-4 stays BD-4 in project `bd`
 */
export async function importBlinkdesk(
  docket: Docket,
  path: string,
  options: { project?: string; onProgress?: (done: number, total: number) => void } = {},
): Promise<{ project: string; tickets: number }> {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'SQLITE_CANTOPEN') {
      throw new DocketError('not_found', `cannot open ${path}: no such file, or it is not readable`, { path });
    }
    throw new DocketError('validation', `cannot open ${path} as a database: ${(e as Error).message}`, { path });
  }
  try {
    const reader = BlinkdeskReader.open(db, path);
    return await docket.importBlinkdesk(reader, options);
  } finally {
    db.close();
  }
}

/**
 * Checks the database (integrity, search index, counts, counters, workflows, links) and, with
 * `fix`, repairs what is safe to repair.
 *
 * @example
 * const { problems, fixed } = await doctor(docket, { fix: true });
 */
export function doctor(docket: Docket, options: { fix?: boolean } = {}): Promise<DoctorReport> {
  return docket.doctor(options);
}

export type { MigrateOptions, MigrateProgress, MigrateResult } from './core/transfer/migrate.js';

/**
 * Moves a whole store (every project and every API token) into another, SQLite or PostgreSQL either
 * way, losslessly and all or nothing; refuses a destination that already has any of the projects.
 * Takes open Dockets, or paths and URLs (opened here, closed after: the source must exist, the
 * destination is created when missing).
 *
 * @example
 * await migrateStore('.docket/docket.db', 'postgres://docket@db.internal/tickets');
 */
export async function migrateStore(
  from: Docket | string,
  to: Docket | string,
  options: MigrateOptions & { open?: OpenOptions } = {},
): Promise<MigrateResult> {
  const { open = {}, ...rest } = options;
  const opened: Docket[] = [];
  try {
    const source = typeof from === 'string' ? await openDocket(from, { ...open, create: false }) : from;
    if (typeof from === 'string') opened.push(source);
    const target = typeof to === 'string' ? await openDocket(to, { ...open, create: true }) : to;
    if (typeof to === 'string') opened.push(target);
    return await source.migrateTo(target, rest);
  } finally {
    for (const d of opened) await d.close();
  }
}

/**
 * Reads another tracker's export into neutral items (docs/import.md): a file streamed from disk, or for
 * Backlog.md its `backlog/` folder (the folder itself or the project holding it). Nothing is written;
 * `planImport` turns the result into what a project would get.
 *
 * @example
 * const parsed = await readImport('jira', 'jira-export.csv', { baseUrl: 'https://acme.atlassian.net' });
 */
export async function readImport(kind: ImportKind, path: string, options: ParseOptions = {}): Promise<ParseResult> {
  const input = await openSource(kind, path);
  return parseImport(kind, input, { ...options, sourceName: options.sourceName ?? path });
}

/**
 * Imports another tracker's export from a file (or Backlog.md folder) into a project: new items become
 * tickets, items imported before update theirs; `dryRun` only plans (docs/import.md).
 *
 * @example
 * const { summary } = await importFrom(docket, 'web', 'github', 'issues.json', { rules: parseMappingRules(['type:*=task']) });
 */
export async function importFrom(
  docket: Docket,
  project: string,
  kind: ImportKind,
  path: string,
  options: SourceImportOptions = {},
): Promise<SourceImportResult> {
  const input = await openSource(kind, path);
  return docket.project(project).importFrom(kind, input, { ...options, sourceName: options.sourceName ?? path });
}

/** A source as its parser reads it: a file streamed, or a Backlog.md folder's files. */
async function openSource(kind: ImportKind, path: string): Promise<ImportInput<ImportKind>> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new DocketError('not_found', `cannot read ${path}: no such file or folder`, { path });
  if (kind !== 'backlog') {
    if (info.isDirectory())
      throw new DocketError('validation', `${path} is a folder; --from ${kind} reads a file`, { path });
    return createReadStream(path);
  }
  if (!info.isDirectory())
    throw new DocketError('validation', `${path} is a file; --from backlog reads a backlog/ folder`, { path });
  return backlogFolder(path);
}

/** A Backlog.md folder's files: `path` may be the backlog folder or the project that holds one. */
async function backlogFolder(path: string): Promise<FolderInput> {
  let root = path;
  for (const name of ['backlog', '.backlog']) {
    if ((await stat(join(path, name)).catch(() => undefined))?.isDirectory()) root = join(path, name);
  }
  const files: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) await walk(p);
      else if (entry.name.endsWith('.md') || entry.name === 'config.yml') files.push(p);
    }
  };
  await walk(root);
  return (async function* () {
    for (const p of files.sort())
      yield { path: relative(root, p).split('\\').join('/'), text: await readFile(p, 'utf8') };
  })();
}

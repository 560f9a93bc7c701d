import { createHash } from 'node:crypto';
import { DocketError, invalid } from '../../domain/errors.js';
import type { Store, StoreReader, StoreTx, TokenRow } from '../../store/store.js';
import { exportProjectFrom, exportProjectLines } from './export-project.js';
import { importProjectInto } from './import-project.js';
import { LinePipe } from './line-pipe.js';

export interface MigrateProgress {
  readonly project: string;
  /** The project's place among those being moved (from 1), and how many there are. */
  readonly index: number;
  readonly projects: number;
  /** Tickets of this project read so far, and how many it has. */
  readonly done: number;
  readonly total: number;
}

export interface MigrateOptions {
  readonly onProgress?: (progress: MigrateProgress) => void;
  /**
   * After the move, read every project back from the destination and check that its export is the
   * source's, byte for byte (default true).
   */
  readonly verify?: boolean;
}

export interface MigrateResult {
  readonly projects: readonly { readonly key: string; readonly tickets: number }[];
  readonly tokens: {
    /** Tokens written to the destination. */
    readonly copied: number;
    /** Tokens the destination already had (the same secret), left as they were. */
    readonly skipped: number;
    /** Whether tokens kept their ids (only into a store without tokens, where no id can clash). */
    readonly idsKept: boolean;
  };
  readonly verified: boolean;
}

interface Moved {
  readonly key: string;
  readonly tickets: number;
  /** SHA-256 of the project's export as read from the source. */
  readonly digest: string;
}

/**
 * Moves a whole store into another, of either backend: every project (through the lossless export
 * format, so nothing depends on row ids) and every API token with its hash, scopes and revocation.
 * The source is read from one snapshot and the destination written in one transaction, so the copy
 * is consistent and all or nothing. A destination that already has any of the projects is refused.
 */
export async function migrateStoreData(from: Store, to: Store, options: MigrateOptions = {}): Promise<MigrateResult> {
  if (from === to) throw invalid('the source and the destination are the same store; name two different databases');
  const { moved, tokens } = await from.read(async (src) => {
    const projects = (await src.projects.all()).map((p) => p.key);
    const rows = await src.tokens.rows();
    return to.write(async (dst) => {
      await refuseExisting(dst, projects);
      const moved: Moved[] = [];
      for (const [i, key] of projects.entries()) {
        const progress = (done: number, total: number) =>
          options.onProgress?.({ project: key, index: i + 1, projects: projects.length, done, total });
        moved.push(await moveProject(src, dst, key, progress));
      }
      return { moved, tokens: await copyTokens(dst, rows) };
    });
  });
  // A bulk load leaves PostgreSQL without planner statistics (search would scan instead of using its
  // index) and its GIN indexes with a long pending list until autovacuum comes by: settle both now.
  if (moved.length) await to.maintenance.settle();
  if (options.verify !== false) await verify(to, moved);
  return {
    projects: moved.map(({ key, tickets }) => ({ key, tickets })),
    tokens,
    verified: options.verify !== false,
  };
}

async function refuseExisting(dst: StoreReader, keys: readonly string[]): Promise<void> {
  const clash: string[] = [];
  for (const key of keys) if (await dst.projects.byKey(key)) clash.push(key);
  if (!clash.length) return;
  throw new DocketError(
    'already_exists',
    `the destination already has ${clash.length === 1 ? 'project' : 'projects'} ${clash.join(', ')}; ` +
      'migrate into a new, empty database (or PostgreSQL schema) instead; projects are never merged or overwritten',
    { projects: clash },
  );
}

/** Streams one project's export from the source snapshot straight into an import on the destination. */
async function moveProject(
  src: StoreReader,
  dst: StoreTx,
  key: string,
  progress: (done: number, total: number) => void,
): Promise<Moved> {
  const hash = createHash('sha256');
  const pipe = new LinePipe();
  const exporting = exportProjectFrom(
    src,
    key,
    (line) => {
      hash.update(`${line}\n`);
      return pipe.push(line);
    },
    progress,
  ).then(
    () => pipe.end(),
    (e: unknown) => {
      pipe.fail(e);
      throw e;
    },
  );
  const importing = importProjectInto(dst, pipe).catch((e: unknown) => {
    pipe.abandon(e);
    throw e;
  });
  const [, imported] = await Promise.all([exporting, importing]);
  return { key: imported.project, tickets: imported.tickets, digest: hash.digest('hex') };
}

async function copyTokens(dst: StoreTx, rows: readonly TokenRow[]): Promise<MigrateResult['tokens']> {
  const existing = await dst.tokens.rows();
  const idsKept = existing.length === 0;
  const known = new Set(existing.map((t) => t.hash));
  let copied = 0;
  for (const token of rows) {
    if (known.has(token.hash)) continue;
    await dst.tokens.restore(token, idsKept);
    copied++;
  }
  return { copied, skipped: rows.length - copied, idsKept };
}

/** Reads each moved project back from the destination (after commit: feed positions are final then). */
async function verify(to: Store, moved: readonly Moved[]): Promise<void> {
  for (const m of moved) {
    const hash = createHash('sha256');
    await exportProjectLines(to, m.key, (line) => {
      hash.update(`${line}\n`);
    });
    if (hash.digest('hex') !== m.digest) {
      throw new DocketError(
        'storage',
        `project ${m.key} was written to the destination, but reading it back does not give the source's export; ` +
          'compare `docket export` of both, and report this as a bug',
        { project: m.key },
      );
    }
  }
}

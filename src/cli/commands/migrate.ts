import { existsSync, rmSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Docket } from '../../core/docket.js';
import { DocketError } from '../../domain/errors.js';
import { describeTarget, openDocket } from '../../open.js';
import { type MigrateResult, migrateStore } from '../../transfer.js';
import { UsageError } from '../errors.js';
import { Progress } from '../progress.js';
import type { Session } from '../session.js';

export interface MigrateOptions {
  readonly from?: string;
  readonly to?: string;
  /** false with --no-verify: skip reading every project back from the destination. */
  readonly verify?: boolean;
}

const isUrl = (target: string) => /^[a-z]+:\/\//i.test(target);

/**
 * `docket migrate --from SRC --to DST`: moves a whole store (every project and API token) between
 * SQLite files and PostgreSQL databases, all or nothing. Without --from, the database -d names (or
 * the nearest .docket/docket.db).
 */
export async function runMigrate(s: Session, o: MigrateOptions): Promise<void> {
  if (!o.to) {
    throw new UsageError(
      'say where to move the store: docket migrate --from FILE.db --to postgres://USER@HOST/DATABASE (or the other way)',
    );
  }
  const from = o.from ? place(s, o.from) : s.databasePath();
  const to = place(s, o.to);
  if (from === to) throw new UsageError('--from and --to name the same database; name two different ones');
  if (!isUrl(from) && !existsSync(from)) {
    throw new DocketError('not_found', `no database at ${from}; check --from`, { path: from });
  }
  const fresh = !isUrl(to) && !existsSync(to);
  const result = await withDockets(from, to, fresh, (source, target) => move(s, source, target, o.verify !== false));

  const where = { from: shown(s, from), to: shown(s, to) };
  if (s.json) return s.printJson({ ...where, ...result });
  if (s.quiet) return s.lines(result.projects.map((p) => p.key));
  const projects = result.projects.map((p) => `${p.key} (${p.tickets} ticket${p.tickets === 1 ? '' : 's'})`);
  const tokens = result.tokens.copied + result.tokens.skipped;
  s.out(
    `Moved ${projects.length ? projects.join(', ') : 'no projects'} and ${tokens} token${tokens === 1 ? '' : 's'} ` +
      `from ${where.from} to ${where.to}${result.verified ? '; every project reads back identical' : ''}.`,
  );
  if (result.tokens.skipped) s.note(`${result.tokens.skipped} token(s) were there already and were left as they are.`);
  if (tokens && !result.tokens.idsKept) {
    s.note(`The destination had tokens of its own, so the moved tokens have new ids: see docket token list.`);
  }
}

/** A path relative to the working folder, or a URL as given. */
function place(s: Session, target: string): string {
  return isUrl(target) || target === ':memory:' ? target : resolve(s.io.cwd, target);
}

/** For messages: a path relative to here, a URL without its password. */
function shown(s: Session, target: string): string {
  return isUrl(target) ? describeTarget(target) : relative(s.io.cwd, target) || target;
}

async function withDockets<T>(
  from: string,
  to: string,
  fresh: boolean,
  fn: (source: Docket, target: Docket) => Promise<T>,
): Promise<T> {
  const source = await openDocket(from, { create: false });
  let target: Docket | undefined;
  try {
    target = await openDocket(to, { create: true });
    return await fn(source, target);
  } catch (e) {
    await target?.close();
    target = undefined;
    // A file this command created for a move that failed holds nothing: leave no empty database behind.
    if (fresh) for (const suffix of ['', '-wal', '-shm']) rmSync(to + suffix, { force: true });
    throw e;
  } finally {
    await target?.close();
    await source.close();
  }
}

async function move(s: Session, source: Docket, target: Docket, verify: boolean): Promise<MigrateResult> {
  let progress: Progress | undefined;
  let current = '';
  try {
    return await migrateStore(source, target, {
      verify,
      onProgress: (p) => {
        if (p.project !== current) {
          progress?.finish();
          current = p.project;
          progress = new Progress(`moving ${p.project} (${p.index}/${p.projects})`, s.quiet || s.json);
        }
        progress?.update(p.done, p.total);
      },
    });
  } finally {
    progress?.finish();
  }
}

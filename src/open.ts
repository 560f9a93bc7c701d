import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Docket } from './core/docket.js';
import { DocketError } from './domain/errors.js';
import type { PostgresDriver } from './store/postgres/driver.js';
import type { PostgresStoreOptions } from './store/postgres/postgres-store.js';
import type { SqliteDatabase } from './store/sqlite/driver.js';
import { storageError } from './store/sqlite/errors.js';
import { SqliteStore, type SqliteStoreOptions } from './store/sqlite/sqlite-store.js';
import type { Store } from './store/store.js';

export interface OpenOptions extends SqliteStoreOptions {
  /**
   * Create the file (and its folder) when missing, and make an empty file a Docket database; default
   * true. With false the target must already be a Docket database.
   */
  readonly create?: boolean;
  /** Clock for timestamps (tests). */
  readonly clock?: () => number;
  /** Settings for a `postgres://` target (see docs/postgres.md). */
  readonly postgres?: PostgresOpenOptions;
}

export interface PostgresOpenOptions extends Omit<PostgresStoreOptions, 'create'> {
  /** Most connections the pool opens (default 10); one more is used for change notifications. */
  readonly poolSize?: number;
}

/** The one place that picks a backend from a path or URL. */
export async function openStore(target: string, options: OpenOptions = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//i.test(target)) {
    const { create, postgres = {} } = options;
    return openPostgres(target, create === undefined ? postgres : { ...postgres, create });
  }
  const path = target === ':memory:' ? target : resolve(target);
  if (path !== ':memory:' && options.create !== false) mkdirSync(dirname(path), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: options.create === false });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'SQLITE_CANTOPEN') {
      throw new DocketError('not_found', `no database at ${path}; create one with: docket init`, { path });
    }
    throw storageError(e, path);
  }
  try {
    return new SqliteStore(db as unknown as SqliteDatabase, options);
  } catch (e) {
    db.close();
    throw e;
  }
}

/** `pg` and the PostgreSQL store load only here, so SQLite users (and the CLI's start) never pay for them. */
async function openPostgres(url: string, options: PostgresOpenOptions & { create?: boolean }): Promise<Store> {
  const label = describeUrl(url);
  const poolSize = options.poolSize ?? 10;
  if (!Number.isInteger(poolSize) || poolSize < 1) {
    throw new DocketError('validation', 'the PostgreSQL pool size must be a whole number of at least 1', {
      field: 'poolSize',
    });
  }
  const [{ default: pg }, { from: copyFrom }, { PostgresStore }] = await Promise.all([
    import('pg'),
    import('pg-copy-streams'),
    import('./store/postgres/postgres-store.js'),
  ]);
  // A connection not made in 10 s fails with a message instead of waiting on the OS's TCP timeout.
  const config = { connectionString: url, max: poolSize, application_name: 'docket', connectionTimeoutMillis: 10_000 };
  const driver = {
    pool: new pg.Pool(config),
    listener: () => new pg.Client(config),
    types: pg.types,
    label,
    copyFrom,
  };
  return PostgresStore.open(driver satisfies PostgresDriver, options);
}

/** How to name a database in messages: a file's path, or a PostgreSQL URL as `host:port/database`. */
export function describeTarget(target: string): string {
  return /^postgres(ql)?:\/\//i.test(target) ? describeUrl(target) : target;
}

/** `host:port/database` for messages: a URL may hold a password, which must never be printed. */
function describeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DocketError(
      'validation',
      'that is not a valid PostgreSQL URL; write it as postgres://USER@HOST:PORT/DATABASE',
      { field: 'db' },
    );
  }
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const host = parsed.searchParams.get('host') ?? (decode(parsed.hostname) || 'localhost');
  const database = decode(parsed.pathname.slice(1)) || decode(parsed.username) || 'postgres';
  return `${host}:${parsed.port || '5432'}/${database}`;
}

/**
 * Opens (or creates) a Docket store and returns the library's entry point.
 *
 * @example
 * const docket = await openDocket('.docket/docket.db');
 */
export async function openDocket(target: string, options: OpenOptions = {}): Promise<Docket> {
  return new Docket(await openStore(target, options), options.clock);
}

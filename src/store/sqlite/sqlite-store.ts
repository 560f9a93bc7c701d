import { DocketError, isDocketError } from '../../domain/errors.js';
import type { Maintenance, Store, StoreReader, StoreTx, TicketAt } from '../store.js';
import type { SqliteDatabase } from './driver.js';
import { BLANK_KINDS, fileKind, notDocketError } from './file-kind.js';
import { migrate } from './schema.js';
import { FTS_INDEXES, VOCABULARY_TABLES } from './search.js';
import { SqliteTx } from './sqlite-tx.js';
import { Statements } from './statements.js';
import * as tickets from './tickets.js';

export type Synchronous = 'full' | 'normal' | 'off';

export interface SqliteStoreOptions {
  /**
   * Whether a file that is not a Docket database yet, but holds nothing (an empty file, a SQLite
   * file without tables), may be made one; default true. Any other file is refused, unchanged.
   */
  readonly create?: boolean;
  /** `full` (default) survives power loss; `normal` is several times faster and survives crashes. */
  readonly synchronous?: Synchronous;
  /** How long a writer waits for another process's lock, in ms (default 5000). */
  readonly busyTimeoutMs?: number;
  /**
   * How much of the file SQLite reads through a memory map instead of read() calls, in bytes
   * (default 256 MiB; 0 turns it off). Mapped pages live in the OS page cache, shared by every
   * process on the file, and spare a system call per page on random reads.
   */
  readonly mmapBytes?: number;
}

export const DEFAULT_MMAP_BYTES = 256 * 1024 * 1024;

/** Serialises transactions on the one connection: without it, two async callers would interleave. */
class Lock {
  private busy = false;
  private readonly waiters: (() => void)[] = [];

  /** No transaction is open or waiting: a single statement may run now, on its own snapshot. */
  get idle(): boolean {
    return !this.busy;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.busy) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.busy = true;
    try {
      return await fn();
    } finally {
      const next = this.waiters.shift();
      if (next) next();
      else this.busy = false;
    }
  }
}

/** Turns driver errors into DocketErrors that say what to do; lets DocketErrors through. */
export function storageError(e: unknown, path: string): unknown {
  if (isDocketError(e)) return e;
  const code = (e as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return e;
  const message = (e as Error).message;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new DocketError('storage', `the database is busy (another process held its lock too long); try again`, {
      code,
      path,
    });
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return new DocketError(
      'conflict',
      `the change clashes with data written at the same time (${message}); try again`,
      { code },
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new DocketError('storage', `cannot write to ${path}: the file or its folder is read-only`, { code, path });
  }
  if (code === 'SQLITE_FULL') return new DocketError('storage', `the disk holding ${path} is full`, { code, path });
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new DocketError(
      'storage',
      `${path} is damaged or not a database (${message}); restore a backup or run docket doctor`,
      {
        code,
        path,
      },
    );
  }
  return new DocketError('storage', `database error on ${path}: ${message}`, { code, path });
}

/** The embedded backend: one SQLite file in WAL mode, safe for many processes at once. */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly maintenance: Maintenance;
  private readonly lock = new Lock();
  private readonly statements: Statements;
  private readonly tx: SqliteTx;
  private closed = false;

  constructor(
    private readonly db: SqliteDatabase,
    options: SqliteStoreOptions = {},
  ) {
    try {
      db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
      // Read before anything is written, so a file that is not Docket's is refused as it was found
      // (a memory database is always new, and always Docket's to set up).
      const kind = db.name === ':memory:' ? 'docket' : fileKind(db);
      if (kind !== 'docket' && !(options.create !== false && BLANK_KINDS.includes(kind))) {
        throw notDocketError(db.name, kind);
      }
      migrate(db);
      for (const sql of VOCABULARY_TABLES) db.exec(sql);
      if (db.name !== ':memory:') db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${(options.synchronous ?? 'full').toUpperCase()}`);
      db.pragma('foreign_keys = ON');
      const mmap = options.mmapBytes ?? DEFAULT_MMAP_BYTES;
      if (!Number.isSafeInteger(mmap) || mmap < 0)
        throw new DocketError('validation', 'mmapBytes must be a whole number of bytes, 0 or more');
      if (db.name !== ':memory:') db.pragma(`mmap_size = ${mmap}`);
    } catch (e) {
      throw storageError(e, db.name);
    }
    this.statements = new Statements(db);
    this.tx = new SqliteTx(this.statements);
    this.maintenance = new SqliteMaintenance(db, this.lock);
  }

  write<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.transaction('BEGIN IMMEDIATE', fn);
  }

  read<T>(fn: (tx: StoreReader) => Promise<T>): Promise<T> {
    return this.transaction('BEGIN', fn);
  }

  ticketAt(projectKey: string, number: number): Promise<TicketAt | undefined> {
    if (this.closed) return Promise.reject(new DocketError('storage', 'the store is closed'));
    // Async, but with no await: called while the lock is idle, the statement runs at once.
    const read = async () => {
      try {
        return tickets.ticketAt(this.statements, projectKey, number);
      } catch (e) {
        throw storageError(e, this.db.name);
      }
    };
    // A transaction of this connection may be open between its awaits: wait for it, never read inside it.
    return this.lock.idle ? read() : this.lock.run(read);
  }

  private transaction<T>(begin: string, fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new DocketError('storage', 'the store is closed'));
    return this.lock.run(async () => {
      const s = this.statements;
      try {
        s.run(begin);
        const result = await fn(this.tx);
        s.run('COMMIT');
        return result;
      } catch (e) {
        if (this.db.inTransaction) s.run('ROLLBACK');
        throw storageError(e, this.db.name);
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.lock.run(async () => {
      this.closed = true;
      try {
        this.db.pragma('optimize');
      } catch {
        // optimising on the way out is a courtesy; a read-only or busy file may refuse it
      }
      this.db.close();
    });
  }
}

const VACUUM_MODES = ['none', 'full', 'incremental'] as const;
const JOURNAL_MODES = ['delete', 'truncate', 'persist', 'memory', 'wal', 'off'] as const;
const SYNC_MODES = ['off', 'normal', 'full', 'extra'] as const;

class SqliteMaintenance implements Maintenance {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly lock: Lock,
  ) {}

  private guarded<T>(fn: () => T | Promise<T>): Promise<T> {
    return this.lock.run(async () => {
      try {
        return await fn();
      } catch (e) {
        throw storageError(e, this.db.name);
      }
    });
  }

  integrityCheck(): Promise<string[]> {
    return this.guarded(() => {
      const rows = this.db.pragma('integrity_check') as { integrity_check: string }[];
      const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
      const fk = this.db.pragma('foreign_key_check') as unknown[];
      if (fk.length) problems.push(`${fk.length} rows point at missing rows (foreign_key_check)`);
      return problems;
    });
  }

  backup(destination: string): Promise<void> {
    return this.guarded(async () => {
      await this.db.backup(destination);
    });
  }

  vacuum(): Promise<void> {
    return this.guarded(() => {
      // Each search index merged into one segment: FTS5 looks every word up in each segment, and a
      // busy file gathers a dozen (docs/benchmarks.md has what that costs a search).
      for (const index of FTS_INDEXES) this.db.exec(`INSERT INTO ${index}(${index}) VALUES ('optimize')`);
      const mode = this.db.pragma('auto_vacuum', { simple: true }) as number;
      if (mode === 2) this.db.pragma('incremental_vacuum');
      else this.db.exec('VACUUM');
    });
  }

  getPragma(name: 'journal_mode' | 'vacuum_mode' | 'synchronous'): Promise<string> {
    return this.guarded(() => this.getPragmaSync(name));
  }

  setPragma(name: 'journal_mode' | 'vacuum_mode' | 'synchronous', value: string): Promise<string> {
    const v = value.trim().toLowerCase();
    const allowed: readonly string[] =
      name === 'vacuum_mode' ? VACUUM_MODES : name === 'journal_mode' ? JOURNAL_MODES : SYNC_MODES;
    if (!allowed.includes(v)) {
      return Promise.reject(
        new DocketError('validation', `${name} must be one of: ${allowed.join(', ')}`, { allowed }),
      );
    }
    return this.guarded(() => {
      if (name === 'vacuum_mode') {
        this.db.pragma(`auto_vacuum = ${v.toUpperCase()}`);
        this.db.exec('VACUUM');
      } else {
        this.db.pragma(`${name} = ${v.toUpperCase()}`);
      }
      return this.getPragmaSync(name);
    });
  }

  private getPragmaSync(name: 'journal_mode' | 'vacuum_mode' | 'synchronous'): string {
    if (name === 'vacuum_mode')
      return VACUUM_MODES[this.db.pragma('auto_vacuum', { simple: true }) as number] ?? 'none';
    if (name === 'synchronous') return SYNC_MODES[this.db.pragma('synchronous', { simple: true }) as number] ?? 'full';
    return String(this.db.pragma('journal_mode', { simple: true }));
  }

  stats(): Promise<Record<string, number>> {
    return this.guarded(() => {
      const pages = this.db.pragma('page_count', { simple: true }) as number;
      const size = this.db.pragma('page_size', { simple: true }) as number;
      const free = this.db.pragma('freelist_count', { simple: true }) as number;
      return { bytes: pages * size, free_bytes: free * size };
    });
  }
}

import { DocketError } from '../../domain/errors.js';
import type { Maintenance } from '../maintenance.js';
import type { Store, StoreReader, StoreTx } from '../store.js';
import type { TicketAt } from '../tickets.js';
import type { SqliteDatabase } from './driver.js';
import { storageError } from './errors.js';
import { SqliteMaintenance } from './maintenance.js';
import { BLANK_KINDS, fileKind, notDocketError } from './only/file-kind.js';
import { GroupCommit } from './only/group-commit.js';
import { migrate } from './schema.js';
import { VOCABULARY_TABLES } from './search.js';
import { SqliteTx } from './sqlite-tx.js';
import { Statements } from './statements.js';
import { ticketAt } from './tickets.js';

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

/** The embedded backend: one SQLite file in WAL mode, safe for many processes at once. */
export class SqliteStore implements Store {
  readonly maintenance: Maintenance;
  private readonly lock = new Lock();
  private readonly statements: Statements;
  private readonly tx: SqliteTx;
  private readonly writes: GroupCommit;
  private closed = false;

  constructor(
    private readonly db: SqliteDatabase,
    options: SqliteStoreOptions = {},
  ) {
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    try {
      db.pragma(`busy_timeout = ${busyTimeoutMs}`);
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
    this.writes = new GroupCommit(
      db,
      (sql) => this.statements.run(sql),
      (fn) => this.lock.run(fn),
      (e) => storageError(e, db.name),
    );
  }

  /** Writes in flight at once share a commit (only/group-commit.ts); each is acknowledged after it. */
  write<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new DocketError('storage', 'the store is closed'));
    return this.writes.write(() => fn(this.tx));
  }

  read<T>(fn: (tx: StoreReader) => Promise<T>): Promise<T> {
    return this.transaction('BEGIN', fn);
  }

  ticketAt(projectKey: string, number: number): Promise<TicketAt | undefined> {
    if (this.closed) return Promise.reject(new DocketError('storage', 'the store is closed'));
    // Async, but with no await: called while the lock is idle, the statement runs at once.
    const read = async () => {
      try {
        return ticketAt(this.statements, projectKey, number);
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
    // Writes already asked for are finished first, as when each took the lock in turn.
    await this.writes.settled();
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

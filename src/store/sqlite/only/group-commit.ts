// SQLite only: one SQLite file takes one writer at a time and pays a sync to disk per commit, so
// concurrent writes of one process share a commit here; PostgreSQL commits many connections at once.
import type { SqliteDatabase } from '../driver.js';

/** Writes that may share one commit; more wait for the next, so reads get a turn between commits. */
export const MAX_GROUP = 64;

interface Queued<T> {
  readonly fn: () => Promise<T>;
  readonly resolve: (value: T) => void;
  readonly reject: (error: unknown) => void;
}

const isBusy = (e: unknown) => String((e as { code?: unknown }).code ?? '').startsWith('SQLITE_BUSY');

/** How long SQLite's own busy handler waits at one go: its sleeps (1, 2, 5, 10, 15 ms) stay short. */
export const BUSY_SLICE_MS = 40;

/**
 * Takes the write lock with `BEGIN IMMEDIATE`, waiting up to `timeoutMs` for another process to let
 * go of it. SQLite's busy handler sleeps ever longer between tries, up to 100 ms, so under many
 * writing processes a process that has waited a while checks ten times a second while a newcomer
 * checks every few milliseconds and takes the lock first: old waiters starve and time out. Here
 * the handler waits in slices of BUSY_SLICE_MS and starts over, so no try is more than 15 ms apart.
 */
export async function beginImmediate(db: SqliteDatabase, run: (sql: string) => void, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  db.pragma(`busy_timeout = ${Math.min(BUSY_SLICE_MS, timeoutMs)}`);
  try {
    for (;;) {
      try {
        run('BEGIN IMMEDIATE');
        return;
      } catch (e) {
        if (!isBusy(e) || Date.now() >= deadline) throw e;
      }
      // Between slices, this process's other work (timers, requests) gets a turn.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    // Other statements (reads in WAL mode almost never wait) keep the whole timeout.
    db.pragma(`busy_timeout = ${timeoutMs}`);
  }
}

/**
 * Group commit: the writes a process has in flight at once run one after another inside one
 * transaction, each in its own savepoint, and share its commit (and its sync to disk). A write that
 * fails is rolled back to its savepoint alone; a write is acknowledged only once the shared commit
 * has returned, so `synchronous=FULL` keeps its promise for every one of them.
 */
export class GroupCommit {
  private readonly queue: Queued<unknown>[] = [];
  private scheduled = false;
  private readonly idlers: (() => void)[] = [];

  constructor(
    private readonly db: SqliteDatabase,
    private readonly run: (sql: string) => void,
    /** Runs a whole group under the store's lock, after transactions already waiting for it. */
    private readonly exclusive: (fn: () => Promise<void>) => Promise<void>,
    private readonly busyTimeoutMs: number,
    /** Turns a driver error into what callers see. */
    private readonly fail: (e: unknown) => unknown,
  ) {}

  write<T>(fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve, reject } as Queued<unknown>);
      this.schedule();
    });
  }

  /** Resolves once every write queued so far has committed or failed (a store waits for it to close). */
  settled(): Promise<void> {
    if (!this.scheduled && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idlers.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    if (this.queue.length === 0) {
      for (const idle of this.idlers.splice(0)) idle();
      return;
    }
    this.scheduled = true;
    // Not at once: a commit blocks the event loop while it syncs, and the requests that arrived
    // meanwhile are read in the next poll phase. Starting after it (setImmediate) lets their
    // writes join this group instead of each paying its own sync.
    setImmediate(() => {
      void this.exclusive(() => this.group()).finally(() => {
        this.scheduled = false;
        this.schedule();
      });
    });
  }

  private async group(): Promise<void> {
    try {
      await beginImmediate(this.db, this.run, this.busyTimeoutMs);
    } catch (e) {
      for (const q of this.queue.splice(0)) q.reject(this.fail(e));
      return;
    }
    const done: { q: Queued<unknown>; value: unknown }[] = [];
    const failAll = (e: unknown) => {
      for (const d of done.splice(0)) d.q.reject(this.fail(e));
    };
    try {
      // Writes queued while earlier ones run join this group too (up to MAX_GROUP).
      for (let n = 0; n < MAX_GROUP && this.queue.length > 0; n++) {
        const q = this.queue.shift() as Queued<unknown>;
        this.run('SAVEPOINT docket_write');
        try {
          done.push({ q, value: await q.fn() });
          this.run('RELEASE docket_write');
        } catch (e) {
          if (done.at(-1)?.q === q) done.pop();
          q.reject(this.fail(e));
          // SQLite may have rolled the whole transaction back (e.g. a full disk): then the group is lost.
          if (!this.db.inTransaction) throw e;
          this.run('ROLLBACK TO docket_write');
          this.run('RELEASE docket_write');
        }
      }
      this.run('COMMIT');
    } catch (e) {
      try {
        if (this.db.inTransaction) this.run('ROLLBACK');
      } catch {
        // the rollback's own failure says nothing more than the error each write gets below
      }
      failAll(e);
      return;
    }
    for (const d of done) d.q.resolve(d.value);
  }
}

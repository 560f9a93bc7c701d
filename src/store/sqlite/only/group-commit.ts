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
      // Another process's lock is waited for by SQLite's busy handler (busyTimeoutMs). A handler
      // that retried in short fair slices was tried: it halved the throughput of 8 and 32 writing
      // processes (docs/benchmarks.md), so SQLite's own stays.
      this.run('BEGIN IMMEDIATE');
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

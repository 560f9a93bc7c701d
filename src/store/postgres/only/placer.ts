// PostgreSQL only: events get their feed place after their write commits (SQLite writes one at a
// time and numbers them in the write), and this gathers the writes of a process into shared runs.

import { notifySql, placeSql } from '../activity.js';

/** A project a write changed: its id, the schema holding its events, its key when known (to notify). */
export interface Changed {
  readonly id: number;
  readonly schema: string;
  readonly key: string | undefined;
}

/**
 * Places the events of committed writes for every writer of one store at once. A writer hands over
 * the projects it changed once its COMMIT returned, and waits for the next run that starts after that,
 * which therefore sees its events (see `placeSql`). Runs go one after another on one pooled connection:
 * while one runs, the writes that commit meanwhile gather for the next, so many writes share one
 * transaction and one flush to disk, and a writer's own connection goes back to the pool at its commit.
 */
export class FeedPlacer {
  private pending = new Map<number, Changed>();
  private waiting: (() => void)[] = [];
  private running: Promise<void> | undefined;

  /**
   * @param run sends the SQL of a run (several transactions and notifications in one string); a
   *   failure is dropped: the write is done, and the next run of the project places what it left.
   */
  constructor(
    private readonly main: string,
    private readonly channel: string,
    private readonly run: (sql: string) => Promise<void>,
  ) {}

  /** Resolves once a run that started after this call has placed these projects' events. */
  place(changed: readonly Changed[]): Promise<void> {
    if (!changed.length) return Promise.resolve();
    for (const c of changed) this.pending.set(c.id, c);
    const placed = new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running ??= this.drain();
    return placed;
  }

  /** Settles when no run is going (for close). */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async drain(): Promise<void> {
    while (this.pending.size) {
      const batch = [...this.pending.values()].sort((a, b) => a.id - b.id);
      const waiters = this.waiting;
      this.pending = new Map();
      this.waiting = [];
      let sql = '';
      for (const c of batch) sql += placeSql(this.main, c.schema, c.id);
      // Notifications go after the placing commits, each in a transaction that writes nothing.
      for (const c of batch) if (c.key !== undefined) sql += notifySql(this.channel, c.key);
      await this.run(sql).catch(() => {});
      for (const resolve of waiters) resolve();
    }
    this.running = undefined;
  }
}

/** Consistency checks and repairs inside a transaction (`docket doctor`). */

/** Real ticket counts (not the trigger-kept ones) per type, status and whether `closedAt` is set. */
export interface TallyRow {
  readonly type: string;
  readonly status: string;
  readonly closed: boolean;
  readonly count: number;
}

/** Derived data a backend keeps (a search index, a count table) that no longer matches its source rows. */
export interface StaleDerived {
  /** What `rebuildDerived` takes, e.g. `tickets_fts`. */
  readonly name: string;
  readonly detail: string;
}

export interface UpkeepReader {
  tally(projectId: number): Promise<TallyRow[]>;
}

export interface UpkeepWriter extends UpkeepReader {
  /** Derived data that no longer matches its source (a write: on SQLite the FTS5 check is an INSERT). */
  staleDerived(): Promise<StaleDerived[]>;
  /** Rebuilds one piece of derived data named by `staleDerived`. */
  rebuildDerived(name: string): Promise<void>;
  /** Sets `closedAt` (to `updatedAt`) on terminal tickets of `type` without it and clears it on open ones. */
  syncClosedAt(
    projectId: number,
    type: string,
    terminal: readonly string[],
  ): Promise<{ readonly closed: number; readonly reopened: number }>;
}

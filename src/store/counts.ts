/** Counts over a project's tickets: per assignee, per status, how many use a value, labels in use. */

export interface CountRow {
  readonly key: string | null;
  readonly count: number;
}

export interface StatusCountRow {
  readonly type: string;
  readonly status: string;
  readonly count: number;
}

/** Tickets opened and closed on one UTC day, the day counted from the epoch (`floor(ms / 86400000)`). */
export interface DayCountRow {
  readonly day: number;
  readonly opened: number;
  readonly closed: number;
}

/** A ticket column whose values other records name (for safe deletes and renames). */
export type UsageColumn = 'status' | 'priority' | 'category' | 'assignee' | 'type';

export interface Usage {
  readonly projectId: number;
  readonly column: UsageColumn;
  readonly value: string;
  /** Only tickets of this type. */
  readonly type?: string;
}

export interface CountsReader {
  /** Tickets per assignee (null: unassigned), optionally of these statuses only. */
  byAssignee(projectId: number, statuses?: readonly string[]): Promise<CountRow[]>;
  /** Tickets per type and status, optionally of these types only. */
  byStatus(projectId: number, types?: readonly string[]): Promise<StatusCountRow[]>;
  /** How many tickets use a value (a writer holds off the project's other writers while it counts). */
  usage(usage: Usage): Promise<number>;
  /** The labels in use, with how many tickets carry each. */
  labels(projectId: number): Promise<CountRow[]>;
  /**
   * Tickets created, and tickets closed (by their current `closed_at`), per UTC day from `since` (epoch
   * ms) on; days with neither are left out, oldest first.
   */
  perDay(projectId: number, since: number): Promise<DayCountRow[]>;
}

/** Counts are derived from tickets: nothing to write here. */
export type CountsWriter = CountsReader;

/** Milestones: a project's named goals, each with an optional due date, and their progress. */

export interface MilestoneRecord {
  readonly id: number;
  readonly projectId: number;
  /** What tickets and commands name it by (a slug, unique in the project). */
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly dueAt: number | null;
  readonly dueDay: boolean;
  readonly closedAt: number | null;
  readonly createdAt: number;
}

export type NewMilestone = Omit<MilestoneRecord, 'id'>;

/** Columns an edit may change. Renaming the key rewrites its tickets too: `TicketsWriter.replace`. */
export type MilestonePatch = Partial<
  Pick<MilestoneRecord, 'key' | 'name' | 'description' | 'dueAt' | 'dueDay' | 'closedAt'>
>;

/** The column each patchable field is stored in: the same in every backend's milestones table. */
export const MILESTONE_COLUMNS: Readonly<Record<keyof MilestonePatch, string>> = {
  key: 'key',
  name: 'name',
  description: 'description',
  dueAt: 'due_at',
  dueDay: 'due_day',
  closedAt: 'closed_at',
};

/** A milestone's tickets counted: all and closed, and their estimates summed (null estimates count 0). */
export interface MilestoneProgress {
  readonly key: string;
  readonly total: number;
  readonly closed: number;
  readonly estimate: number;
  readonly closedEstimate: number;
}

export interface MilestonesReader {
  /** In due order (none last), then by key. */
  list(projectId: number): Promise<MilestoneRecord[]>;
  get(projectId: number, key: string): Promise<MilestoneRecord | undefined>;
  /** Progress of the named milestones (all of the project's when `keys` is absent); a milestone without tickets has no row. */
  progress(projectId: number, keys?: readonly string[]): Promise<MilestoneProgress[]>;
  /**
   * The estimate still open at each instant in `at` (epoch ms): tickets of the milestone created by
   * then and not closed by then, as they stand now (a burn-down's line; core bounds the points).
   */
  openEstimateAt(projectId: number, key: string, at: readonly number[]): Promise<number[]>;
}

export interface MilestonesWriter extends MilestonesReader {
  insert(milestone: NewMilestone): Promise<number>;
  update(projectId: number, key: string, patch: MilestonePatch): Promise<void>;
  remove(projectId: number, key: string): Promise<void>;
}

import {
  MILESTONE_COLUMNS,
  type MilestonePatch,
  type MilestoneProgress,
  type MilestoneRecord,
  type MilestonesWriter,
  type NewMilestone,
} from '../milestones.js';
import { placeholders, type Statements } from './statements.js';

const MILESTONE =
  'SELECT id, project_id AS projectId, key, name, description, due_at AS dueAt, due_day AS dueDay, ' +
  'closed_at AS closedAt, created_at AS createdAt FROM milestones';

const toMilestone = (r: MilestoneRecord): MilestoneRecord => ({ ...r, dueDay: Boolean(r.dueDay) });

/** Milestones on SQLite; progress counts a milestone's tickets through tickets_milestone. */
export class SqliteMilestones implements MilestonesWriter {
  constructor(private readonly s: Statements) {}

  async list(projectId: number): Promise<MilestoneRecord[]> {
    return this.s
      .all<MilestoneRecord>(`${MILESTONE} WHERE project_id = ? ORDER BY due_at IS NULL, due_at, key`, projectId)
      .map(toMilestone);
  }

  async get(projectId: number, key: string): Promise<MilestoneRecord | undefined> {
    const row = this.s.one<MilestoneRecord>(`${MILESTONE} WHERE project_id = ? AND key = ?`, projectId, key);
    return row && toMilestone(row);
  }

  async progress(projectId: number, keys?: readonly string[]): Promise<MilestoneProgress[]> {
    if (keys && !keys.length) return [];
    const only = keys ? `milestone IN (${placeholders(keys.length)})` : 'milestone IS NOT NULL';
    return this.s.all<MilestoneProgress>(
      'SELECT milestone AS key, count(*) AS total, count(closed_at) AS closed, ' +
        'coalesce(sum(estimate), 0) AS estimate, ' +
        'coalesce(sum(CASE WHEN closed_at IS NOT NULL THEN estimate END), 0) AS closedEstimate ' +
        `FROM tickets WHERE project_id = ? AND ${only} GROUP BY milestone ORDER BY milestone`,
      projectId,
      ...(keys ?? []),
    );
  }

  async openEstimateAt(projectId: number, key: string, at: readonly number[]): Promise<number[]> {
    return at.map(
      (t) =>
        this.s.one<{ n: number }>(
          'SELECT coalesce(sum(estimate), 0) AS n FROM tickets WHERE project_id = ? AND milestone = ? ' +
            'AND created_at <= ? AND (closed_at IS NULL OR closed_at > ?)',
          projectId,
          key,
          t,
          t,
        )?.n ?? 0,
    );
  }

  async insert(m: NewMilestone): Promise<number> {
    return this.s.insert(
      'INSERT INTO milestones (project_id, key, name, description, due_at, due_day, closed_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      m.projectId,
      m.key,
      m.name,
      m.description,
      m.dueAt,
      m.dueDay ? 1 : 0,
      m.closedAt,
      m.createdAt,
    );
  }

  async update(projectId: number, key: string, patch: MilestonePatch): Promise<void> {
    const entries = Object.entries(patch).filter(([, v]) => v !== undefined) as [keyof MilestonePatch, unknown][];
    if (!entries.length) return;
    this.s.run(
      `UPDATE milestones SET ${entries.map(([k]) => `${MILESTONE_COLUMNS[k]} = ?`).join(', ')} WHERE project_id = ? AND key = ?`,
      ...entries.map(([k, v]) => (k === 'dueDay' ? Number(v) : v)),
      projectId,
      key,
    );
  }

  async remove(projectId: number, key: string): Promise<void> {
    this.s.run('DELETE FROM milestones WHERE project_id = ? AND key = ?', projectId, key);
  }
}

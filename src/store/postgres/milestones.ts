import {
  MILESTONE_COLUMNS,
  type MilestonePatch,
  type MilestoneProgress,
  type MilestoneRecord,
  type MilestonesWriter,
  type NewMilestone,
} from '../milestones.js';
import { Params, type TxContext } from './statements.js';

// A project's milestones; progress counts a milestone's tickets through tickets_milestone.

const MILESTONE =
  'SELECT id, project_id AS "projectId", key, name, description, due_at AS "dueAt", due_day AS "dueDay", ' +
  'closed_at AS "closedAt", created_at AS "createdAt" FROM milestones';

export class PostgresMilestones implements MilestonesWriter {
  constructor(private readonly cx: TxContext) {}

  async list(projectId: number): Promise<MilestoneRecord[]> {
    await this.cx.enter(projectId);
    return this.cx.s.all<MilestoneRecord>(
      `${MILESTONE} WHERE project_id = $1 ORDER BY due_at ASC NULLS LAST, key`,
      projectId,
    );
  }

  async get(projectId: number, key: string): Promise<MilestoneRecord | undefined> {
    await this.cx.enter(projectId);
    return this.cx.s.one<MilestoneRecord>(`${MILESTONE} WHERE project_id = $1 AND key = $2`, projectId, key);
  }

  async progress(projectId: number, keys?: readonly string[]): Promise<MilestoneProgress[]> {
    if (keys && !keys.length) return [];
    await this.cx.enter(projectId);
    const only = keys ? 'milestone = ANY($2::text[])' : 'milestone IS NOT NULL';
    return this.cx.s.all<MilestoneProgress>(
      'SELECT milestone AS key, count(*)::int AS total, count(closed_at)::int AS closed, ' +
        'coalesce(sum(estimate), 0)::float8 AS estimate, ' +
        'coalesce(sum(estimate) FILTER (WHERE closed_at IS NOT NULL), 0)::float8 AS "closedEstimate" ' +
        `FROM tickets WHERE project_id = $1 AND ${only} GROUP BY milestone ORDER BY milestone`,
      projectId,
      ...(keys ? [[...keys]] : []),
    );
  }

  async openEstimateAt(projectId: number, key: string, at: readonly number[]): Promise<number[]> {
    if (!at.length) return [];
    await this.cx.enter(projectId);
    const rows = await this.cx.s.all<{ n: number }>(
      'SELECT (SELECT coalesce(sum(estimate), 0)::float8 FROM tickets WHERE project_id = $1 AND milestone = $2 ' +
        'AND created_at <= p.at AND (closed_at IS NULL OR closed_at > p.at)) AS n ' +
        'FROM unnest($3::bigint[]) WITH ORDINALITY AS p(at, i) ORDER BY p.i',
      projectId,
      key,
      [...at],
    );
    return rows.map((r) => r.n);
  }

  async insert(m: NewMilestone): Promise<number> {
    await this.cx.enter(m.projectId);
    return this.cx.s.insert(
      'INSERT INTO milestones (project_id, key, name, description, due_at, due_day, closed_at, created_at) ' +
        'VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id',
      m.projectId,
      m.key,
      m.name,
      m.description,
      m.dueAt,
      m.dueDay,
      m.closedAt,
      m.createdAt,
    );
  }

  async update(projectId: number, key: string, patch: MilestonePatch): Promise<void> {
    const entries = Object.entries(patch).filter(([, v]) => v !== undefined) as [keyof MilestonePatch, unknown][];
    if (!entries.length) return;
    await this.cx.enter(projectId);
    const p = new Params();
    const sets = entries.map(([k, v]) => `${MILESTONE_COLUMNS[k]} = ${p.add(v)}`);
    await this.cx.s.run(
      `UPDATE milestones SET ${sets.join(', ')} WHERE project_id = ${p.add(projectId)} AND key = ${p.add(key)}`,
      ...p.values,
    );
  }

  async remove(projectId: number, key: string): Promise<void> {
    await this.cx.enter(projectId);
    await this.cx.s.run('DELETE FROM milestones WHERE project_id = $1 AND key = $2', projectId, key);
  }
}

import type { CountRow, CountsWriter, DayCountRow, StatusCountRow, Usage, UsageColumn } from '../counts.js';
import type { TxContext } from './statements.js';

// Counts for boards and safe deletes: by assignee and status from the trigger-kept ticket_counts
// (O(groups) at any size), by value from the tickets themselves.

const COLUMNS = ['status', 'priority', 'category', 'assignee', 'type'] as const satisfies readonly UsageColumn[];

/** The column name itself, checked against the list, so it can go into SQL text. */
export function column(name: string): UsageColumn {
  const found = COLUMNS.find((c) => c === name);
  if (!found) throw new Error(`not a ticket column: ${name}`);
  return found;
}

export class PostgresCounts implements CountsWriter {
  constructor(private readonly cx: TxContext) {}

  async byAssignee(projectId: number, statuses?: readonly string[]): Promise<CountRow[]> {
    await this.cx.enter(projectId);
    const filtered = statuses?.length ? ' AND status = ANY($2::text[])' : '';
    const rows = await this.cx.s.all<CountRow>(
      `SELECT assignee AS key, sum(n)::int AS count FROM ticket_counts WHERE project_id = $1${filtered} ` +
        'GROUP BY assignee HAVING sum(n) > 0 ORDER BY count DESC, key',
      ...(statuses?.length ? [projectId, [...statuses]] : [projectId]),
    );
    return rows.map((r) => ({ key: r.key === '' ? null : r.key, count: r.count }));
  }

  async byStatus(projectId: number, types?: readonly string[]): Promise<StatusCountRow[]> {
    await this.cx.enter(projectId);
    const filtered = types?.length ? ' AND type = ANY($2::text[])' : '';
    return this.cx.s.all<StatusCountRow>(
      `SELECT type, status, sum(n)::int AS count FROM ticket_counts WHERE project_id = $1${filtered} ` +
        'GROUP BY type, status HAVING sum(n) > 0',
      ...(types?.length ? [projectId, [...types]] : [projectId]),
    );
  }

  /** In a write, the project's row is taken exclusively first: no other writer can add a use meanwhile. */
  async usage({ projectId, column: name, value, type }: Usage): Promise<number> {
    await this.cx.enter(projectId);
    await this.cx.lockProject(projectId);
    const typed = type === undefined ? '' : ' AND type = $3';
    const row = await this.cx.s.one<{ n: number }>(
      `SELECT count(*) AS n FROM tickets WHERE project_id = $1 AND ${column(name)} = $2${typed}`,
      ...(type === undefined ? [projectId, value] : [projectId, value, type]),
    );
    return row?.n ?? 0;
  }

  async labels(projectId: number): Promise<CountRow[]> {
    await this.cx.enter(projectId);
    return this.cx.s.all<CountRow>(
      'SELECT l.label AS key, count(*)::int AS count FROM tickets t, unnest(t.labels) AS l(label) ' +
        'WHERE t.project_id = $1 GROUP BY l.label ORDER BY count DESC, key',
      projectId,
    );
  }

  async perDay(projectId: number, since: number): Promise<DayCountRow[]> {
    await this.cx.enter(projectId);
    return this.cx.s.all<DayCountRow>(
      'SELECT day::int AS day, sum(opened)::int AS opened, sum(closed)::int AS closed FROM (' +
        'SELECT created_at / 86400000 AS day, 1 AS opened, 0 AS closed FROM tickets WHERE project_id = $1 AND created_at >= $2 ' +
        'UNION ALL SELECT closed_at / 86400000, 0, 1 FROM tickets WHERE project_id = $1 AND closed_at >= $2' +
        ') AS d GROUP BY day ORDER BY day',
      projectId,
      since,
    );
  }
}

import type { CountRow, CountsWriter, DayCountRow, StatusCountRow, Usage, UsageColumn } from '../counts.js';
import { placeholders, type Statements } from './statements.js';

/** The column names a usage count may put into its SQL text. */
const COLUMN: Readonly<Record<UsageColumn, string>> = {
  status: 'status',
  priority: 'priority',
  category: 'category',
  assignee: 'assignee',
  type: 'type',
};

/**
 * Counts over a project's tickets. Per-assignee and per-status counts read `ticket_counts`, which
 * triggers keep (schema.ts), so boards cost one row per group however many tickets there are.
 */
export class SqliteCounts implements CountsWriter {
  constructor(private readonly s: Statements) {}

  async byAssignee(projectId: number, statuses?: readonly string[]): Promise<CountRow[]> {
    const params: unknown[] = [projectId];
    let sql = 'SELECT assignee AS key, sum(n) AS count FROM ticket_counts WHERE project_id = ?';
    if (statuses?.length) {
      sql += ` AND status IN (${placeholders(statuses.length)})`;
      params.push(...statuses);
    }
    sql += ' GROUP BY assignee HAVING sum(n) > 0 ORDER BY count DESC, key';
    return this.s.all<CountRow>(sql, ...params).map((r) => ({ key: r.key === '' ? null : r.key, count: r.count }));
  }

  async byStatus(projectId: number, types?: readonly string[]): Promise<StatusCountRow[]> {
    const params: unknown[] = [projectId];
    let sql = 'SELECT type, status, sum(n) AS count FROM ticket_counts WHERE project_id = ?';
    if (types?.length) {
      sql += ` AND type IN (${placeholders(types.length)})`;
      params.push(...types);
    }
    sql += ' GROUP BY type, status HAVING sum(n) > 0';
    return this.s.all<StatusCountRow>(sql, ...params);
  }

  /** A write transaction is `BEGIN IMMEDIATE` here, so no other writer runs while this counts. */
  async usage(usage: Usage): Promise<number> {
    const { projectId, value, type } = usage;
    // The column goes into the SQL text: only these names, whatever a caller's types allowed.
    const column = COLUMN[usage.column] as string | undefined;
    if (column === undefined) throw new Error(`not a countable ticket column: ${usage.column}`);
    const typed = type === undefined ? '' : ' AND type = ?';
    const params = type === undefined ? [projectId, value] : [projectId, value, type];
    return this.s.one<{ n: number }>(
      `SELECT count(*) AS n FROM tickets WHERE project_id = ? AND ${column} = ?${typed}`,
      ...params,
    )!.n;
  }

  async labels(projectId: number): Promise<CountRow[]> {
    return this.s.all<CountRow>(
      'SELECT l.label AS key, count(*) AS count FROM ticket_labels l JOIN tickets t ON t.id = l.ticket_id WHERE t.project_id = ? GROUP BY l.label ORDER BY count DESC, key',
      projectId,
    );
  }

  async perDay(projectId: number, since: number): Promise<DayCountRow[]> {
    return this.s.all<DayCountRow>(
      'SELECT day, sum(opened) AS opened, sum(closed) AS closed FROM (' +
        'SELECT created_at / 86400000 AS day, 1 AS opened, 0 AS closed FROM tickets WHERE project_id = ? AND created_at >= ? ' +
        'UNION ALL SELECT closed_at / 86400000, 0, 1 FROM tickets WHERE project_id = ? AND closed_at >= ?' +
        ') GROUP BY day ORDER BY day',
      projectId,
      since,
      projectId,
      since,
    );
  }
}

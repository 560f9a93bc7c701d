import type { CountRow, StatusCountRow } from '../store.js';
import type { Statements } from './statements.js';

// Counts for boards and safe deletes: by assignee and status from the trigger-kept ticket_counts
// (O(groups) at any size), by value from the tickets themselves.

export const COLUMNS = ['status', 'priority', 'category', 'assignee', 'type'] as const;
export type Column = (typeof COLUMNS)[number];

/** The column name itself, checked against the list, so it can go into SQL text. */
export function column(name: string): Column {
  const found = COLUMNS.find((c) => c === name);
  if (!found) throw new Error(`not a ticket column: ${name}`);
  return found;
}

export async function countByAssignee(
  s: Statements,
  projectId: number,
  statuses?: readonly string[],
): Promise<CountRow[]> {
  const filtered = statuses?.length ? ' AND status = ANY($2::text[])' : '';
  const rows = await s.all<CountRow>(
    `SELECT assignee AS key, sum(n)::int AS count FROM ticket_counts WHERE project_id = $1${filtered} ` +
      'GROUP BY assignee HAVING sum(n) > 0 ORDER BY count DESC, key',
    ...(statuses?.length ? [projectId, [...statuses]] : [projectId]),
  );
  return rows.map((r) => ({ key: r.key === '' ? null : r.key, count: r.count }));
}

export function countByStatus(s: Statements, projectId: number, types?: readonly string[]): Promise<StatusCountRow[]> {
  const filtered = types?.length ? ' AND type = ANY($2::text[])' : '';
  return s.all<StatusCountRow>(
    `SELECT type, status, sum(n)::int AS count FROM ticket_counts WHERE project_id = $1${filtered} ` +
      'GROUP BY type, status HAVING sum(n) > 0',
    ...(types?.length ? [projectId, [...types]] : [projectId]),
  );
}

export async function usage(
  s: Statements,
  projectId: number,
  name: string,
  value: string,
  type?: string,
): Promise<number> {
  const typed = type === undefined ? '' : ' AND type = $3';
  const row = await s.one<{ n: number }>(
    `SELECT count(*) AS n FROM tickets WHERE project_id = $1 AND ${column(name)} = $2${typed}`,
    ...(type === undefined ? [projectId, value] : [projectId, value, type]),
  );
  return row?.n ?? 0;
}

export function labels(s: Statements, projectId: number): Promise<CountRow[]> {
  return s.all<CountRow>(
    'SELECT l.label AS key, count(*)::int AS count FROM tickets t, unnest(t.labels) AS l(label) ' +
      'WHERE t.project_id = $1 GROUP BY l.label ORDER BY count DESC, key',
    projectId,
  );
}

import { DocketError } from '../../domain/errors.js';
import type { CrossProjectLink, StaleDerived, TallyRow } from '../store.js';
import type { Statements } from './statements.js';

// The consistency checks behind `docket doctor` that only the backend can make: its search indexes
// and trigger-kept count table against the rows they derive from.

const FTS_TABLES: Readonly<Record<string, string>> = {
  tickets_fts: 'the search index of ticket titles and descriptions',
  comments_fts: 'the search index of comments',
};

const REAL_COUNTS =
  "SELECT project_id, type, status, coalesce(assignee, '') AS assignee, count(*) AS n FROM tickets GROUP BY 1, 2, 3, 4";
const KEPT_COUNTS = 'SELECT project_id, type, status, assignee, n FROM ticket_counts WHERE n != 0';

export function staleDerived(s: Statements): StaleDerived[] {
  const out: StaleDerived[] = [];
  for (const [table, what] of Object.entries(FTS_TABLES)) {
    try {
      // rank 1 makes FTS5 compare the index with the content table, not only check its own structure
      s.run(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 1)`);
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_CORRUPT_VTAB') throw e;
      out.push({ name: table, detail: `${what} does not match the rows it indexes` });
    }
  }
  const wrong = s.one<{ n: number }>(
    `SELECT (SELECT count(*) FROM (${KEPT_COUNTS} EXCEPT ${REAL_COUNTS})) + (SELECT count(*) FROM (${REAL_COUNTS} EXCEPT ${KEPT_COUNTS})) AS n`,
  )!.n;
  if (wrong > 0) {
    out.push({
      name: 'ticket_counts',
      detail: `the ticket counts behind boards and count-by-entity differ from a real count in ${wrong} group(s)`,
    });
  }
  return out;
}

export function rebuildDerived(s: Statements, name: string): void {
  if (name in FTS_TABLES) {
    s.run(`INSERT INTO ${name} (${name}) VALUES ('rebuild')`);
  } else if (name === 'ticket_counts') {
    s.run('DELETE FROM ticket_counts');
    s.run(`INSERT INTO ticket_counts (project_id, type, status, assignee, n) ${REAL_COUNTS}`);
  } else {
    throw new DocketError(
      'validation',
      `nothing called '${name}' can be rebuilt; known: ${[...Object.keys(FTS_TABLES), 'ticket_counts'].join(', ')}`,
    );
  }
}

export function ticketTally(s: Statements, projectId: number): TallyRow[] {
  return s
    .all<{ type: string; status: string; closed: number; count: number }>(
      'SELECT type, status, closed_at IS NOT NULL AS closed, count(*) AS count FROM tickets WHERE project_id = ? GROUP BY 1, 2, 3 ORDER BY 1, 2, 3',
      projectId,
    )
    .map((r) => ({ type: r.type, status: r.status, closed: r.closed === 1, count: r.count }));
}

export function crossProjectLinks(s: Statements): CrossProjectLink[] {
  return s.all<CrossProjectLink>(
    'SELECT l.id, l.type, l.project_id AS projectId, a.project_id AS sourceProjectId, a.number AS sourceNumber, ' +
      'b.project_id AS targetProjectId, b.number AS targetNumber ' +
      'FROM links l JOIN tickets a ON a.id = l.source_id JOIN tickets b ON b.id = l.target_id ' +
      'WHERE a.project_id != b.project_id OR l.project_id != a.project_id ORDER BY l.id',
  );
}

export function syncClosedAt(
  s: Statements,
  projectId: number,
  type: string,
  terminal: readonly string[],
): { closed: number; reopened: number } {
  const terminalJson = JSON.stringify(terminal);
  const closed = s.run(
    'UPDATE tickets SET closed_at = updated_at WHERE project_id = ? AND type = ? AND closed_at IS NULL AND status IN (SELECT value FROM json_each(?))',
    projectId,
    type,
    terminalJson,
  ).changes;
  const reopened = s.run(
    'UPDATE tickets SET closed_at = NULL WHERE project_id = ? AND type = ? AND closed_at IS NOT NULL AND status NOT IN (SELECT value FROM json_each(?))',
    projectId,
    type,
    terminalJson,
  ).changes;
  return { closed, reopened };
}

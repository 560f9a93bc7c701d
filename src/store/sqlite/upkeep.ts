import { DocketError } from '../../domain/errors.js';
import type { StaleDerived, TallyRow, UpkeepWriter } from '../upkeep.js';
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

export class SqliteUpkeep implements UpkeepWriter {
  constructor(private readonly s: Statements) {}

  async tally(projectId: number): Promise<TallyRow[]> {
    return this.s
      .all<{ type: string; status: string; closed: number; count: number }>(
        'SELECT type, status, closed_at IS NOT NULL AS closed, count(*) AS count FROM tickets WHERE project_id = ? GROUP BY 1, 2, 3 ORDER BY 1, 2, 3',
        projectId,
      )
      .map((r) => ({ type: r.type, status: r.status, closed: r.closed === 1, count: r.count }));
  }

  async staleDerived(): Promise<StaleDerived[]> {
    const out: StaleDerived[] = [];
    for (const [table, what] of Object.entries(FTS_TABLES)) {
      try {
        // rank 1 makes FTS5 compare the index with the content table, not only check its own structure
        this.s.run(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 1)`);
      } catch (e) {
        if ((e as { code?: string }).code !== 'SQLITE_CORRUPT_VTAB') throw e;
        out.push({ name: table, detail: `${what} does not match the rows it indexes` });
      }
    }
    const wrong = this.s.one<{ n: number }>(
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

  async rebuildDerived(name: string): Promise<void> {
    if (name in FTS_TABLES) {
      this.s.run(`INSERT INTO ${name} (${name}) VALUES ('rebuild')`);
    } else if (name === 'ticket_counts') {
      this.s.run('DELETE FROM ticket_counts');
      this.s.run(`INSERT INTO ticket_counts (project_id, type, status, assignee, n) ${REAL_COUNTS}`);
    } else {
      throw new DocketError(
        'validation',
        `nothing called '${name}' can be rebuilt; known: ${[...Object.keys(FTS_TABLES), 'ticket_counts'].join(', ')}`,
      );
    }
  }

  async syncClosedAt(
    projectId: number,
    type: string,
    terminal: readonly string[],
  ): Promise<{ closed: number; reopened: number }> {
    const terminalJson = JSON.stringify(terminal);
    const closed = this.s.run(
      'UPDATE tickets SET closed_at = updated_at WHERE project_id = ? AND type = ? AND closed_at IS NULL AND status IN (SELECT value FROM json_each(?))',
      projectId,
      type,
      terminalJson,
    ).changes;
    const reopened = this.s.run(
      'UPDATE tickets SET closed_at = NULL WHERE project_id = ? AND type = ? AND closed_at IS NOT NULL AND status NOT IN (SELECT value FROM json_each(?))',
      projectId,
      type,
      terminalJson,
    ).changes;
    return { closed, reopened };
  }
}

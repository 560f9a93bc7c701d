import { DocketError } from '../../domain/errors.js';
import type { StaleDerived, TallyRow, UpkeepWriter } from '../upkeep.js';
import type { TxContext } from './statements.js';

// The consistency checks behind `docket doctor` that only the backend can make. Search vectors are
// generated columns PostgreSQL computes itself, so only the trigger-kept count table can drift.
// Checks across projects run over every schema holding project tables (quoted names).

const realCounts = (s: string) =>
  `SELECT project_id, type, status, coalesce(assignee, '') AS assignee, count(*)::int AS n FROM ${s}.tickets GROUP BY 1, 2, 3, 4`;
const keptCounts = (s: string) =>
  `SELECT project_id, type, status, assignee, sum(n)::int AS n FROM ${s}.ticket_counts GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0`;

export class PostgresUpkeep implements UpkeepWriter {
  constructor(private readonly cx: TxContext) {}

  async tally(projectId: number): Promise<TallyRow[]> {
    await this.cx.enter(projectId);
    return this.cx.s.all<TallyRow>(
      'SELECT type, status, closed_at IS NOT NULL AS closed, count(*)::int AS count FROM tickets WHERE project_id = $1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3',
      projectId,
    );
  }

  async staleDerived(): Promise<StaleDerived[]> {
    let wrong = 0;
    for (const schema of await this.cx.tenantSchemas()) {
      const row = await this.cx.s.one<{ n: number }>(
        `SELECT (SELECT count(*) FROM (${keptCounts(schema)} EXCEPT ${realCounts(schema)}) a) + ` +
          `(SELECT count(*) FROM (${realCounts(schema)} EXCEPT ${keptCounts(schema)}) b) AS n`,
      );
      wrong += row?.n ?? 0;
    }
    if (!wrong) return [];
    return [
      {
        name: 'ticket_counts',
        detail: `the ticket counts behind boards and count-by-entity differ from a real count in ${wrong} group(s)`,
      },
    ];
  }

  async rebuildDerived(name: string): Promise<void> {
    const schemas = await this.cx.tenantSchemas();
    if (name !== 'ticket_counts') {
      throw new DocketError(
        'validation',
        `nothing called '${name}' can be rebuilt on PostgreSQL (search vectors are kept by the database); known: ticket_counts`,
      );
    }
    for (const schema of schemas) {
      await this.cx.s.run(`DELETE FROM ${schema}.ticket_counts`);
      await this.cx.s.run(
        `INSERT INTO ${schema}.ticket_counts (project_id, type, status, assignee, n) ${realCounts(schema)}`,
      );
    }
  }

  async syncClosedAt(
    projectId: number,
    type: string,
    terminal: readonly string[],
  ): Promise<{ closed: number; reopened: number }> {
    await this.cx.enter(projectId);
    await this.cx.lockProject(projectId);
    const closed = await this.cx.s.run(
      'UPDATE tickets SET closed_at = updated_at WHERE project_id = $1 AND type = $2 AND closed_at IS NULL AND status = ANY($3::text[])',
      projectId,
      type,
      [...terminal],
    );
    const reopened = await this.cx.s.run(
      'UPDATE tickets SET closed_at = NULL WHERE project_id = $1 AND type = $2 AND closed_at IS NOT NULL AND NOT (status = ANY($3::text[]))',
      projectId,
      type,
      [...terminal],
    );
    return { closed, reopened };
  }
}

import { DocketError } from '../../domain/errors.js';
import type { CrossProjectLink, StaleDerived, TallyRow } from '../store.js';
import type { Statements } from './statements.js';

// The consistency checks behind `docket doctor` that only the backend can make. Search vectors are
// generated columns PostgreSQL computes itself, so only the trigger-kept count table can drift.
// Each check runs over every schema holding project tables (`schemas`, quoted names).

const realCounts = (s: string) =>
  `SELECT project_id, type, status, coalesce(assignee, '') AS assignee, count(*)::int AS n FROM ${s}.tickets GROUP BY 1, 2, 3, 4`;
const keptCounts = (s: string) => `SELECT project_id, type, status, assignee, n FROM ${s}.ticket_counts WHERE n <> 0`;

export async function staleDerived(s: Statements, schemas: readonly string[]): Promise<StaleDerived[]> {
  let wrong = 0;
  for (const schema of schemas) {
    const row = await s.one<{ n: number }>(
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

export async function rebuildDerived(s: Statements, schemas: readonly string[], name: string): Promise<void> {
  if (name !== 'ticket_counts') {
    throw new DocketError(
      'validation',
      `nothing called '${name}' can be rebuilt on PostgreSQL (search vectors are kept by the database); known: ticket_counts`,
    );
  }
  for (const schema of schemas) {
    await s.run(`DELETE FROM ${schema}.ticket_counts`);
    await s.run(`INSERT INTO ${schema}.ticket_counts (project_id, type, status, assignee, n) ${realCounts(schema)}`);
  }
}

export async function ticketTally(s: Statements, projectId: number): Promise<TallyRow[]> {
  return s.all<TallyRow>(
    'SELECT type, status, closed_at IS NOT NULL AS closed, count(*)::int AS count FROM tickets WHERE project_id = $1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3',
    projectId,
  );
}

export async function crossProjectLinks(s: Statements, schemas: readonly string[]): Promise<CrossProjectLink[]> {
  const out: CrossProjectLink[] = [];
  for (const schema of schemas) {
    out.push(
      ...(await s.all<CrossProjectLink>(
        'SELECT l.id, l.type, l.project_id AS "projectId", a.project_id AS "sourceProjectId", a.number AS "sourceNumber", ' +
          'b.project_id AS "targetProjectId", b.number AS "targetNumber" ' +
          `FROM ${schema}.links l JOIN ${schema}.tickets a ON a.id = l.source_id JOIN ${schema}.tickets b ON b.id = l.target_id ` +
          'WHERE a.project_id <> b.project_id OR l.project_id <> a.project_id ORDER BY l.id',
      )),
    );
  }
  return out;
}

export async function syncClosedAt(
  s: Statements,
  projectId: number,
  type: string,
  terminal: readonly string[],
): Promise<{ closed: number; reopened: number }> {
  const closed = await s.run(
    'UPDATE tickets SET closed_at = updated_at WHERE project_id = $1 AND type = $2 AND closed_at IS NULL AND status = ANY($3::text[])',
    projectId,
    type,
    [...terminal],
  );
  const reopened = await s.run(
    'UPDATE tickets SET closed_at = NULL WHERE project_id = $1 AND type = $2 AND closed_at IS NOT NULL AND NOT (status = ANY($3::text[]))',
    projectId,
    type,
    [...terminal],
  );
  return { closed, reopened };
}

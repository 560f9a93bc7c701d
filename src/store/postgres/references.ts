import type { NewReference, ReferenceRecord, ReferenceRow, ReferencesWriter } from '../references.js';
import type { TxContext } from './statements.js';

const COLUMNS =
  'r.id, r.ticket_id AS "ticketId", r.kind, r.key, r.subject, r.author, r.time, r.branch, r.url, r.created_by AS "createdBy", r.created_at AS "createdAt"';

/** References of tickets to commits, branches and pull requests; `ticket_refs` is unique on (ticket, key). */
export class PostgresReferences implements ReferencesWriter {
  constructor(private readonly cx: TxContext) {}

  of(ticketId: number): Promise<ReferenceRecord[]> {
    return this.cx.s.all<ReferenceRecord>(
      `SELECT ${COLUMNS} FROM ticket_refs r WHERE r.ticket_id = $1 ORDER BY r.id`,
      ticketId,
    );
  }

  find(ticketId: number, key: string): Promise<ReferenceRecord | undefined> {
    return this.cx.s.one<ReferenceRecord>(
      `SELECT ${COLUMNS} FROM ticket_refs r WHERE r.ticket_id = $1 AND r.key = $2`,
      ticketId,
      key,
    );
  }

  async page(projectId: number, afterId: number, limit: number): Promise<ReferenceRow[]> {
    await this.cx.enter(projectId);
    return this.cx.s.all<ReferenceRow>(
      `SELECT ${COLUMNS}, t.number AS "ticketNumber" FROM ticket_refs r JOIN tickets t ON t.id = r.ticket_id ` +
        'WHERE r.project_id = $1 AND r.id > $2 ORDER BY r.id LIMIT $3',
      projectId,
      afterId,
      limit,
    );
  }

  async insert(r: NewReference): Promise<number | undefined> {
    await this.cx.enter(r.projectId);
    const row = await this.cx.s.one<{ id: number }>(
      'INSERT INTO ticket_refs (project_id, ticket_id, kind, key, subject, author, time, branch, url, created_by, created_at) ' +
        'VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (ticket_id, key) DO NOTHING RETURNING id',
      r.projectId,
      r.ticketId,
      r.kind,
      r.key,
      r.subject,
      r.author,
      r.time,
      r.branch,
      r.url,
      r.actor,
      r.at,
    );
    return row?.id;
  }

  async setBranch(id: number, branch: string): Promise<void> {
    await this.cx.s.run('UPDATE ticket_refs SET branch = $1 WHERE id = $2', branch, id);
  }
}

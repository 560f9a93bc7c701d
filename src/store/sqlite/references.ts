import type { NewReference, ReferenceRecord, ReferenceRow, ReferencesWriter } from '../references.js';
import type { Statements } from './statements.js';

const COLUMNS =
  'r.id, r.ticket_id AS ticketId, r.kind, r.key, r.subject, r.author, r.time, r.branch, r.url, r.created_by AS createdBy, r.created_at AS createdAt';

/** References of tickets to commits, branches and pull requests; `ticket_refs` is unique on (ticket, key). */
export class SqliteReferences implements ReferencesWriter {
  constructor(private readonly s: Statements) {}

  async of(ticketId: number): Promise<ReferenceRecord[]> {
    return this.s.all<ReferenceRecord>(
      `SELECT ${COLUMNS} FROM ticket_refs r WHERE r.ticket_id = ? ORDER BY r.id`,
      ticketId,
    );
  }

  async find(ticketId: number, key: string): Promise<ReferenceRecord | undefined> {
    return this.s.one<ReferenceRecord>(
      `SELECT ${COLUMNS} FROM ticket_refs r WHERE r.ticket_id = ? AND r.key = ?`,
      ticketId,
      key,
    );
  }

  async page(projectId: number, afterId: number, limit: number): Promise<ReferenceRow[]> {
    return this.s.all<ReferenceRow>(
      `SELECT ${COLUMNS}, t.number AS ticketNumber FROM ticket_refs r JOIN tickets t ON t.id = r.ticket_id ` +
        'WHERE r.project_id = ? AND r.id > ? ORDER BY r.id LIMIT ?',
      projectId,
      afterId,
      limit,
    );
  }

  async insert(r: NewReference): Promise<number | undefined> {
    const done = this.s.run(
      'INSERT INTO ticket_refs (project_id, ticket_id, kind, key, subject, author, time, branch, url, created_by, created_at) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ticket_id, key) DO NOTHING',
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
    return done.changes > 0 ? Number(done.lastInsertRowid) : undefined;
  }

  async setBranch(id: number, branch: string): Promise<void> {
    this.s.run('UPDATE ticket_refs SET branch = ? WHERE id = ?', branch, id);
  }
}

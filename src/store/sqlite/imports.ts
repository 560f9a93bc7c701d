import type { FoundImportRef, ImportRef, ImportRefKey, ImportRefRow, ImportsWriter } from '../imports.js';
import type { Statements } from './statements.js';

const ROW =
  'SELECT r.source, r.external_id AS externalId, r.url, t.number AS ticketNumber, r.hash, r.at ' +
  'FROM import_refs r JOIN tickets t ON t.id = r.ticket_id';

/** Where imported tickets came from (`import_refs`); a batch's ids go in as one JSON array. */
export class SqliteImports implements ImportsWriter {
  constructor(private readonly s: Statements) {}

  async find(projectId: number, source: string, externalIds: readonly string[]): Promise<FoundImportRef[]> {
    if (!externalIds.length) return [];
    return this.s.all<FoundImportRef>(
      'SELECT external_id AS externalId, url, ticket_id AS ticketId, hash, at FROM import_refs ' +
        'WHERE project_id = ? AND source = ? AND external_id IN (SELECT value FROM json_each(?))',
      projectId,
      source,
      JSON.stringify(externalIds),
    );
  }

  async ofTicket(ticketId: number): Promise<ImportRefRow[]> {
    return this.s.all<ImportRefRow>(`${ROW} WHERE r.ticket_id = ? ORDER BY r.source, r.external_id`, ticketId);
  }

  async page(projectId: number, after: ImportRefKey | null, limit: number): Promise<ImportRefRow[]> {
    if (after === null) {
      return this.s.all<ImportRefRow>(
        `${ROW} WHERE r.project_id = ? ORDER BY r.source, r.external_id LIMIT ?`,
        projectId,
        limit,
      );
    }
    return this.s.all<ImportRefRow>(
      `${ROW} WHERE r.project_id = ? AND (r.source, r.external_id) > (?, ?) ORDER BY r.source, r.external_id LIMIT ?`,
      projectId,
      after.source,
      after.externalId,
      limit,
    );
  }

  async put(ref: ImportRef): Promise<void> {
    this.s.run(
      'INSERT INTO import_refs (project_id, source, external_id, url, ticket_id, hash, at) VALUES (?, ?, ?, ?, ?, ?, ?) ' +
        'ON CONFLICT (project_id, source, external_id) DO UPDATE SET url = excluded.url, ticket_id = excluded.ticket_id, ' +
        'hash = excluded.hash, at = excluded.at',
      ref.projectId,
      ref.source,
      ref.externalId,
      ref.url,
      ref.ticketId,
      ref.hash,
      ref.at,
    );
  }
}

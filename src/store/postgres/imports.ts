import type { FoundImportRef, ImportRef, ImportRefKey, ImportRefRow, ImportsWriter } from '../imports.js';
import type { TxContext } from './statements.js';

const ROW =
  'SELECT r.source, r.external_id AS "externalId", r.url, t.number AS "ticketNumber", r.hash, r.at ' +
  'FROM import_refs r JOIN tickets t ON t.id = r.ticket_id';

// Where imported tickets came from (`import_refs`), in the project's tables; a batch's ids go in as
// one array parameter.

export class PostgresImports implements ImportsWriter {
  constructor(private readonly cx: TxContext) {}

  async find(projectId: number, source: string, externalIds: readonly string[]): Promise<FoundImportRef[]> {
    if (!externalIds.length) return [];
    await this.cx.enter(projectId);
    return this.cx.s.all<FoundImportRef>(
      'SELECT external_id AS "externalId", url, ticket_id AS "ticketId", hash, at FROM import_refs ' +
        'WHERE project_id = $1 AND source = $2 AND external_id = ANY($3::text[])',
      projectId,
      source,
      externalIds,
    );
  }

  ofTicket(ticketId: number): Promise<ImportRefRow[]> {
    return this.cx.s.all<ImportRefRow>(`${ROW} WHERE r.ticket_id = $1 ORDER BY r.source, r.external_id`, ticketId);
  }

  async page(projectId: number, after: ImportRefKey | null, limit: number): Promise<ImportRefRow[]> {
    await this.cx.enter(projectId);
    if (after === null) {
      return this.cx.s.all<ImportRefRow>(
        `${ROW} WHERE r.project_id = $1 ORDER BY r.source, r.external_id LIMIT $2`,
        projectId,
        limit,
      );
    }
    return this.cx.s.all<ImportRefRow>(
      `${ROW} WHERE r.project_id = $1 AND (r.source, r.external_id) > ($2, $3) ORDER BY r.source, r.external_id LIMIT $4`,
      projectId,
      after.source,
      after.externalId,
      limit,
    );
  }

  async put(ref: ImportRef): Promise<void> {
    await this.cx.enter(ref.projectId);
    await this.cx.s.run(
      'INSERT INTO import_refs (project_id, source, external_id, url, ticket_id, hash, at) VALUES ($1, $2, $3, $4, $5, $6, $7) ' +
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

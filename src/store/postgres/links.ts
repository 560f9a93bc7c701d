import type { LinkType } from '../../domain/links.js';
import {
  type CrossProjectLink,
  type LinkEndRow,
  type LinkEnds,
  type LinkRecord,
  type LinkRow,
  type LinksWriter,
  type NewLink,
  type StoredLink,
  toLinkRecord,
} from '../links.js';
import type { TxContext } from './statements.js';

// Links between tickets. In a write, the lookups core checks before deleting lock the link row.
// Methods that name only tickets run in the schema of the project the transaction entered.

/** The columns a link row fills when written in bulk (by COPY, see only/copy-buffer.ts). */
const LINK_COLUMNS = ['id', 'project_id', 'source_id', 'target_id', 'type', 'created_by', 'created_at'];

export class PostgresLinks implements LinksWriter {
  constructor(private readonly cx: TxContext) {}

  async of(ticketId: number): Promise<LinkRecord[]> {
    const rows = await this.cx.s.all<LinkEndRow>(
      'SELECT l.id, l.type, l.source_id AS "sourceId", l.target_id AS "targetId", o.id AS oid, o.number, o.title, o.status, o.closed_at AS "closedAt" ' +
        'FROM links l JOIN tickets o ON o.id = CASE WHEN l.source_id = $1 THEN l.target_id ELSE l.source_id END ' +
        'WHERE l.source_id = $1 OR l.target_id = $1 ORDER BY l.id',
      ticketId,
    );
    return rows.map((r) => toLinkRecord(r, ticketId));
  }

  async get(projectId: number, linkId: number): Promise<StoredLink | undefined> {
    await this.cx.enter(projectId);
    return this.cx.s.one<StoredLink>(
      `SELECT id, type, source_id AS "sourceId", target_id AS "targetId" FROM links WHERE project_id = $1 AND id = $2${this.forUpdate()}`,
      projectId,
      linkId,
    );
  }

  async find({ sourceId, targetId, type }: LinkEnds): Promise<number | undefined> {
    const row = await this.cx.s.one<{ id: number }>(
      `SELECT id FROM links WHERE source_id = $1 AND target_id = $2 AND type = $3${this.forUpdate()}`,
      sourceId,
      targetId,
      type,
    );
    return row?.id;
  }

  async reachable({ sourceId, targetId, type }: LinkEnds): Promise<boolean> {
    // A cycle check spans tickets nobody locked: hold off the project's other writers while it runs.
    await this.cx.lockProject(this.cx.current);
    const row = await this.cx.s.one(
      'WITH RECURSIVE walk(id) AS (SELECT $1::bigint UNION SELECT l.target_id FROM links l JOIN walk w ON l.source_id = w.id WHERE l.type = $2) ' +
        'SELECT 1 FROM walk WHERE id = $3 LIMIT 1',
      sourceId,
      type,
      targetId,
    );
    return row !== undefined;
  }

  async incoming(targetId: number, type: LinkType): Promise<number> {
    const row = await this.cx.s.one<{ n: number }>(
      'SELECT count(*) AS n FROM links WHERE target_id = $1 AND type = $2',
      targetId,
      type,
    );
    return row?.n ?? 0;
  }

  async openBlockers(ticketId: number): Promise<number> {
    const row = await this.cx.s.one<{ n: number }>(
      "SELECT count(*) AS n FROM links l JOIN tickets b ON b.id = l.source_id WHERE l.target_id = $1 AND l.type = 'blocks' AND b.closed_at IS NULL",
      ticketId,
    );
    return row?.n ?? 0;
  }

  /** Ends named by ticket number, so an export never depends on this database's row ids. */
  async page(projectId: number, afterId: number, limit: number): Promise<LinkRow[]> {
    await this.cx.enter(projectId);
    return this.cx.s.all<LinkRow>(
      'SELECT l.id, l.type, a.number AS "sourceNumber", b.number AS "targetNumber", l.created_by AS "createdBy", l.created_at AS "createdAt" ' +
        'FROM links l JOIN tickets a ON a.id = l.source_id JOIN tickets b ON b.id = l.target_id ' +
        'WHERE l.project_id = $1 AND l.id > $2 ORDER BY l.id LIMIT $3',
      projectId,
      afterId,
      limit,
    );
  }

  /** Checked in every schema holding project tables. */
  async crossProject(): Promise<CrossProjectLink[]> {
    const out: CrossProjectLink[] = [];
    for (const schema of await this.cx.tenantSchemas()) {
      out.push(
        ...(await this.cx.s.all<CrossProjectLink>(
          'SELECT l.id, l.type, l.project_id AS "projectId", a.project_id AS "sourceProjectId", a.number AS "sourceNumber", ' +
            'b.project_id AS "targetProjectId", b.number AS "targetNumber" ' +
            `FROM ${schema}.links l JOIN ${schema}.tickets a ON a.id = l.source_id JOIN ${schema}.tickets b ON b.id = l.target_id ` +
            'WHERE a.project_id <> b.project_id OR l.project_id <> a.project_id ORDER BY l.id',
        )),
      );
    }
    return out;
  }

  async insert(link: NewLink): Promise<number> {
    await this.cx.enter(link.projectId);
    const bulk = this.cx.s.bulk;
    if (bulk) {
      const schema = this.cx.schemaOf(link.projectId);
      const id = await bulk.nextId(schema, 'links');
      const { projectId, sourceId, targetId, type, actor, at } = link;
      await bulk.add(schema, 'links', LINK_COLUMNS, [id, projectId, sourceId, targetId, type, actor, at]);
      return id;
    }
    return this.cx.s.insert(
      'INSERT INTO links (project_id, source_id, target_id, type, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      link.projectId,
      link.sourceId,
      link.targetId,
      link.type,
      link.actor,
      link.at,
    );
  }

  async delete(linkId: number): Promise<void> {
    await this.cx.s.run('DELETE FROM links WHERE id = $1', linkId);
  }

  private forUpdate(): string {
    return this.cx.writing ? ' FOR UPDATE' : '';
  }
}

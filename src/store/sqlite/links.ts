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
import type { Statements } from './statements.js';

/** Links between tickets: one row each, listed from both ends (`links_target` indexes the far end). */
export class SqliteLinks implements LinksWriter {
  constructor(private readonly s: Statements) {}

  async of(ticketId: number): Promise<LinkRecord[]> {
    const rows = this.s.all<LinkEndRow>(
      'SELECT l.id, l.type, l.source_id AS sourceId, l.target_id AS targetId, o.id AS oid, o.number, o.title, o.status, o.closed_at AS closedAt ' +
        'FROM links l JOIN tickets o ON o.id = CASE WHEN l.source_id = ? THEN l.target_id ELSE l.source_id END ' +
        'WHERE l.source_id = ? OR l.target_id = ? ORDER BY l.id',
      ticketId,
      ticketId,
      ticketId,
    );
    return rows.map((r) => toLinkRecord(r, ticketId));
  }

  async get(projectId: number, linkId: number): Promise<StoredLink | undefined> {
    return this.s.one<StoredLink>(
      'SELECT id, type, source_id AS sourceId, target_id AS targetId FROM links WHERE project_id = ? AND id = ?',
      projectId,
      linkId,
    );
  }

  async find(ends: LinkEnds): Promise<number | undefined> {
    return this.s.one<{ id: number }>(
      'SELECT id FROM links WHERE source_id = ? AND target_id = ? AND type = ?',
      ends.sourceId,
      ends.targetId,
      ends.type,
    )?.id;
  }

  async reachable(path: LinkEnds): Promise<boolean> {
    const row = this.s.one(
      'WITH RECURSIVE walk(id) AS (SELECT ? UNION SELECT l.target_id FROM links l JOIN walk w ON l.source_id = w.id WHERE l.type = ?) ' +
        'SELECT 1 FROM walk WHERE id = ? LIMIT 1',
      path.sourceId,
      path.type,
      path.targetId,
    );
    return row !== undefined;
  }

  async incoming(targetId: number, type: LinkType): Promise<number> {
    return this.s.one<{ n: number }>(
      'SELECT count(*) AS n FROM links WHERE target_id = ? AND type = ?',
      targetId,
      type,
    )!.n;
  }

  async openBlockers(ticketId: number): Promise<number> {
    return this.s.one<{ n: number }>(
      "SELECT count(*) AS n FROM links l JOIN tickets b ON b.id = l.source_id WHERE l.target_id = ? AND l.type = 'blocks' AND b.closed_at IS NULL",
      ticketId,
    )!.n;
  }

  async page(projectId: number, afterId: number, limit: number): Promise<LinkRow[]> {
    return this.s.all<LinkRow>(
      'SELECT l.id, l.type, a.number AS sourceNumber, b.number AS targetNumber, l.created_by AS createdBy, l.created_at AS createdAt ' +
        'FROM links l JOIN tickets a ON a.id = l.source_id JOIN tickets b ON b.id = l.target_id ' +
        'WHERE l.project_id = ? AND l.id > ? ORDER BY l.id LIMIT ?',
      projectId,
      afterId,
      limit,
    );
  }

  async crossProject(): Promise<CrossProjectLink[]> {
    return this.s.all<CrossProjectLink>(
      'SELECT l.id, l.type, l.project_id AS projectId, a.project_id AS sourceProjectId, a.number AS sourceNumber, ' +
        'b.project_id AS targetProjectId, b.number AS targetNumber ' +
        'FROM links l JOIN tickets a ON a.id = l.source_id JOIN tickets b ON b.id = l.target_id ' +
        'WHERE a.project_id != b.project_id OR l.project_id != a.project_id ORDER BY l.id',
    );
  }

  async insert(link: NewLink): Promise<number> {
    return this.s.insert(
      'INSERT INTO links (project_id, source_id, target_id, type, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      link.projectId,
      link.sourceId,
      link.targetId,
      link.type,
      link.actor,
      link.at,
    );
  }

  async delete(linkId: number): Promise<void> {
    this.s.run('DELETE FROM links WHERE id = ?', linkId);
  }
}

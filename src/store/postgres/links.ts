import type { LinkType } from '../../domain/links.js';
import { type LinkEndRow, type LinkRecord, toLinkRecord } from '../store.js';
import type { Statements } from './statements.js';

// Links between tickets. In a write, the lookups core checks before deleting lock the link row.

export async function links(s: Statements, ticketId: number): Promise<LinkRecord[]> {
  const rows = await s.all<LinkEndRow>(
    'SELECT l.id, l.type, l.source_id AS "sourceId", l.target_id AS "targetId", o.id AS oid, o.number, o.title, o.status, o.closed_at AS "closedAt" ' +
      'FROM links l JOIN tickets o ON o.id = CASE WHEN l.source_id = $1 THEN l.target_id ELSE l.source_id END ' +
      'WHERE l.source_id = $1 OR l.target_id = $1 ORDER BY l.id',
    ticketId,
  );
  return rows.map((r) => toLinkRecord(r, ticketId));
}

export function link(s: Statements, projectId: number, linkId: number, writing: boolean) {
  return s.one<{ id: number; type: LinkType; sourceId: number; targetId: number }>(
    `SELECT id, type, source_id AS "sourceId", target_id AS "targetId" FROM links WHERE project_id = $1 AND id = $2${writing ? ' FOR UPDATE' : ''}`,
    projectId,
    linkId,
  );
}

export async function findLink(
  s: Statements,
  sourceId: number,
  targetId: number,
  type: LinkType,
  writing: boolean,
): Promise<number | undefined> {
  const row = await s.one<{ id: number }>(
    `SELECT id FROM links WHERE source_id = $1 AND target_id = $2 AND type = $3${writing ? ' FOR UPDATE' : ''}`,
    sourceId,
    targetId,
    type,
  );
  return row?.id;
}

export async function reachable(s: Statements, type: LinkType, from: number, to: number): Promise<boolean> {
  const row = await s.one(
    'WITH RECURSIVE walk(id) AS (SELECT $1::bigint UNION SELECT l.target_id FROM links l JOIN walk w ON l.source_id = w.id WHERE l.type = $2) ' +
      'SELECT 1 FROM walk WHERE id = $3 LIMIT 1',
    from,
    type,
    to,
  );
  return row !== undefined;
}

export async function incomingCount(s: Statements, targetId: number, type: LinkType): Promise<number> {
  const row = await s.one<{ n: number }>(
    'SELECT count(*) AS n FROM links WHERE target_id = $1 AND type = $2',
    targetId,
    type,
  );
  return row?.n ?? 0;
}

export async function openBlockers(s: Statements, ticketId: number): Promise<number> {
  const row = await s.one<{ n: number }>(
    "SELECT count(*) AS n FROM links l JOIN tickets b ON b.id = l.source_id WHERE l.target_id = $1 AND l.type = 'blocks' AND b.closed_at IS NULL",
    ticketId,
  );
  return row?.n ?? 0;
}

export function insertLink(
  s: Statements,
  projectId: number,
  sourceId: number,
  targetId: number,
  type: LinkType,
  actor: string | null,
  at: number,
): Promise<number> {
  return s.insert(
    'INSERT INTO links (project_id, source_id, target_id, type, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    projectId,
    sourceId,
    targetId,
    type,
    actor,
    at,
  );
}

export async function deleteLink(s: Statements, linkId: number): Promise<void> {
  await s.run('DELETE FROM links WHERE id = $1', linkId);
}

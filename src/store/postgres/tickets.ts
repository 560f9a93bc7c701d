import {
  type HistoryTarget,
  type ListSpec,
  type NewTicket,
  PATCH_COLUMNS,
  type ProjectRecord,
  type ReadySpec,
  type TicketFilterSpec,
  type TicketPatch,
  type TicketRecord,
} from '../store.js';
import type { Column } from './counts.js';
import { ident, type Statements } from './statements.js';

export const TICKET_COLUMNS =
  't.id, t.project_id AS "projectId", t.number, t.type, t.title, t.description, t.status, t.priority, ' +
  't.priority_rank AS "priorityRank", t.assignee, t.category, t.labels, t.created_by AS "createdBy", ' +
  't.created_at AS "createdAt", t.updated_at AS "updatedAt", t.closed_at AS "closedAt", ' +
  't.lease_until AS "leaseUntil", t.version';

/** Collects positional parameters while a statement is assembled. */
export class Params {
  readonly values: unknown[] = [];
  constructor(...initial: unknown[]) {
    this.values.push(...initial);
  }
  /** Adds a value and returns its placeholder. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** WHERE fragments for the filters every ticket query shares. */
export function filterSql(spec: TicketFilterSpec, p: Params): string {
  const where: string[] = [];
  const inList = (column: string, values: readonly string[] | undefined) => {
    if (!values?.length) return;
    where.push(values.length === 1 ? `${column} = ${p.add(values[0])}` : `${column} = ANY(${p.add(values)}::text[])`);
  };
  inList('t.type', spec.types);
  inList('t.status', spec.statuses);
  inList('t.priority', spec.priorities);
  if (spec.open !== undefined) where.push(spec.open ? 't.closed_at IS NULL' : 't.closed_at IS NOT NULL');
  if (spec.assignee === null) where.push('t.assignee IS NULL');
  else if (spec.assignee !== undefined) where.push(`t.assignee = ${p.add(spec.assignee)}`);
  if (spec.category === null) where.push('t.category IS NULL');
  else if (spec.category !== undefined) where.push(`t.category = ${p.add(spec.category)}`);
  if (spec.label !== undefined) where.push(`t.labels @> ARRAY[${p.add(spec.label)}::text]`);
  return where.map((w) => ` AND ${w}`).join('');
}

export async function listTickets(s: Statements, projectId: number, spec: ListSpec): Promise<TicketRecord[]> {
  const p = new Params(projectId);
  let sql = `SELECT ${TICKET_COLUMNS} FROM tickets t WHERE t.project_id = $1${filterSql(spec, p)}`;
  if (spec.after !== undefined && spec.order !== 'priority') {
    sql += spec.order === 'asc' ? ` AND t.number > ${p.add(spec.after)}` : ` AND t.number < ${p.add(spec.after)}`;
  }
  const order = { asc: 't.number ASC', desc: 't.number DESC', priority: 't.priority_rank DESC, t.number ASC' }[
    spec.order
  ];
  sql += ` ORDER BY ${order} LIMIT ${p.add(spec.limit)}`;
  return s.all<TicketRecord>(sql, ...p.values);
}

/**
 * Ready work, most urgent first. With `claim` (claim-next inside a write) the rows are locked as they
 * are chosen and rows another transaction holds are skipped, so two writers never pick the same ticket.
 */
export async function readyTickets(
  s: Statements,
  projectId: number,
  spec: ReadySpec,
  writing: boolean,
): Promise<TicketRecord[]> {
  const p = new Params(projectId);
  let sql = `SELECT ${TICKET_COLUMNS} FROM tickets t WHERE t.project_id = $1 AND t.closed_at IS NULL`;
  if (spec.readyFor !== undefined) sql += ` AND t.assignee = ${p.add(spec.readyFor)}`;
  else sql += ` AND (t.assignee IS NULL OR t.lease_until < ${p.add(spec.now)})`;
  sql += filterSql(spec, p);
  sql +=
    " AND NOT EXISTS (SELECT 1 FROM links l JOIN tickets b ON b.id = l.source_id WHERE l.target_id = t.id AND l.type = 'blocks' AND b.closed_at IS NULL)" +
    ` ORDER BY t.priority_rank DESC, t.created_at ASC, t.number ASC LIMIT ${p.add(spec.limit)}`;
  if (spec.claim && writing) sql += ' FOR UPDATE OF t SKIP LOCKED';
  return s.all<TicketRecord>(sql, ...p.values);
}

/** One ticket; inside a write its row is locked, so core's read-check-write cannot interleave with another. */
export async function getTicket(
  s: Statements,
  projectId: number,
  number: number,
  writing: boolean,
): Promise<TicketRecord | undefined> {
  return s.one<TicketRecord>(
    `SELECT ${TICKET_COLUMNS} FROM tickets t WHERE t.project_id = $1 AND t.number = $2${writing ? ' FOR UPDATE' : ''}`,
    projectId,
    number,
  );
}

/**
 * A project by key and one of its tickets in one statement (see `Store.ticketAt`), for a project
 * whose tickets live in `tenant` (null: the main schema). Schema-qualified: it runs outside any
 * transaction, so no search_path is set.
 */
export function ticketAtSql(main: string, tenant: string | null): string {
  return (
    'SELECT p.id AS "pId", p.key AS "pKey", p.name AS "pName", p.schema_version AS "pSchemaVersion", ' +
    `p.created_at AS "pCreatedAt", p.tenant_schema AS "pTenant", ${TICKET_COLUMNS} FROM ${ident(main)}.projects p ` +
    `LEFT JOIN ${ident(tenant ?? main)}.tickets t ON t.project_id = p.id AND t.number = $1 WHERE p.key = $2`
  );
}

export type TicketAtRow = { pId: number; pKey: string; pName: string; pSchemaVersion: number; pCreatedAt: number } & {
  pTenant: string | null;
} & ({ [K in keyof TicketRecord]: TicketRecord[K] } | { [K in keyof TicketRecord]: null });

/** The project of a `ticketAtSql` row. */
export const projectOf = (r: TicketAtRow): ProjectRecord => ({
  id: r.pId,
  key: r.pKey,
  name: r.pName,
  schemaVersion: r.pSchemaVersion,
  createdAt: r.pCreatedAt,
});

export async function ticketsByIds(s: Statements, ids: readonly number[]): Promise<TicketRecord[]> {
  if (!ids.length) return [];
  const rows = await s.all<TicketRecord>(`SELECT ${TICKET_COLUMNS} FROM tickets t WHERE t.id = ANY($1::bigint[])`, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((t): t is TicketRecord => t !== undefined);
}

export async function insertTicket(s: Statements, t: NewTicket | Omit<TicketRecord, 'id'>): Promise<number> {
  const version = 'version' in t ? t.version : 1;
  return s.insert(
    'INSERT INTO tickets (project_id, number, type, title, description, status, priority, priority_rank, assignee, category, labels, created_by, created_at, updated_at, closed_at, lease_until, version) ' +
      'VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id',
    t.projectId,
    t.number,
    t.type,
    t.title,
    t.description,
    t.status,
    t.priority,
    t.priorityRank,
    t.assignee,
    t.category,
    [...t.labels],
    t.createdBy,
    t.createdAt,
    t.updatedAt,
    t.closedAt,
    t.leaseUntil,
    version,
  );
}

export async function updateTicket(s: Statements, ticketId: number, patch: TicketPatch, at: number): Promise<number> {
  const p = new Params();
  const sets: string[] = [];
  for (const [key, value] of Object.entries(patch) as [keyof TicketPatch, unknown][]) {
    if (value === undefined) continue;
    sets.push(`${PATCH_COLUMNS[key]} = ${p.add(key === 'labels' ? [...(value as string[])] : value)}`);
  }
  sets.push(`updated_at = ${p.add(at)}`, 'version = version + 1');
  const row = await s.one<{ version: number }>(
    `UPDATE tickets SET ${sets.join(', ')} WHERE id = ${p.add(ticketId)} RETURNING version`,
    ...p.values,
  );
  return row?.version ?? 0;
}

/**
 * Rewrites a value in a column across a project's tickets (renames and forced deletes) and files
 * their history rows, in one statement: the UPDATE hands its ticket ids straight to the history
 * INSERT inside the server, so 100k tickets cost one round trip, not one per ticket.
 */
export async function replaceValue(
  s: Statements,
  projectId: number,
  col: Column,
  from: string,
  to: string | null,
  history: HistoryTarget,
  type?: string,
): Promise<number> {
  const typed = type === undefined ? '' : ' AND type = $8';
  const row = await s.one<{ n: number }>(
    `WITH changed AS (UPDATE tickets SET ${col} = $1, updated_at = $2, version = version + 1 ` +
      `WHERE project_id = $3 AND ${col} = $4${typed} RETURNING id), ` +
      'filed AS (INSERT INTO history (event_id, ticket_id, field, old, new, actor, at) ' +
      'SELECT $5::bigint, id, $6::text, $4, $1, $7::text, $2 FROM changed ORDER BY id) ' +
      'SELECT count(*)::int AS n FROM changed',
    ...[to, history.at, projectId, from, history.eventId, col, history.actor],
    ...(type === undefined ? [] : [type]),
  );
  return row?.n ?? 0;
}

export async function rerankPriorities(
  s: Statements,
  projectId: number,
  ranks: ReadonlyMap<string, number>,
): Promise<void> {
  await s.run(
    'UPDATE tickets t SET priority_rank = r.rank FROM unnest($2::text[], $3::int[]) AS r(priority, rank) ' +
      'WHERE t.project_id = $1 AND t.priority = r.priority AND t.priority_rank <> r.rank',
    projectId,
    [...ranks.keys()],
    [...ranks.values()],
  );
}

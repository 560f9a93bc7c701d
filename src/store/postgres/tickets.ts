import type { ProjectRecord } from '../projects.js';
import {
  type ListSpec,
  type NewTicket,
  PATCH_COLUMNS,
  type ReadySpec,
  type Replacement,
  type SearchHit,
  type SearchSpec,
  type TicketPatch,
  type TicketRecord,
  type TicketsWriter,
} from '../tickets.js';
import { column } from './counts.js';
import { fieldsText } from './planning.js';
import { searchTickets } from './search.js';
import { filterSql, ident, Params, type Statements, TICKET_COLUMNS, type TxContext } from './statements.js';

export class PostgresTickets implements TicketsWriter {
  constructor(private readonly cx: TxContext) {}

  /** One ticket; inside a write its row is locked, so core's read-check-write cannot interleave with another. */
  async get(projectId: number, number: number): Promise<TicketRecord | undefined> {
    await this.cx.enter(projectId);
    return this.cx.s.one<TicketRecord>(
      `SELECT ${TICKET_COLUMNS} FROM tickets t WHERE t.project_id = $1 AND t.number = $2${this.cx.writing ? ' FOR UPDATE' : ''}`,
      projectId,
      number,
    );
  }

  async byIds(ids: readonly number[]): Promise<TicketRecord[]> {
    if (!ids.length) return [];
    const rows = await this.cx.s.all<TicketRecord>(
      `SELECT ${TICKET_COLUMNS} FROM tickets t WHERE t.id = ANY($1::bigint[])`,
      ids,
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((t): t is TicketRecord => t !== undefined);
  }

  async list(projectId: number, spec: ListSpec): Promise<TicketRecord[]> {
    await this.cx.enter(projectId);
    const p = new Params(projectId);
    let rest = `FROM tickets t WHERE t.project_id = $1${filterSql(spec, p)}`;
    if (spec.after !== undefined && spec.order !== 'priority' && spec.order !== 'due') {
      rest += spec.order === 'asc' ? ` AND t.number > ${p.add(spec.after)}` : ` AND t.number < ${p.add(spec.after)}`;
    }
    const order = {
      asc: 't.number ASC',
      desc: 't.number DESC',
      priority: 't.priority_rank DESC, t.number ASC',
      due: 't.due_at ASC NULLS LAST, t.number ASC',
    }[spec.order];
    rest += ` ORDER BY ${order} LIMIT ${p.add(spec.limit)}`;
    // Open tickets' assignee, type, priority, status and category are in tickets_open_cover, so a
    // page's ids come from that index alone and only the page's rows are read, not every open ticket
    // the filter skips on the way (only/indexes.ts). Labels are not in it: a label filter gains nothing.
    const sql =
      spec.open && spec.label === undefined && (spec.order === 'asc' || spec.order === 'desc')
        ? `SELECT ${TICKET_COLUMNS} FROM (SELECT t.id ${rest}) k JOIN tickets t ON t.id = k.id ORDER BY ${order}`
        : `SELECT ${TICKET_COLUMNS} ${rest}`;
    return this.cx.s.all<TicketRecord>(sql, ...p.values);
  }

  /**
   * Ready work, most urgent first. With `claim` (claim-next inside a write) the rows are locked as they
   * are chosen and rows another transaction holds are skipped, so two writers never pick the same ticket.
   */
  async ready(projectId: number, spec: ReadySpec): Promise<TicketRecord[]> {
    await this.cx.enter(projectId);
    const p = new Params(projectId);
    let sql = `SELECT ${TICKET_COLUMNS} FROM tickets t WHERE t.project_id = $1 AND t.closed_at IS NULL`;
    if (spec.readyFor !== undefined) sql += ` AND t.assignee = ${p.add(spec.readyFor)}`;
    else sql += ` AND (t.assignee IS NULL OR t.lease_until < ${p.add(spec.now)})`;
    sql += filterSql(spec, p);
    sql +=
      " AND NOT EXISTS (SELECT 1 FROM links l JOIN tickets b ON b.id = l.source_id WHERE l.target_id = t.id AND l.type = 'blocks' AND b.closed_at IS NULL)" +
      ` ORDER BY t.priority_rank DESC, t.due_at ASC NULLS LAST, t.created_at ASC, t.number ASC LIMIT ${p.add(spec.limit)}`;
    if (spec.claim && this.cx.writing) sql += ' FOR UPDATE OF t SKIP LOCKED';
    return this.cx.s.all<TicketRecord>(sql, ...p.values);
  }

  async search(projectId: number, spec: SearchSpec): Promise<SearchHit[]> {
    await this.cx.enter(projectId);
    return searchTickets(this.cx.s, projectId, spec);
  }

  async insert(ticket: NewTicket): Promise<number> {
    await this.cx.enter(ticket.projectId);
    return insertTicket(this.cx.s, ticket);
  }

  async update(ticketId: number, patch: TicketPatch, at: number): Promise<number> {
    const p = new Params();
    const sets: string[] = [];
    for (const [key, value] of Object.entries(patch) as [keyof TicketPatch, unknown][]) {
      if (value === undefined) continue;
      const stored =
        key === 'labels'
          ? [...(value as string[])]
          : key === 'fields'
            ? fieldsText(value as TicketRecord['fields'])
            : value;
      sets.push(`${PATCH_COLUMNS[key]} = ${p.add(stored)}`);
    }
    sets.push(`updated_at = ${p.add(at)}`, 'version = version + 1');
    const row = await this.cx.s.one<{ version: number }>(
      `UPDATE tickets SET ${sets.join(', ')} WHERE id = ${p.add(ticketId)} RETURNING version`,
      ...p.values,
    );
    return row?.version ?? 0;
  }

  /**
   * Rewrites a value in a column across a project's tickets (renames and forced deletes) and files
   * their history rows, in one statement: the UPDATE hands its ticket ids straight to the history
   * INSERT inside the server, so a whole project costs one round trip, not one per ticket.
   */
  async replace(change: Replacement): Promise<number> {
    const { projectId, from, to, type, history } = change;
    await this.cx.enter(projectId);
    await this.cx.lockProject(projectId);
    const col = change.column === 'milestone' ? 'milestone' : column(change.column);
    const typed = type === undefined ? '' : ' AND type = $8';
    const row = await this.cx.s.one<{ n: number }>(
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

  async rerank(projectId: number, ranks: ReadonlyMap<string, number>): Promise<void> {
    await this.cx.enter(projectId);
    await this.cx.lockProject(projectId);
    await this.cx.s.run(
      'UPDATE tickets t SET priority_rank = r.rank FROM unnest($2::text[], $3::int[]) AS r(priority, rank) ' +
        'WHERE t.project_id = $1 AND t.priority = r.priority AND t.priority_rank <> r.rank',
      projectId,
      [...ranks.keys()],
      [...ranks.values()],
    );
  }
}

/** The columns a new ticket row fills, in `ticketValues`' order. */
export const TICKET_INSERT_COLUMNS = [
  'project_id',
  'number',
  'type',
  'title',
  'description',
  'status',
  'priority',
  'priority_rank',
  'assignee',
  'category',
  'labels',
  'created_by',
  'created_at',
  'updated_at',
  'closed_at',
  'lease_until',
  'version',
  'due_at',
  'due_day',
  'estimate',
  'milestone',
  'fields',
] as const;

/** A new ticket's values for TICKET_INSERT_COLUMNS (a restored one keeps its version). */
export function ticketValues(t: NewTicket | Omit<TicketRecord, 'id'>) {
  return [
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
    'version' in t ? t.version : 1,
    t.dueAt ?? null,
    t.dueDay ?? false,
    t.estimate ?? null,
    t.milestone ?? null,
    fieldsText(t.fields),
  ] as const;
}

const INSERT_TICKET =
  `INSERT INTO tickets (${TICKET_INSERT_COLUMNS.join(', ')}) ` +
  `VALUES (${TICKET_INSERT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`;

/** Inserts a ticket as given (a restored one keeps its version); the caller has entered its project. */
export function insertTicket(s: Statements, t: NewTicket | Omit<TicketRecord, 'id'>): Promise<number> {
  return s.insert(INSERT_TICKET, ...ticketValues(t));
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

import type { FieldValue } from '../../domain/fields.js';
import { fieldStrings, trustedSnippet } from '../../domain/snippet.js';
import {
  type ListSpec,
  type NewTicket,
  PATCH_COLUMNS,
  RANK_WINDOW,
  type ReadySpec,
  type Replacement,
  type SearchHit,
  type SearchSpec,
  type TicketAt,
  type TicketFilterSpec,
  type TicketPatch,
  type TicketRecord,
  type TicketsWriter,
} from '../tickets.js';
import { fieldsText, planningSql } from './planning.js';
import { searchMatches } from './search.js';
import { placeholders, type Statements } from './statements.js';

export { placeholders };

export const TICKET_COLUMNS =
  't.id, t.project_id, t.number, t.type, t.title, t.description, t.status, t.priority, t.priority_rank, t.assignee, ' +
  't.category, t.labels, t.created_by, t.created_at, t.updated_at, t.closed_at, t.lease_until, t.version, ' +
  't.due_at, t.due_day, t.estimate, t.milestone, t.fields';

/**
 * A ticket's row as better-sqlite3 hands it over in raw mode: the values of `TICKET_COLUMNS`, in that
 * order, from `at`. Raw rows spare the driver a keyed object per row that `toTicket` would copy
 * anyway (docs/benchmarks.md has the figures).
 */
export function toTicket(c: readonly unknown[], at = 0): TicketRecord {
  return {
    id: c[at] as number,
    projectId: c[at + 1] as number,
    number: c[at + 2] as number,
    type: c[at + 3] as string,
    title: c[at + 4] as string,
    description: c[at + 5] as string,
    status: c[at + 6] as string,
    priority: c[at + 7] as string,
    priorityRank: c[at + 8] as number,
    assignee: c[at + 9] as string | null,
    category: c[at + 10] as string | null,
    labels: JSON.parse(c[at + 11] as string) as string[],
    createdBy: c[at + 12] as string | null,
    createdAt: c[at + 13] as number,
    updatedAt: c[at + 14] as number,
    closedAt: c[at + 15] as number | null,
    leaseUntil: c[at + 16] as number | null,
    version: c[at + 17] as number,
    dueAt: c[at + 18] as number | null,
    dueDay: c[at + 19] === 1,
    estimate: c[at + 20] as number | null,
    milestone: c[at + 21] as string | null,
    fields: c[at + 22] === null ? null : (JSON.parse(c[at + 22] as string) as Record<string, FieldValue>),
  };
}

/**
 * How a label filter joins a query that walks tickets in index order and stops at its LIMIT.
 * `probe` checks each ticket walked: quick when the label is common, since the page fills early,
 * but a walk over every ticket when it is rare. `fetch` starts from the label's own rows: a list
 * walks them in number order (`labelPage`), other queries gather them all; quick when the label is
 * rare, slow when it is common and the other filters turn most of its tickets away. The crossover
 * grows with the square root of the project's size (bench/core.bench.ts, "list page of 50: open + label").
 */
export type LabelPlan = 'probe' | 'fetch';

export function labelPlan(s: Statements, projectId: number, label: string): LabelPlan {
  const total = s.one<{ n: number | null }>('SELECT sum(n) AS n FROM ticket_counts WHERE project_id = ?', projectId);
  const threshold = Math.max(500, Math.ceil(5 * Math.sqrt(total?.n ?? 0)));
  const found = s.one<{ n: number }>(
    'SELECT count(*) AS n FROM (SELECT 1 FROM ticket_labels WHERE label = ? AND project_id = ? LIMIT ?)',
    label,
    projectId,
    threshold,
  );
  return (found?.n ?? 0) < threshold ? 'fetch' : 'probe';
}

/** WHERE fragments for the filters every ticket query shares. */
export function filterSql(spec: TicketFilterSpec, params: unknown[], label: LabelPlan = 'fetch'): string {
  const where: string[] = [];
  const inList = (column: string, values: readonly string[] | undefined) => {
    if (!values?.length) return;
    where.push(values.length === 1 ? `${column} = ?` : `${column} IN (${placeholders(values.length)})`);
    params.push(...values);
  };
  inList('t.type', spec.types);
  inList('t.status', spec.statuses);
  inList('t.priority', spec.priorities);
  if (spec.open !== undefined) where.push(spec.open ? 't.closed_at IS NULL' : 't.closed_at IS NOT NULL');
  if (spec.assignee === null) where.push('t.assignee IS NULL');
  else if (spec.assignee !== undefined) {
    where.push('t.assignee = ?');
    params.push(spec.assignee);
  }
  if (spec.category === null) where.push('t.category IS NULL');
  else if (spec.category !== undefined) {
    where.push('t.category = ?');
    params.push(spec.category);
  }
  if (spec.label !== undefined) {
    where.push(
      label === 'probe'
        ? 'EXISTS (SELECT 1 FROM ticket_labels tl WHERE tl.ticket_id = t.id AND tl.label = ?)'
        : 't.id IN (SELECT ticket_id FROM ticket_labels WHERE label = ?)',
    );
    params.push(spec.label);
  }
  planningSql(spec, where, params);
  return where.map((w) => ` AND ${w}`).join('');
}

/** Tickets on SQLite: rows read in raw mode (`toTicket`), label filters joined as `labelPlan` says. */
export class SqliteTickets implements TicketsWriter {
  constructor(private readonly s: Statements) {}

  async get(projectId: number, number: number): Promise<TicketRecord | undefined> {
    const row = this.s.cells(
      `SELECT ${TICKET_COLUMNS} FROM tickets t WHERE t.project_id = ? AND t.number = ?`,
      projectId,
      number,
    );
    return row && toTicket(row);
  }

  async byIds(ids: readonly number[]): Promise<TicketRecord[]> {
    return ticketsByIds(this.s, ids);
  }

  async list(projectId: number, spec: ListSpec): Promise<TicketRecord[]> {
    const s = this.s;
    const plan = spec.label === undefined ? undefined : labelPlan(s, projectId, spec.label);
    const ordered = spec.order === 'priority' || spec.order === 'due';
    if (plan === 'fetch' && !ordered) return labelPage(s, projectId, spec);
    const params: unknown[] = [projectId];
    let where = `t.project_id = ?${filterSql(spec, params, plan)}`;
    if (!ordered) where += cursorSql('t.number', spec, params);
    const order = {
      asc: 't.number ASC',
      desc: 't.number DESC',
      priority: 't.priority_rank DESC, t.number ASC',
      due: 't.due_at IS NULL, t.due_at ASC, t.number ASC',
    }[spec.order];
    params.push(spec.limit);
    return s.rows(pageSql(where, order, plan), ...params).map((c) => toTicket(c));
  }

  async ready(projectId: number, spec: ReadySpec): Promise<TicketRecord[]> {
    const params: unknown[] = [projectId];
    let sql = `SELECT ${TICKET_COLUMNS} FROM tickets t WHERE t.project_id = ? AND t.closed_at IS NULL`;
    if (spec.readyFor !== undefined) {
      sql += ' AND t.assignee = ?';
      params.push(spec.readyFor);
    } else {
      sql += ' AND (t.assignee IS NULL OR t.lease_until < ?)';
      params.push(spec.now);
    }
    sql += filterSql(spec, params, spec.label === undefined ? undefined : labelPlan(this.s, projectId, spec.label));
    sql +=
      " AND NOT EXISTS (SELECT 1 FROM links l JOIN tickets b ON b.id = l.source_id WHERE l.target_id = t.id AND l.type = 'blocks' AND b.closed_at IS NULL)" +
      ` ORDER BY t.priority_rank DESC, ${DUE_RANK}, t.created_at ASC, t.number ASC LIMIT ?`;
    params.push(spec.limit);
    return this.s.rows(sql, ...params).map((c) => toTicket(c));
  }

  async search(projectId: number, spec: SearchSpec): Promise<SearchHit[]> {
    return searchTickets(this.s, projectId, spec);
  }

  async insert(ticket: NewTicket): Promise<number> {
    const id = this.s.insert(INSERT, ...insertValues(ticket));
    if (ticket.labels.length) addLabels(this.s, id, ticket);
    return id;
  }

  async update(ticketId: number, patch: TicketPatch, at: number): Promise<number> {
    const sets: string[] = [];
    const params: unknown[] = [];
    for (const [key, value] of Object.entries(patch) as [keyof TicketPatch, unknown][]) {
      if (value === undefined) continue;
      sets.push(`${PATCH_COLUMNS[key]} = ?`);
      params.push(
        key === 'labels'
          ? JSON.stringify(value)
          : key === 'fields'
            ? fieldsText(value as TicketRecord['fields'])
            : key === 'dueDay'
              ? Number(value)
              : value,
      );
    }
    // New labels' rows need the ticket's project and number: the update hands them back.
    const returning = patch.labels ? 'version, project_id AS projectId, number' : 'version';
    const row = this.s.one<{ version: number; projectId: number; number: number }>(
      `UPDATE tickets SET ${sets.map((x) => `${x}, `).join('')}updated_at = ?, version = version + 1 WHERE id = ? RETURNING ${returning}`,
      ...params,
      at,
      ticketId,
    );
    if (patch.labels && row) {
      this.s.run('DELETE FROM ticket_labels WHERE ticket_id = ?', ticketId);
      addLabels(this.s, ticketId, { labels: patch.labels, projectId: row.projectId, number: row.number });
    }
    return row?.version ?? 0;
  }

  /**
   * The history rows are copied from the matching tickets in one INSERT ... SELECT before the UPDATE
   * changes them, so a rename across 100k tickets stays two statements instead of a row-by-row loop
   * through JavaScript.
   */
  async replace(change: Replacement): Promise<number> {
    const { projectId, column, from, to, type, history } = change;
    // The column goes into the SQL text: only these names, whatever a caller's types allowed.
    if (!REPLACEABLE.includes(column)) throw new Error(`not a replaceable ticket column: ${column}`);
    const where = `project_id = ? AND ${column} = ?${type === undefined ? '' : ' AND type = ?'}`;
    const match = type === undefined ? [projectId, from] : [projectId, from, type];
    this.s.run(
      'INSERT INTO history (event_id, ticket_id, field, old, new, actor, at) ' +
        `SELECT ?, id, ?, ?, ?, ?, ? FROM tickets WHERE ${where} ORDER BY id`,
      history.eventId,
      column,
      from,
      to,
      history.actor,
      history.at,
      ...match,
    );
    return this.s.run(
      `UPDATE tickets SET ${column} = ?, updated_at = ?, version = version + 1 WHERE ${where}`,
      to,
      history.at,
      ...match,
    ).changes;
  }

  async rerank(projectId: number, ranks: ReadonlyMap<string, number>): Promise<void> {
    for (const [priority, rank] of ranks) {
      this.s.run(
        'UPDATE tickets SET priority_rank = ? WHERE project_id = ? AND priority = ? AND priority_rank != ?',
        rank,
        projectId,
        priority,
        rank,
      );
    }
  }
}

/**
 * Ranked search (search.ts finds and ranks the matches), with each hit's ticket and a snippet checked
 * against the ticket's text. `window` is `RANK_WINDOW` but for tests that watch it at work.
 */
export function searchTickets(s: Statements, projectId: number, spec: SearchSpec, window = RANK_WINDOW): SearchHit[] {
  const params: unknown[] = [projectId];
  const where = filterSql(spec.filter, params);
  const { best, snippets } = searchMatches(s, { ...spec, where, params }, window);
  const tickets = ticketsByIds(
    s,
    best.map((b) => b.id),
  );
  return tickets.map((ticket, i) => ({
    ticket,
    rank: Math.round(-best[i]!.rank * 1000) / 1000,
    snippet: trustedSnippet(snippets.get(ticket.id) ?? ticket.title, [
      ticket.title,
      ticket.description,
      ...fieldStrings(ticket.fields),
    ]),
  }));
}

/** The cursor's condition on `column` (a ticket number) for a page after `spec.after`, if any. */
function cursorSql(column: string, spec: ListSpec, params: unknown[]): string {
  if (spec.after === undefined) return '';
  params.push(spec.after);
  return spec.order === 'asc' ? ` AND ${column} > ?` : ` AND ${column} < ?`;
}

/**
 * A page of a rare label's tickets in number order: the label's index rows hold their tickets'
 * project and number, so the page walks them in order, checks each ticket against the other filters
 * and stops when the page is full, instead of checking and sorting every ticket with the label
 * (docs/benchmarks.md has what it saves).
 */
function labelPage(s: Statements, projectId: number, spec: ListSpec): TicketRecord[] {
  const { label, ...rest } = spec;
  const params: unknown[] = [label, projectId];
  const where = cursorSql('tl.number', spec, params) + filterSql(rest, params);
  params.push(spec.limit);
  return s.rows(labelPageSql(where, spec.order === 'asc' ? 'ASC' : 'DESC'), ...params).map((c) => toTicket(c));
}

/**
 * The SQL of `labelPage`: its parameters are the label, the project, then those of `where` (filters
 * on `t`, a cursor on `tl.number`), then the limit. CROSS JOIN keeps the label's index outermost.
 */
export const labelPageSql = (where: string, direction: 'ASC' | 'DESC') =>
  `SELECT ${TICKET_COLUMNS} FROM ticket_labels tl CROSS JOIN tickets t ON t.id = tl.ticket_id ` +
  `WHERE tl.label = ? AND tl.project_id = ?${where} ORDER BY tl.number ${direction} LIMIT ?`;

/**
 * A page of tickets. When a rare label's tickets are fetched and sorted whole (`labelPlan`, in
 * priority order), the sort takes only their ids and the page's rows are read afterwards: sorting
 * whole rows, descriptions and all, was a large share of the page's time (docs/benchmarks.md).
 */
export function pageSql(where: string, order: string, plan: LabelPlan | undefined): string {
  if (plan !== 'fetch') return `SELECT ${TICKET_COLUMNS} FROM tickets t WHERE ${where} ORDER BY ${order} LIMIT ?`;
  return `SELECT ${TICKET_COLUMNS} FROM tickets t WHERE t.id IN (SELECT t.id FROM tickets t WHERE ${where} ORDER BY ${order} LIMIT ?) ORDER BY ${order}`;
}

/** One project by key with one of its tickets (LEFT JOIN: the project is found even without the ticket). */
export const TICKET_AT =
  `SELECT p.id, p.key, p.name, p.schema_version, p.created_at, ${TICKET_COLUMNS} ` +
  'FROM projects p LEFT JOIN tickets t ON t.project_id = p.id AND t.number = ? WHERE p.key = ?';

/** A project by key and one of its tickets in one statement: see `Store.ticketAt`. */
export function ticketAt(s: Statements, projectKey: string, number: number): TicketAt | undefined {
  const c = s.cells(TICKET_AT, number, projectKey);
  if (!c) return undefined;
  const project = {
    id: c[0] as number,
    key: c[1] as string,
    name: c[2] as string,
    schemaVersion: c[3] as number,
    createdAt: c[4] as number,
  };
  return { project, ticket: c[5] === null ? undefined : toTicket(c, 5) };
}

export function ticketsByIds(s: Statements, ids: readonly number[]): TicketRecord[] {
  if (!ids.length) return [];
  const rows = s.rows(`SELECT ${TICKET_COLUMNS} FROM tickets t WHERE t.id IN (${placeholders(ids.length)})`, ...ids);
  const byId = new Map(rows.map((c) => [c[0] as number, toTicket(c)]));
  return ids.map((id) => byId.get(id)).filter((t): t is TicketRecord => t !== undefined);
}

const INSERT_COLUMNS =
  'project_id, number, type, title, description, status, priority, priority_rank, assignee, category, labels, created_by, created_at, updated_at, closed_at, lease_until, ' +
  'due_at, due_day, estimate, milestone, fields';
const INSERT = `INSERT INTO tickets (${INSERT_COLUMNS}) VALUES (${placeholders(21)})`;
/** A ticket as exported, its version kept (transfer.ts). */
export const RESTORE = `INSERT INTO tickets (${INSERT_COLUMNS}, version) VALUES (${placeholders(22)})`;
/** Ready work within one priority: the earlier due date first, none last (the expression tickets_ready holds). */
const DUE_RANK = 'coalesce(t.due_at, 9007199254740991)';

/** A new ticket's values in `INSERT_COLUMNS` order. */
export function insertValues(t: NewTicket): unknown[] {
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
    JSON.stringify(t.labels),
    t.createdBy,
    t.createdAt,
    t.updatedAt,
    t.closedAt,
    t.leaseUntil,
    t.dueAt ?? null,
    t.dueDay ? 1 : 0,
    t.estimate ?? null,
    t.milestone ?? null,
    fieldsText(t.fields),
  ];
}

const REPLACEABLE: readonly string[] = ['status', 'priority', 'category', 'assignee', 'milestone'];

/** A label row, with its ticket's project and number (see `labelPage`). */
export const INSERT_LABEL =
  'INSERT OR IGNORE INTO ticket_labels (ticket_id, label, project_id, number) VALUES (?, ?, ?, ?)';

export function addLabels(
  s: Statements,
  ticketId: number,
  t: Pick<NewTicket, 'labels' | 'projectId' | 'number'>,
): void {
  for (const label of t.labels) s.run(INSERT_LABEL, ticketId, label, t.projectId, t.number);
}

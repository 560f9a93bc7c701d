import type { SearchQuery } from '../../src/domain/search-query.js';
import {
  prefixRange,
  byRank,
  NEWEST,
  RANKED,
  SNIPPET_OF,
  SNIPPETS_IN,
  rangeOf,
  snippetsInOnePass,
  spellPrefix,
  toFts5,
  WINDOW_FILLED,
  WORDS_OF,
} from '../../src/store/sqlite/search.js';
import {
  INSERT_LABEL,
  labelPageSql,
  pageSql,
  placeholders,
  TICKET_AT,
  TICKET_COLUMNS,
  toTicket,
} from '../../src/store/sqlite/tickets.js';
import { RANK_WINDOW } from '../../src/store/store.js';
import type { Draft } from './draft.js';

/** The slice of better-sqlite3 the floor uses (a traced connection fits it too). */
export interface RawDb {
  prepare(sql: string): RawStatement;
}
interface RawStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  raw(toggle?: boolean): RawStatement;
}

interface ProjectRow {
  id: number;
}
type Words = { term: string; doc: number }[];
type Hit = { id: number; rank: number; snip?: string | null };

const PROJECT =
  'SELECT id, key, name, schema_version AS schemaVersion, created_at AS createdAt FROM projects WHERE key = ?';
const ENTITY = 'SELECT slug, name, kind, created_at AS createdAt FROM entities WHERE project_id = ? AND slug = ?';
const CATEGORY = 'SELECT slug, created_at AS createdAt FROM categories WHERE project_id = ? AND slug = ?';
const NEXT_NUMBER = 'UPDATE counters SET last_number = last_number + 1 WHERE project_id = ? RETURNING last_number AS n';
const INSERT_TICKET =
  'INSERT INTO tickets (project_id, number, type, title, description, status, priority, priority_rank, assignee, category, labels, created_by, created_at, updated_at, closed_at, lease_until, ' +
  'due_at, due_day, estimate, milestone, fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
const INSERT_EVENT = 'INSERT INTO events (project_id, ticket_id, kind, actor, at) VALUES (?, ?, ?, ?, ?)';
const INSERT_HISTORY =
  'INSERT INTO history (event_id, ticket_id, field, old, new, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)';
const INSERT_AUDIT = 'INSERT INTO audit_log (project_id, at, actor, kind, line) VALUES (?, ?, ?, ?, ?)';
const TICKET = `SELECT ${TICKET_COLUMNS} FROM tickets t WHERE t.project_id = ? AND t.number = ?`;
const UPDATE_TAIL = 'updated_at = ?, version = version + 1 WHERE id = ? RETURNING version';
const BOARD =
  'SELECT type, status, sum(n) AS count FROM ticket_counts WHERE project_id = ? GROUP BY type, status HAVING sum(n) > 0';
const BY_ENTITY =
  'SELECT assignee AS key, sum(n) AS count FROM ticket_counts WHERE project_id = ? GROUP BY assignee HAVING sum(n) > 0 ORDER BY count DESC, key';
const READY =
  `SELECT ${TICKET_COLUMNS} FROM tickets t WHERE t.project_id = ? AND t.closed_at IS NULL AND (t.assignee IS NULL OR t.lease_until < ?)` +
  " AND NOT EXISTS (SELECT 1 FROM links l JOIN tickets b ON b.id = l.source_id WHERE l.target_id = t.id AND l.type = 'blocks' AND b.closed_at IS NULL)" +
  ' ORDER BY t.priority_rank DESC, coalesce(t.due_at, 9007199254740991), t.created_at ASC, t.number ASC LIMIT ?';
const FTS_JOINED_WINDOW =
  'SELECT t.id AS id, f.rank AS rank FROM tickets_fts f JOIN tickets t ON t.id = f.rowid WHERE tickets_fts MATCH ? AND t.project_id = ? ORDER BY f.rowid DESC LIMIT ?';
const PROJECT_SIZE = 'SELECT sum(n) AS n FROM ticket_counts WHERE project_id = ?';
const LABEL_SIZE = 'SELECT count(*) AS n FROM (SELECT 1 FROM ticket_labels WHERE label = ? AND project_id = ? LIMIT ?)';
const LABEL_PROBE = ' AND EXISTS (SELECT 1 FROM ticket_labels tl WHERE tl.ticket_id = t.id AND tl.label = ?)';

/**
 * Docket's floor on this stack: for each operation, the statements Docket's SQLite store runs, in
 * the same transactions, through cached prepared statements, with none of the library around them
 * (no input parsing, no async, no mapping of rows). The benchmark checks the statement sequences
 * match Docket's before it times anything.
 */
export class Floor {
  private readonly cache = new Map<string, RawStatement>();
  private readonly rawCache = new Map<string, RawStatement>();
  private readonly initial: ReadonlyMap<string, string>;
  private readonly priorities: readonly string[];
  private readonly transitions: ReadonlySet<string>;
  private readonly prefix: string;
  private readonly audit: boolean;

  constructor(
    private readonly db: RawDb,
    private readonly key: string,
    private readonly actor: string,
  ) {
    const row = db.prepare('SELECT schema FROM projects WHERE key = ?').get(key) as { schema: string };
    const schema = JSON.parse(row.schema) as {
      types: { type: string; initial: string; transitions: [string, string][] }[];
      priorities: string[];
      options: { display_prefix: string; audit_log: boolean };
    };
    this.initial = new Map(schema.types.map((w) => [w.type, w.initial]));
    this.transitions = new Set(schema.types.flatMap((w) => w.transitions.map(([a, b]) => `${w.type}:${a}>${b}`)));
    this.priorities = schema.priorities;
    this.prefix = schema.options.display_prefix;
    this.audit = schema.options.audit_log;
  }

  private q(sql: string): RawStatement {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.cache.set(sql, stmt);
    }
    return stmt;
  }

  /** Statements that read tickets run in raw mode (rows as arrays), as Docket's store runs them. */
  private qr(sql: string): RawStatement {
    let stmt = this.rawCache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql).raw(true);
      this.rawCache.set(sql, stmt);
    }
    return stmt;
  }

  private tx<T>(begin: 'BEGIN' | 'BEGIN IMMEDIATE', fn: (projectId: number) => T): T {
    this.q(begin).run();
    try {
      const project = this.q(PROJECT).get(this.key) as ProjectRow;
      const result = fn(project.id);
      this.q('COMMIT').run();
      return result;
    } catch (e) {
      this.q('ROLLBACK').run();
      throw e;
    }
  }

  private record(
    pid: number,
    ticketId: number,
    kind: string,
    at: number,
    rows: [string, unknown, unknown][],
    line: string,
  ) {
    const eventId = this.q(INSERT_EVENT).run(pid, ticketId, kind, this.actor, at).lastInsertRowid;
    for (const [field, old, value] of rows)
      this.q(INSERT_HISTORY).run(eventId, ticketId, field, old, value, this.actor, at);
    if (this.audit) this.q(INSERT_AUDIT).run(pid, at, this.actor, kind, `${line} (${this.actor})`);
  }

  create(d: Draft, at: number): number {
    return this.tx('BEGIN IMMEDIATE', (pid) => {
      this.q(ENTITY).get(pid, this.actor);
      if (d.assignee) this.q(ENTITY).get(pid, d.assignee);
      if (d.category) this.q(CATEGORY).get(pid, d.category);
      const number = (this.q(NEXT_NUMBER).get(pid) as { n: number }).n;
      const rank = this.priorities.length - 1 - this.priorities.indexOf(d.priority);
      const id = this.q(INSERT_TICKET).run(
        pid,
        number,
        d.type,
        d.title,
        d.description,
        this.initial.get(d.type),
        d.priority,
        rank,
        d.assignee,
        d.category,
        JSON.stringify(d.labels),
        this.actor,
        at,
        at,
        null,
        null,
        // no due date, estimate, milestone or custom fields: the benchmark's tickets are unplanned
        null,
        0,
        null,
        null,
        null,
      ).lastInsertRowid;
      for (const label of d.labels) this.q(INSERT_LABEL).run(id, label, pid, number);
      const rows: [string, unknown, unknown][] = [['created', null, d.title]];
      if (d.assignee) rows.push(['assignee', null, d.assignee]);
      this.record(pid, Number(id), 'ticket.created', at, rows, `Created ticket ${this.prefix}${number}: ${d.title}`);
      return number;
    });
  }

  /** One statement, its own snapshot: no transaction around it, as in Docket's store. */
  get(number: number): unknown {
    return this.qr(TICKET_AT).get(number, this.key);
  }

  update(number: number, title: string, priority: string, at: number): void {
    this.tx('BEGIN IMMEDIATE', (pid) => {
      this.q(ENTITY).get(pid, this.actor);
      const t = toTicket(this.qr(TICKET).get(pid, number) as unknown[]);
      const sets: string[] = [];
      const params: unknown[] = [];
      const rows: [string, unknown, unknown][] = [];
      if (title !== t.title) {
        sets.push('title = ?, ');
        params.push(title);
        rows.push(['title', t.title, title]);
      }
      if (priority !== t.priority) {
        sets.push('priority_rank = ?, priority = ?, ');
        params.push(this.priorities.length - 1 - this.priorities.indexOf(priority), priority);
        rows.push(['priority', t.priority, priority]);
      }
      if (!rows.length) return;
      this.q(`UPDATE tickets SET ${sets.join('')}${UPDATE_TAIL}`).get(...params, at, t.id);
      const what = rows.map((r) => r[0]).join(', ');
      this.record(pid, t.id, 'ticket.updated', at, rows, `Updated ticket ${this.prefix}${number}: ${what}`);
    });
  }

  /** One legal step between open states (the benchmark never closes a ticket with it). */
  move(number: number, to: string, at: number): void {
    this.tx('BEGIN IMMEDIATE', (pid) => {
      this.q(ENTITY).get(pid, this.actor);
      const t = toTicket(this.qr(TICKET).get(pid, number) as unknown[]);
      if (!this.transitions.has(`${t.type}:${t.status}>${to}`)) throw new Error(`illegal move ${t.status} -> ${to}`);
      this.q(`UPDATE tickets SET status = ?, ${UPDATE_TAIL}`).get(to, at, t.id);
      const line = `Transitioned ticket ${this.prefix}${number}: ${t.status} -> ${to}`;
      this.record(pid, t.id, 'ticket.moved', at, [['status', t.status, to]], line);
    });
  }

  /**
   * A page of `limit` + 1 rows (the extra one tells whether there is a next page), as Docket asks.
   * A label filter goes last, joined the way Docket's store picks after sizing the label.
   */
  list(where: string, params: readonly unknown[], limit: number, label?: string): unknown[] {
    return this.tx('BEGIN', (pid) => {
      if (label !== undefined) {
        const total = (this.q(PROJECT_SIZE).get(pid) as { n: number | null }).n ?? 0;
        const threshold = Math.max(500, Math.ceil(5 * Math.sqrt(total)));
        const found = (this.q(LABEL_SIZE).get(label, pid, threshold) as { n: number }).n;
        if (found < threshold) return this.qr(labelPageSql(where, 'ASC')).all(label, pid, ...params, limit + 1);
        const sql = pageSql(`t.project_id = ?${where}${LABEL_PROBE}`, 't.number ASC', 'probe');
        return this.qr(sql).all(pid, ...params, label, limit + 1);
      }
      return this.qr(pageSql(`t.project_id = ?${where}`, 't.number ASC', undefined)).all(pid, ...params, limit + 1);
    });
  }

  /** Unfiltered, like Docket's plain search. */
  search(query: SearchQuery, limit: number): unknown[] {
    return this.tx('BEGIN', (pid) => {
      const match = toFts5(query, (prefix) => {
        const range = prefixRange(prefix);
        return range && spellPrefix(this.q(WORDS_OF('tickets_fts')).all(...range) as Words, RANK_WINDOW);
      });
      const cap = limit * 4 + 20;
      const windowed = this.q(WINDOW_FILLED).get(match, RANK_WINDOW - 1) !== undefined;
      const newest = windowed ? (this.q(NEWEST).all(match, RANK_WINDOW) as Hit[]) : [];
      const lowest = newest.at(-1)?.id;
      const top = windowed ? newest.sort(byRank).slice(0, cap) : (this.q(RANKED).all(match, cap) as Hit[]);
      let best = top;
      if (top.length) {
        const ids = top.map((r) => r.id);
        const ok = this.q(
          `SELECT t.id AS id FROM tickets t WHERE t.id IN (${placeholders(ids.length)}) AND t.project_id = ?`,
        ).all(...ids, pid) as { id: number }[];
        const keep = new Set(ok.map((r) => r.id));
        best = top.filter((r) => keep.has(r.id));
      }
      if (best.length < limit && (top.length === cap || windowed)) {
        best = (this.q(FTS_JOINED_WINDOW).all(match, pid, RANK_WINDOW) as Hit[]).sort(byRank);
      }
      best = best.slice(0, limit);
      const bare = best.filter((r) => !r.snip).map((r) => r.id);
      if (bare.length && snippetsInOnePass(match, bare, lowest))
        this.q(SNIPPETS_IN(bare.length)).all(...bare, match, ...rangeOf(bare));
      else for (const id of bare) this.q(SNIPPET_OF).get(match, id);
      const ids = best.map((r) => r.id);
      if (!ids.length) return [];
      return this.qr(`SELECT ${TICKET_COLUMNS} FROM tickets t WHERE t.id IN (${placeholders(ids.length)})`).all(...ids);
    });
  }

  board(): unknown[] {
    return this.tx('BEGIN', (pid) => this.q(BOARD).all(pid));
  }

  countByEntity(): unknown[] {
    return this.tx('BEGIN', (pid) => this.q(BY_ENTITY).all(pid));
  }

  ready(limit: number, now: number): unknown[] {
    return this.tx('BEGIN', (pid) => this.qr(READY).all(pid, now, limit));
  }
}

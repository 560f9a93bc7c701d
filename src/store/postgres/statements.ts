import type { TicketFilterSpec } from '../tickets.js';
import type { PgCopyIn, PgQueryable, PgTypes } from './driver.js';
import { CopyBuffer } from './only/copy-buffer.js';
import { planningSql } from './planning.js';

/** Quotes an identifier for SQL. */
export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** Quotes a string for SQL, with backslashes escaped whatever standard_conforming_strings says. */
export const literal = (s: string) =>
  s.includes('\\') ? `E'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'` : `'${s.replace(/'/g, "''")}'`;

const INT8 = 20;
const NUMERIC = 1700;

/** The driver's parsers, with 64-bit integers (ids, epoch-ms timestamps, counts) read as numbers. */
export function docketTypes(base: PgTypes): PgTypes {
  return {
    getTypeParser(oid, format) {
      if ((oid === INT8 || oid === NUMERIC) && format !== 'binary') return (v: string) => Number(v);
      return base.getTypeParser(oid, format);
    },
  };
}

/**
 * Runs SQL on one connection (the transaction's) with Docket's type parsers. A transaction's opening
 * statements wait in `prelude` and ride along with its first query, saving a round trip. Rows held
 * for COPY (`bulk`) go out before any other statement, so every statement sees them.
 */
export class Statements {
  private prelude: string | null = null;
  /** Rows written in bulk (imports, migrations) since `startBulk`, held for COPY. */
  bulk: CopyBuffer | null = null;

  constructor(
    readonly client: PgQueryable,
    private readonly types: PgTypes,
    private readonly copyFrom?: (sql: string) => PgCopyIn,
  ) {}

  /**
   * From here to the end of the transaction, writers that can hold their rows for COPY do (see
   * only/copy-buffer.ts); a no-op on a driver without COPY, which keeps an INSERT a row.
   */
  startBulk(): void {
    if (this.bulk || !this.copyFrom) return;
    this.bulk = new CopyBuffer(this.client, this.copyFrom, () => this.flush(), this.types);
  }

  /** Forgets held rows: the transaction is being rolled back. */
  abandon(): void {
    this.bulk?.discard();
  }

  /** Statements (BEGIN …) to send ahead of the next query. */
  startWith(sql: string): void {
    this.prelude = sql;
  }

  /** Whether the prelude went out, i.e. a transaction is open on the server. */
  get started(): boolean {
    return this.prelude === null;
  }

  private async flush(): Promise<void> {
    if (this.prelude === null) return;
    const sql = this.prelude;
    this.prelude = null;
    await this.client.query(sql);
  }

  /** Sends the prelude and any rows held for COPY: what must reach the server before the next statement. */
  private async ready(): Promise<void> {
    await this.flush();
    if (this.bulk?.size) await this.bulk.flush();
  }

  private async query<T>(text: string, values: unknown[]) {
    await this.ready();
    return this.client.query<T>({ text, values, types: this.types });
  }

  async all<T>(text: string, ...values: unknown[]): Promise<T[]> {
    return (await this.query<T>(text, values)).rows;
  }

  async one<T>(text: string, ...values: unknown[]): Promise<T | undefined> {
    return (await this.query<T>(text, values)).rows[0];
  }

  /** Runs a statement and returns how many rows it touched. */
  async run(text: string, ...values: unknown[]): Promise<number> {
    return (await this.query(text, values)).rowCount ?? 0;
  }

  /** Inserts a row and returns its id (the statement must end in `RETURNING id`). */
  async insert(text: string, ...values: unknown[]): Promise<number> {
    const row = await this.one<{ id: number }>(text, ...values);
    return row!.id;
  }

  /**
   * A query without parameters (values quoted into the text with `literal`), sent in one round trip
   * with the prelude; returns the rows of its last statement.
   */
  async inline<T>(text: string): Promise<T[]> {
    if (this.bulk?.size) await this.ready();
    const sql = this.prelude === null ? text : `${this.prelude}; ${text}`;
    this.prelude = null;
    const result = (await this.client.query<T>({ text: sql, types: this.types })) as unknown;
    const last = Array.isArray(result) ? result[result.length - 1] : result;
    return (last as { rows: T[] }).rows;
  }

  /** Several statements without parameters in one round trip (DDL, COMMIT with what goes before it). */
  async exec(text: string): Promise<void> {
    if (this.bulk?.size) await this.ready();
    const sql = this.prelude === null ? text : `${this.prelude}; ${text}`;
    this.prelude = null;
    await this.client.query(sql);
  }
}

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

// What tickets.ts and search.ts both select and filter by (here, so neither imports the other's file).

export const TICKET_COLUMNS =
  't.id, t.project_id AS "projectId", t.number, t.type, t.title, t.description, t.status, t.priority, ' +
  't.priority_rank AS "priorityRank", t.assignee, t.category, t.labels, t.created_by AS "createdBy", ' +
  't.created_at AS "createdAt", t.updated_at AS "updatedAt", t.closed_at AS "closedAt", ' +
  't.lease_until AS "leaseUntil", t.version, t.due_at AS "dueAt", t.due_day AS "dueDay", t.estimate, ' +
  't.milestone, t.fields';

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
  planningSql(spec, where, p);
  return where.map((w) => ` AND ${w}`).join('');
}

/** What every transaction of one store shares: where each project's rows live. */
export interface Placement {
  /** The main schema (unquoted). */
  readonly main: string;
  /** Where new projects go. */
  readonly tenancy: 'shared' | 'schema';
  /** Project id to key and own schema (null: the main schema); keys and places never change. */
  readonly projects: Map<number, { readonly key: string; readonly tenant: string | null }>;
}

/**
 * What the parts of one transaction share: its connection, where projects live, the project it
 * entered and the locks it holds. `TxState` in postgres-tx.ts is the one implementation; the type
 * sits here because the part files need it and postgres-tx.ts, which builds them, imports them.
 */
export interface TxContext {
  readonly s: Statements;
  readonly place: Placement;
  /** A write transaction: rows core checks before it writes are locked (docs/postgres.md). */
  readonly writing: boolean;
  /** Take the project's row exclusively at once rather than shared (see PostgresStore.withRetries). */
  readonly lockFirst: boolean;
  /** The project entered last: methods that name only a ticket or a link run in its schema. */
  readonly current: number | undefined;
  /** Projects whose row this transaction holds exclusively. */
  readonly exclusive: Set<number>;
  /** Projects that got an event in this transaction: once it commits, their events are placed, then they are notified. */
  readonly changed: Set<number>;
  /**
   * Projects this transaction created, with the last feed position it handed out itself: nobody else
   * can write events to a project before it commits, so events written in bulk take their positions
   * at once instead of by the feed placer after COMMIT (see `placeSql`).
   */
  readonly created: Map<number, number>;
  /** Points the search path at the project's schema; every method taking a project id calls it. */
  enter(projectId: number): Promise<void>;
  /** The schema (unquoted) holding the tables of a project entered before, for statements that name it. */
  schemaOf(projectId: number): string;
  /** Takes the project row exclusively before a check that spans many tickets (in writes only). */
  lockProject(projectId: number | undefined): Promise<void>;
  /** Every schema holding project tables, quoted (for checks across all projects). */
  tenantSchemas(): Promise<string[]>;
}

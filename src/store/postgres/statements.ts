import type { PgQueryable, PgTypes } from './driver.js';

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
 * statements wait in `prelude` and ride along with its first query, saving a round trip.
 */
export class Statements {
  private prelude: string | null = null;

  constructor(
    readonly client: PgQueryable,
    private readonly types: PgTypes,
  ) {}

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

  private async query<T>(text: string, values: unknown[]) {
    await this.flush();
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
    const sql = this.prelude === null ? text : `${this.prelude}; ${text}`;
    this.prelude = null;
    const result = (await this.client.query<T>({ text: sql, types: this.types })) as unknown;
    const last = Array.isArray(result) ? result[result.length - 1] : result;
    return (last as { rows: T[] }).rows;
  }

  /** Several statements without parameters in one round trip (DDL, COMMIT with what goes before it). */
  async exec(text: string): Promise<void> {
    const sql = this.prelude === null ? text : `${this.prelude}; ${text}`;
    this.prelude = null;
    await this.client.query(sql);
  }
}

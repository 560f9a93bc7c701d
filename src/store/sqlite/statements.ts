import type { SqliteDatabase, SqliteStatement } from './driver.js';

/** `?, ?, …`: one placeholder per value of an IN list. */
export const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** The LIMIT of a page whose `limit` may be absent: SQLite reads a negative limit as none. */
export const limitOf = (limit: number | undefined) => limit ?? -1;

/** Prepared statements cached by their SQL text: preparing costs more than running most of ours. */
export class Statements {
  private readonly cache = new Map<string, SqliteStatement>();
  /** The same, in raw mode: rows come as arrays of values in column order. */
  private readonly rawCache = new Map<string, SqliteStatement>();
  constructor(readonly db: SqliteDatabase) {}

  get(sql: string): SqliteStatement {
    return this.cached(this.cache, sql, false);
  }

  private cached(cache: Map<string, SqliteStatement>, sql: string, raw: boolean): SqliteStatement {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      if (raw) stmt.raw(true);
      if (cache.size > 500) cache.clear();
      cache.set(sql, stmt);
    }
    return stmt;
  }

  run(sql: string, ...params: unknown[]) {
    return this.get(sql).run(...params);
  }

  one<T>(sql: string, ...params: unknown[]): T | undefined {
    return this.get(sql).get(...params) as T | undefined;
  }

  all<T>(sql: string, ...params: unknown[]): T[] {
    return this.get(sql).all(...params) as T[];
  }

  insert(sql: string, ...params: unknown[]): number {
    return Number(this.get(sql).run(...params).lastInsertRowid);
  }

  /** The first row's values in column order, for rows mapped by position (see `toTicket`). */
  cells(sql: string, ...params: unknown[]): unknown[] | undefined {
    return this.cached(this.rawCache, sql, true).get(...params) as unknown[] | undefined;
  }

  rows(sql: string, ...params: unknown[]): unknown[][] {
    return this.cached(this.rawCache, sql, true).all(...params) as unknown[][];
  }
}

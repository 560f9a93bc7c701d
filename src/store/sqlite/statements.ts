import type { SqliteDatabase, SqliteStatement } from './driver.js';

/** Prepared statements cached by their SQL text: preparing costs more than running most of ours. */
export class Statements {
  private readonly cache = new Map<string, SqliteStatement>();
  constructor(readonly db: SqliteDatabase) {}

  get(sql: string): SqliteStatement {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(sql, stmt);
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
}

import type Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from '../../src/store/sqlite/driver.js';

/**
 * A better-sqlite3 connection that logs the SQL of every statement it runs, so the benchmark can
 * check that its raw floor runs exactly the statements Docket runs, in the same order.
 */
export function traced(db: Database.Database, log: string[]): SqliteDatabase {
  return {
    prepare(sql: string) {
      const stmt = db.prepare(sql);
      const logged: SqliteStatement = {
        run: (...params: unknown[]) => {
          log.push(sql);
          return stmt.run(...params);
        },
        get: (...params: unknown[]) => {
          log.push(sql);
          return stmt.get(...params);
        },
        all: (...params: unknown[]) => {
          log.push(sql);
          return stmt.all(...params);
        },
        raw: (toggle?: boolean) => {
          stmt.raw(toggle);
          return logged;
        },
      };
      return logged;
    },
    exec: (sql: string) => {
      log.push(sql);
      return db.exec(sql);
    },
    pragma: (source: string, options?: { simple?: boolean }) => db.pragma(source, options),
    backup: (destination: string) => db.backup(destination),
    close: () => db.close(),
    get inTransaction() {
      return db.inTransaction;
    },
    get name() {
      return db.name;
    },
  };
}

/** Where two statement logs first part ways, or undefined when they are the same. */
export function firstDifference(docket: readonly string[], raw: readonly string[]): string | undefined {
  const n = Math.max(docket.length, raw.length);
  for (let i = 0; i < n; i++) {
    if (docket[i] !== raw[i]) {
      const show = (s: string | undefined) =>
        s === undefined ? '(nothing)' : s.length > 140 ? `${s.slice(0, 140)}…` : s;
      return `statement ${i + 1}: Docket ran ${show(docket[i])}; the floor ran ${show(raw[i])}`;
    }
  }
  return undefined;
}

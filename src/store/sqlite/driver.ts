/**
 * The slice of better-sqlite3 the SQLite backend calls. open.ts hands in a real database, so that
 * nothing above the store imports the driver (and a test could hand in another).
 */
export interface SqliteStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  /** Switches the statement to rows as arrays of values (true) or as objects by column name. */
  raw(toggle?: boolean): SqliteStatement;
}

export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  backup(destination: string): Promise<unknown>;
  close(): unknown;
  readonly inTransaction: boolean;
  readonly name: string;
}

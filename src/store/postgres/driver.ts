import type { Writable } from 'node:stream';

/**
 * The slice of `pg` (node-postgres) the PostgreSQL backend calls. open.ts builds these from the real
 * driver, so nothing above the store imports `pg` (and a host can hand in its own pool).
 */
export interface PgQueryConfig {
  /** Prepares the statement once per connection under this name; later runs skip parsing and planning. */
  readonly name?: string;
  readonly text: string;
  readonly values?: unknown[];
  /** Per-query type parsers, so results do not depend on how the host configured its pool. */
  readonly types?: PgTypes;
}

export interface PgResult<R> {
  readonly rows: R[];
  readonly rowCount: number | null;
}

export interface PgTypes {
  getTypeParser(oid: number, format?: 'text' | 'binary'): unknown;
}

export interface PgQueryable {
  query<R>(config: PgQueryConfig): Promise<PgResult<R>>;
  query(text: string): Promise<unknown>;
}

/**
 * A `COPY … FROM STDIN` to run on a connection (pg-copy-streams' `from`): handed to the connection's
 * `query`, it is a stream the rows are written to, done when it emits `finish`.
 */
export type PgCopyIn = Writable;

/** A connection running a COPY (the pool's clients do, when the driver has `copyFrom`). */
export interface PgCopyable {
  query<C extends PgCopyIn>(copy: C): C;
}

/** A client checked out of the pool; `release(true)` throws a broken connection away. */
export interface PgPoolClient extends PgQueryable {
  release(destroy?: boolean | Error): void;
  on(event: 'error', listener: (e: Error) => void): unknown;
  removeListener(event: 'error', listener: (e: Error) => void): unknown;
}

export interface PgPool {
  connect(): Promise<PgPoolClient>;
  end(): Promise<void>;
  on(event: 'error', listener: (e: Error) => void): unknown;
}

export interface PgNotification {
  readonly channel: string;
  readonly payload?: string | undefined;
}

/** A connection outside the pool, held open to LISTEN. */
export interface PgClient extends PgQueryable {
  connect(): Promise<unknown>;
  end(): Promise<void>;
  on(event: 'notification', listener: (n: PgNotification) => void): unknown;
  on(event: 'error', listener: (e: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
}

export interface PostgresDriver {
  readonly pool: PgPool;
  /** A new unconnected client with the pool's settings (for LISTEN). */
  listener(): PgClient;
  /** The driver's default type parsers, which the store extends (int8 as number). */
  readonly types: PgTypes;
  /** Where the database is, for messages: `host:port/database`, never a password. */
  readonly label: string;
  /**
   * Makes a `COPY … FROM STDIN` for the pool's clients to run (pg-copy-streams' `from`). With it,
   * imports and migrations send their rows in batches by COPY; without it, an INSERT a row.
   */
  readonly copyFrom?: (sql: string) => PgCopyIn;
}

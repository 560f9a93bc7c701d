import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PostgresDriver } from './store/postgres/driver.js';
import { PostgresStore, type PostgresStoreOptions } from './store/postgres/postgres-store.js';
import { DEFAULT_LANGUAGE, DEFAULT_SCHEMA, mainSchemaDdl } from './store/postgres/schema.js';

// `docket/postgres`: the PostgreSQL store for hosts that bring their own connection pool and run
// Docket's DDL with their own migrations. Kept out of `docket` so that importing Docket never loads pg.

export { PostgresStore, type PostgresStoreOptions } from './store/postgres/postgres-store.js';
export { mainSchemaDdl, projectSchemaDdl, SCHEMA_VERSION } from './store/postgres/schema.js';

/**
 * The DDL that creates Docket's tables, as a host's migration list takes it: one entry, creating the
 * main schema at the current version. Run it once, before opening the store with `create: false`;
 * later versions are applied by Docket itself when it opens an older schema (one transaction, under an
 * advisory lock).
 *
 * @example
 * for (const sql of docketMigrations({ schema: 'tickets' })) await client.query(sql);
 */
export function docketMigrations(options: { schema?: string; searchLanguage?: string } = {}): string[] {
  return [mainSchemaDdl(options.schema ?? DEFAULT_SCHEMA, options.searchLanguage ?? DEFAULT_LANGUAGE)];
}

/**
 * Opens Docket's store on a pool the host owns. The store borrows connections from it and opens one
 * of its own (same settings) for change notifications; closing the store leaves the host's pool open.
 *
 * @example
 * const store = await openPostgresStore(pool, { schema: 'tickets', create: false });
 */
export function openPostgresStore(pool: pg.Pool, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const config = pool.options;
  const driver: PostgresDriver = {
    pool: {
      connect: () => pool.connect(),
      // The host's pool: the host ends it, not Docket.
      end: async () => {},
      on: (event, listener) => pool.on(event, listener),
    },
    listener: () => new pg.Client(config),
    types: pg.types,
    label: labelOf(config),
    copyFrom,
  };
  return PostgresStore.open(driver, options);
}

/** `host:port/database` for messages, from the pool's settings (never its password). */
function labelOf(config: pg.PoolOptions): string {
  let host = config.host ?? 'localhost';
  let port = String(config.port ?? 5432);
  let database = config.database ?? config.user ?? 'postgres';
  if (config.connectionString) {
    try {
      const url = new URL(config.connectionString);
      host = url.searchParams.get('host') ?? (url.hostname || host);
      port = url.port || port;
      database = decodeURIComponent(url.pathname.slice(1)) || database;
    } catch {
      // not a URL (a key=value string): the plain settings above are the best label there is
    }
  }
  return `${host}:${port}/${database}`;
}

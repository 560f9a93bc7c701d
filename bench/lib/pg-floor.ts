/**
 * The raw `pg` floor for the PostgreSQL benchmark. Docket runs on one copy of the dataset through a
 * driver that records every query it sends (text, parameters, prepared-statement name, type parsers);
 * the floor replays each operation's recording, one awaited query after another on one plain `pg`
 * connection, against a second, identical copy. So the floor is exactly Docket's statements in
 * Docket's transactions with Docket's values, minus the library around them (input checks, the pool,
 * the async transaction, row mapping) — and the two copies stay identical, write for write.
 */
import pg from 'pg';
import { Docket } from '../../src/core/docket.js';
import type { PgPoolClient, PgQueryConfig, PostgresDriver } from '../../src/store/postgres/driver.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';

export type Query = PgQueryConfig | string;

/** Opens Docket on `url` through a driver that appends every query it sends to `log`. */
export async function recordingDocket(
  url: string,
  tenancy: 'shared' | 'schema',
  log: { current: Query[] },
  poolSize = 10,
): Promise<Docket> {
  const config = { connectionString: url, max: poolSize, application_name: 'docket' };
  const pool = new pg.Pool(config);
  const wrap = (client: pg.PoolClient): PgPoolClient => ({
    query: ((q: Query) => {
      log.current.push(q);
      return client.query(q as string);
    }) as PgPoolClient['query'],
    release: (destroy?: boolean | Error) => client.release(destroy),
    on: (event, listener) => client.on(event, listener),
    removeListener: (event, listener) => client.removeListener(event, listener),
  });
  const driver: PostgresDriver = {
    pool: {
      connect: async () => wrap(await pool.connect()),
      end: () => pool.end(),
      on: (event, listener) => pool.on(event, listener),
    },
    listener: () => new pg.Client(config),
    types: pg.types,
    label: 'bench',
  };
  return new Docket(await PostgresStore.open(driver, { tenancy, create: false }));
}

/** One plain connection replaying recorded queries in order. */
export class Replayer {
  private constructor(private readonly client: pg.Client) {}

  static async open(url: string): Promise<Replayer> {
    const client = new pg.Client({ connectionString: url, application_name: 'docket-floor' });
    await client.connect();
    return new Replayer(client);
  }

  async run(queries: readonly Query[]): Promise<void> {
    for (const q of queries) await this.client.query(q as string);
  }

  close(): Promise<void> {
    return this.client.end();
  }
}

/**
 * The core benchmark's dataset on PostgreSQL: the cached SQLite dataset bulk-loaded with `COPY`
 * (pg-bulk.ts) into a database kept as a template, one per tenancy, then copied per run
 * (`CREATE DATABASE … TEMPLATE`, a file copy), so writes never drift the cached copy and runs after
 * the first skip the load.
 */
import { basename } from 'node:path';
import pg from 'pg';
import { SCHEMA_VERSION } from '../../src/store/postgres/schema.js';
import { openDocket } from '../../src/open.js';
import { bulkLoad } from './pg-bulk.js';

/** The server: DOCKET_BENCH_PG_URL, else the tests' DOCKET_TEST_PG_URL, else the local one. */
export const PG_URL =
  process.env.DOCKET_BENCH_PG_URL ?? process.env.DOCKET_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const DONE = 'docket benchmark dataset, complete';

export const urlOf = (database: string): string => {
  const url = new URL(PG_URL);
  url.pathname = `/${database}`;
  return url.toString();
};

/** One statement on a connection of its own to the server's default database (CREATE/DROP DATABASE). */
export async function admin<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    return (await c.query<T>(sql, values)).rows;
  } finally {
    await c.end();
  }
}

/** Why the server cannot be used (unreachable, or no right to create databases), or null when it can. */
export async function unavailable(): Promise<string | null> {
  if (PG_URL === 'off') return 'DOCKET_BENCH_PG_URL (or DOCKET_TEST_PG_URL) is off';
  try {
    const [row] = await admin<{ ok: boolean }>(
      'SELECT rolcreatedb OR rolsuper AS ok FROM pg_roles WHERE rolname = current_user',
    );
    return row?.ok ? null : 'its user may not create databases (the benchmark copies one per run)';
  } catch (e) {
    return (e as Error).message;
  }
}

export async function serverInfo(): Promise<string> {
  const rows = await admin<{ name: string; setting: string }>(
    "SELECT name, setting FROM pg_settings WHERE name IN ('server_version', 'synchronous_commit', 'shared_buffers', 'fsync') ORDER BY name",
  );
  return rows.map((r) => `${r.name}=${r.setting}`).join(', ');
}

export type Tenancy = 'shared' | 'schema';

/**
 * The template database for a SQLite dataset in one tenancy (built when missing or incomplete); its
 * name carries the dataset's and the PostgreSQL schema's versions, so a change of either builds a new one.
 */
export async function ensureTemplate(
  sqlitePath: string,
  log: (line: string) => void,
  tenancy: Tenancy = 'shared',
): Promise<string> {
  const dataset = `docket_bench_${basename(sqlitePath, '.db')
    .replace(/[^a-z0-9]+/gi, '_')
    .toLowerCase()}_`;
  const name = `${dataset}${tenancy}_s${SCHEMA_VERSION}`;
  const [found] = await admin<{ comment: string | null }>(
    'SELECT shobj_description(oid, $2) AS comment FROM pg_database WHERE datname = $1',
    [name, 'pg_database'],
  );
  if (found?.comment === DONE) return name;
  // An unfinished load of this version goes. Templates of other schema versions stay: helpers or
  // branches at another version may be using them (delete them by hand to reclaim the space).
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  const [older] = await admin<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE $1 AND shobj_description(oid, $2) = $3 AND substring(datname from '_s([0-9]+)$')::int < $4 " +
      "ORDER BY substring(datname from '_s([0-9]+)$')::int DESC",
    [`${dataset}${tenancy}_s%`, 'pg_database', DONE, SCHEMA_VERSION],
  );
  const started = performance.now();
  if (older) {
    // Docket's own migration upgrades a copy of an older template, as it would a user's database:
    // seconds of DDL instead of minutes of COPY, and the upgrade path runs at full size.
    log(`upgrading a copy of ${older.datname} to schema v${SCHEMA_VERSION} as ${name}…`);
    await copyDatabase(older.datname, name);
    await (await openDocket(urlOf(name), { postgres: { tenancy } })).close();
    await onDatabase(name, 'VACUUM (ANALYZE)');
  } else {
    log(`loading ${basename(sqlitePath)} into PostgreSQL database ${name} with COPY (once; later runs copy it)…`);
    await admin(`CREATE DATABASE ${name}`);
    await bulkLoad(sqlitePath, urlOf(name), { tenancy, log });
  }
  await admin(`COMMENT ON DATABASE ${name} IS '${DONE}'`);
  log(`  ready in ${Math.round((performance.now() - started) / 1000)} s`);
  return name;
}

async function onDatabase(database: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: urlOf(database) });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** `CREATE DATABASE … TEMPLATE`, retried while another session (another run's copy) holds the template. */
async function copyDatabase(template: string, name: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      return;
    } catch (e) {
      if (attempt >= 20 || !/being accessed by other users/.test((e as Error).message)) throw e;
      await new Promise((r) => setTimeout(r, 3000));
    }
  }
}

/** A fresh copy of the template for one run, and the function that drops it. */
export async function workCopy(template: string, label = 'work'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `docket_bench_${label}_${process.pid}`;
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  // A copy keeps the template's planner statistics (the load analysed it).
  await copyDatabase(template, name);
  return { url: urlOf(name), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined) };
}

/**
 * The core benchmark's dataset on PostgreSQL: the cached SQLite dataset bulk-loaded with `COPY`
 * (pg-bulk.ts) into a database kept as a template, one per tenancy, then copied per run
 * (`CREATE DATABASE … TEMPLATE`, a file copy), so writes never drift the cached copy and runs after
 * the first skip the load.
 */
import { basename } from 'node:path';
import pg from 'pg';
import { SCHEMA_VERSION } from '../../src/store/postgres/schema.js';
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

async function admin<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
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
  // Templates of the same dataset left behind by a schema version change (or an unfinished load) go.
  const stale = await admin<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'docket_bench_%'");
  for (const d of stale) {
    const other = d.datname.startsWith(dataset) && !d.datname.endsWith(`_s${SCHEMA_VERSION}`);
    if (d.datname === name || other || d.datname === `${dataset}s${SCHEMA_VERSION}`) {
      await admin(`DROP DATABASE IF EXISTS ${d.datname} WITH (FORCE)`);
    }
  }
  log(`loading ${basename(sqlitePath)} into PostgreSQL database ${name} with COPY (once; later runs copy it)…`);
  const started = performance.now();
  await admin(`CREATE DATABASE ${name}`);
  await bulkLoad(sqlitePath, urlOf(name), { tenancy, log });
  await admin(`COMMENT ON DATABASE ${name} IS '${DONE}'`);
  log(`  loaded in ${Math.round((performance.now() - started) / 1000)} s`);
  return name;
}

/** A fresh copy of the template for one run, and the function that drops it. */
export async function workCopy(template: string, label = 'work'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `docket_bench_${label}_${process.pid}`;
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  // A copy keeps the template's planner statistics (the load analysed it).
  await admin(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  return { url: urlOf(name), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined) };
}

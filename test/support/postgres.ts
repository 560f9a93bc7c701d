import pg from 'pg';
import type { Docket } from '../../src/core/docket.js';
import { openDocket, type PostgresOpenOptions } from '../../src/open.js';

/**
 * The PostgreSQL server tests use: DOCKET_TEST_PG_URL, by default the local server with trust auth.
 * Set it to `off` to leave PostgreSQL out of a run (the contract suite then covers SQLite only).
 */
export const PG_URL = process.env.DOCKET_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const PG_ENABLED = PG_URL !== 'off';

const TEST_DATABASE = 'docket_test';
let database: Promise<string> | undefined;

const codeOf = (e: unknown) => (e as { code?: string }).code;

/**
 * The URL of a database for tests, created on first use (every test makes and drops its own schema
 * in it). Falls back to the URL's own database when the user may not create databases.
 */
export function testDatabaseUrl(): Promise<string> {
  database ??= (async () => {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    let url = PG_URL;
    try {
      await admin.query(`CREATE DATABASE ${TEST_DATABASE}`);
    } catch (e) {
      // 42P04: it exists; 23505: another test process created it at the same moment
      if (codeOf(e) !== '42P04' && codeOf(e) !== '23505' && codeOf(e) !== '42501') throw e;
    } finally {
      await admin.end();
    }
    const exists = new URL(PG_URL);
    exists.pathname = `/${TEST_DATABASE}`;
    url = exists.toString();
    // Docket creates unaccent in its own schema when missing; installing it once here keeps it out of
    // the per-test schemas that tests drop.
    const c = new pg.Client({ connectionString: url });
    try {
      await c.connect();
      await c.query('CREATE EXTENSION IF NOT EXISTS unaccent');
    } catch (e) {
      if (codeOf(e) === '3D000') url = PG_URL;
      else if (codeOf(e) !== '23505' && codeOf(e) !== '42710') throw e;
    } finally {
      await c.end().catch(() => {});
    }
    return url;
  })();
  return database;
}

let counter = 0;
/** Schemas this process made and emptied again, ready for the next store: DDL costs more than emptying. */
const spare: string[] = [];

/**
 * A schema name for one fresh, empty store, and the function that gives it back. Returned schemas
 * are emptied (rows deleted, ids restarted, project schemas dropped) and reused by later tests of
 * this process; schemas of test processes that have exited are dropped when the next one starts.
 */
export async function freshSchema(reuse = true): Promise<{ url: string; schema: string; drop: () => Promise<void> }> {
  const url = await testDatabaseUrl();
  await collected(url);
  const schema =
    (reuse ? spare.pop() : undefined) ?? `t${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
  return {
    url,
    schema,
    drop: async () => {
      if (await emptied(url, schema)) spare.push(schema);
      else await dropSchemas(url, schema);
    },
  };
}

let admin: pg.Pool | undefined;
const adminPool = (url: string) => (admin ??= new pg.Pool({ connectionString: url, max: 2, allowExitOnIdle: true }));

/**
 * Empties every table but the schema's own metadata, restarts its ids and drops its project schemas,
 * in one round trip; false if the schema is not a Docket one (a test that failed to open it).
 */
async function emptied(url: string, schema: string): Promise<boolean> {
  const { rows } = await adminPool(url).query<{ ok: boolean }>(
    `SELECT to_regclass('"${schema}".meta') IS NOT NULL AS ok`,
  );
  if (!rows[0]?.ok) return false;
  // only schemas made with the default search language are handed out again
  const language = await adminPool(url).query<{ value: string }>(
    `SELECT value FROM "${schema}".meta WHERE key = 'search_language'`,
  );
  if (language.rows[0]?.value !== 'simple') return false;
  // Rows that others point at go last; the count trigger empties ticket_counts before it is cleared
  // (it is deferred to the commit: SET CONSTRAINTS makes it run after each statement here).
  await adminPool(url).query(`DO $$
    DECLARE r record; s text := '${schema}';
    BEGIN
      SET CONSTRAINTS ALL IMMEDIATE;
      FOR r IN SELECT nspname FROM pg_namespace WHERE nspname LIKE replace(s, '_', '\\_') || '\\_%' LOOP
        EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname);
      END LOOP;
      FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = s AND tablename <> 'meta'
        ORDER BY array_position(ARRAY['tickets', 'ticket_counts', 'entities', 'categories', 'counters',
          'tokens', 'replies', 'projects']::name[], tablename) NULLS FIRST LOOP
        EXECUTE format('DELETE FROM %I.%I', s, r.tablename);
      END LOOP;
      FOR r IN SELECT sequencename FROM pg_sequences WHERE schemaname = s LOOP
        PERFORM setval(format('%I.%I', s, r.sequencename), 1, false);
      END LOOP;
    END $$`);
  return true;
}

let collecting: Promise<void> | undefined;

/** Drops the schemas of test processes that are gone (they cannot clean up after themselves). */
function collected(url: string): Promise<void> {
  collecting ??= (async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const { rows } = await c.query<{ name: string }>(
        "SELECT nspname AS name FROM pg_namespace WHERE nspname ~ '^t[0-9]+_'",
      );
      for (const r of rows) {
        const pid = Number(/^t(\d+)_/.exec(r.name)![1]);
        if (pid === process.pid || alive(pid)) continue;
        await c.query(`DROP SCHEMA IF EXISTS "${r.name}" CASCADE`).catch(() => {});
      }
    } finally {
      await c.end();
    }
  })();
  return collecting;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return codeOf(e) === 'EPERM';
  }
}
export async function dropSchemas(url: string, schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ name: string }>(
      "SELECT nspname AS name FROM pg_namespace WHERE nspname = $1 OR nspname LIKE replace($1, '_', '\\_') || '\\_%'",
      [schema],
    );
    for (const r of rows) await c.query(`DROP SCHEMA IF EXISTS "${r.name}" CASCADE`);
  } finally {
    await c.end();
  }
}

/** A fresh schema and a function opening Docket instances on it (like servers sharing one database). */
export async function sharedSchema(options: PostgresOpenOptions = {}, reuse = options.searchLanguage === undefined) {
  const db = await freshSchema(reuse);
  const opened: Docket[] = [];
  return {
    ...db,
    async open(more: PostgresOpenOptions = {}): Promise<Docket> {
      const docket = await openDocket(db.url, { postgres: { ...options, ...more, schema: db.schema } });
      opened.push(docket);
      return docket;
    },
    async cleanup(): Promise<void> {
      await Promise.all(opened.map((d) => d.close()));
      await db.drop();
    },
  };
}

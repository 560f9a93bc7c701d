import pg from 'pg';
import { PG_URL } from '../support/postgres.js';

/**
 * A new, empty database on the test server, for tests that go through the CLI: it opens Docket's
 * default schema, so schemas of one shared database would collide. Dropped (with its connections) by `drop`.
 */
export async function freshDatabase(label: string): Promise<{
  url: string;
  name: string;
  /** How Docket's messages name it: `host:port/database`. */
  shown: string;
  drop: () => Promise<void>;
}> {
  const name = `docket_${label}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const host = url.searchParams.get('host') ?? (url.hostname || 'localhost');
  return {
    url: url.toString(),
    name,
    shown: `${host}:${url.port || '5432'}/${name}`,
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

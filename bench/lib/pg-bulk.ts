/**
 * Bulk loader for benchmark datasets: copies a Docket SQLite file into an empty PostgreSQL database
 * with `COPY … FROM STDIN`, table by table, in one transaction. Row ids, ticket numbers, versions and
 * timestamps are kept as they are; feed positions (events.seq) are handed out per project in id
 * order, as Docket would have. It is the bulk path for building 100k-1M ticket copies in minutes;
 * `migrateStore` stays the checked path for users (it re-reads everything through the export format).
 *
 * To go fast it does what a load into a new database may do: secondary indexes are dropped and built
 * again after the data is in, per-row triggers are off (the counts they keep are computed in one
 * statement), and, for a superuser, foreign-key checks are skipped (the source is a Docket store whose
 * own keys hold).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDocket } from '../../src/open.js';
import { DEFAULT_SCHEMA, projectSchemaDdl, tenantSchemaName } from '../../src/store/postgres/schema.js';

export interface BulkOptions {
  /** Where projects go, as Docket's `postgres.tenancy` option (default shared). */
  readonly tenancy?: 'shared' | 'schema';
  /** Docket's main schema (default `docket`). */
  readonly schema?: string;
  readonly log?: (line: string) => void;
}

export interface BulkResult {
  readonly rows: Readonly<Record<string, number>>;
  readonly seconds: number;
}

type Value = string | number | bigint | null;

/** A table copied from SQLite: the query reading it and the PostgreSQL columns it fills, in order. */
interface Table {
  readonly name: string;
  readonly select: string;
  readonly columns: readonly string[];
  /** Turns a SQLite value of column i into its PostgreSQL text form (default: as it is). */
  readonly convert?: (row: Value[]) => Value[];
}

/** The tables of one project, read from SQLite with `?` bound to the project's id. */
const TENANT_TABLES: readonly Table[] = [
  {
    name: 'entities',
    select: 'SELECT project_id, slug, name, kind, created_at FROM entities WHERE project_id = ?',
    columns: ['project_id', 'slug', 'name', 'kind', 'created_at'],
  },
  {
    name: 'categories',
    select: 'SELECT project_id, slug, created_at FROM categories WHERE project_id = ?',
    columns: ['project_id', 'slug', 'created_at'],
  },
  {
    name: 'tickets',
    select:
      'SELECT id, project_id, number, type, title, description, status, priority, priority_rank, assignee, category, labels, ' +
      'created_by, created_at, updated_at, closed_at, lease_until, version FROM tickets WHERE project_id = ? ORDER BY id',
    columns: [
      'id',
      'project_id',
      'number',
      'type',
      'title',
      'description',
      'status',
      'priority',
      'priority_rank',
      'assignee',
      'category',
      'labels',
      'created_by',
      'created_at',
      'updated_at',
      'closed_at',
      'lease_until',
      'version',
    ],
    convert: (row) => {
      row[11] = pgArray(JSON.parse(String(row[11])) as string[]);
      return row;
    },
  },
  {
    name: 'links',
    select:
      'SELECT id, project_id, source_id, target_id, type, created_by, created_at FROM links WHERE project_id = ? ORDER BY id',
    columns: ['id', 'project_id', 'source_id', 'target_id', 'type', 'created_by', 'created_at'],
  },
  {
    name: 'comments',
    select:
      'SELECT c.id, c.ticket_id, c.author, c.body, c.status, c.created_at FROM comments c JOIN tickets t ON t.id = c.ticket_id ' +
      'WHERE t.project_id = ? ORDER BY c.id',
    columns: ['id', 'ticket_id', 'author', 'body', 'status', 'created_at'],
  },
  {
    name: 'events',
    select:
      'SELECT id, project_id, row_number() OVER (ORDER BY id) AS seq, ticket_id, kind, actor, at FROM events WHERE project_id = ? ORDER BY id',
    columns: ['id', 'project_id', 'seq', 'ticket_id', 'kind', 'actor', 'at'],
  },
  {
    name: 'history',
    select:
      'SELECT h.id, h.event_id, h.ticket_id, h.field, h.old, h.new, h.actor, h.at FROM history h JOIN events e ON e.id = h.event_id ' +
      'WHERE e.project_id = ? ORDER BY h.id',
    columns: ['id', 'event_id', 'ticket_id', 'field', 'old', 'new', 'actor', 'at'],
  },
  {
    name: 'audit_log',
    select: 'SELECT id, project_id, at, actor, kind, line FROM audit_log WHERE project_id = ? ORDER BY id',
    columns: ['id', 'project_id', 'at', 'actor', 'kind', 'line'],
  },
  {
    name: 'ticket_refs',
    select:
      'SELECT id, project_id, ticket_id, kind, key, subject, author, time, branch, url, created_by, created_at FROM ticket_refs WHERE project_id = ? ORDER BY id',
    columns: [
      'id',
      'project_id',
      'ticket_id',
      'kind',
      'key',
      'subject',
      'author',
      'time',
      'branch',
      'url',
      'created_by',
      'created_at',
    ],
  },
  {
    name: 'import_refs',
    select: 'SELECT project_id, source, external_id, url, ticket_id, hash, at FROM import_refs WHERE project_id = ?',
    columns: ['project_id', 'source', 'external_id', 'url', 'ticket_id', 'hash', 'at'],
  },
  {
    name: 'idempotency',
    select: 'SELECT project_id, key, request_hash, ticket_id, created_at FROM idempotency WHERE project_id = ?',
    columns: ['project_id', 'key', 'request_hash', 'ticket_id', 'created_at'],
  },
];

const TOKENS: Table = {
  name: 'tokens',
  select: 'SELECT id, hash, hint, scope, entity, projects, note, created_at, revoked_at FROM tokens ORDER BY id',
  columns: ['id', 'hash', 'hint', 'scope', 'entity', 'projects', 'note', 'created_at', 'revoked_at'],
};

/**
 * SQLite tables the loader leaves out on purpose: PostgreSQL keeps these facts elsewhere (labels as
 * an array column, counts summed after the load, search in generated columns), or they are written
 * above (projects, counters) or transient (stored responses).
 */
const DERIVED = new Set(['ticket_labels', 'ticket_counts', 'projects', 'counters', 'replies']);

/** A table with rows that the loader would not copy: a newer Docket's, to be added to TENANT_TABLES. */
function unknownTables(db: Database.Database): string[] {
  const known = new Set([...TENANT_TABLES.map((t) => t.name), TOKENS.name, ...DERIVED]);
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
    .all() as { name: string }[];
  return tables
    .map((t) => t.name)
    .filter((name) => !known.has(name) && !/_fts(_|$)/.test(name))
    .filter((name) => (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n > 0);
}

/** A PostgreSQL array literal of text elements. */
function pgArray(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

/** One value in COPY's text format. */
function copyText(v: Value): string {
  if (v === null) return '\\N';
  if (typeof v !== 'string') return String(v);
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The source's rows as COPY text, a few thousand lines a chunk. */
function* copyLines(db: Database.Database, table: Table, params: unknown[], count: (n: number) => void) {
  const stmt = db.prepare(table.select).raw(true);
  let chunk: string[] = [];
  let n = 0;
  for (const raw of stmt.iterate(...params) as Iterable<Value[]>) {
    const row = table.convert ? table.convert(raw) : raw;
    chunk.push(row.map(copyText).join('\t'));
    n++;
    if (chunk.length === 4000) {
      yield `${chunk.join('\n')}\n`;
      chunk = [];
    }
  }
  if (chunk.length) yield `${chunk.join('\n')}\n`;
  count(n);
}

async function copyTable(
  client: pg.PoolClient | pg.Client,
  db: Database.Database,
  schema: string,
  table: Table,
  params: unknown[],
): Promise<number> {
  let rows = 0;
  const target = `${quote(schema)}.${quote(table.name)} (${table.columns.join(', ')})`;
  await pipeline(
    Readable.from(copyLines(db, table, params, (n) => (rows = n))),
    client.query(copyFrom(`COPY ${target} FROM STDIN`)),
  );
  return rows;
}

/** Secondary indexes of a table (those no constraint owns): names and the DDL that makes them again. */
async function secondaryIndexes(client: pg.Client, schema: string, table: string) {
  const { rows } = await client.query<{ name: string; ddl: string }>(
    'SELECT format($3::text, n.nspname, c.relname) AS name, pg_get_indexdef(i.indexrelid) AS ddl ' +
      'FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace ' +
      'WHERE i.indrelid = format($3::text, $1::text, $2::text)::regclass ' +
      'AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)',
    [schema, table, '%I.%I'],
  );
  return rows;
}

/**
 * Copies every project (and token) of the SQLite store at `sqlitePath` into the PostgreSQL database
 * at `url`, which must hold none of them; Docket's schema is created there first if missing.
 *
 * @example
 * await bulkLoad('bench/.cache/core-1M-g4.db', 'postgres://postgres@127.0.0.1/bench_1m', { tenancy: 'schema' });
 */
export async function bulkLoad(sqlitePath: string, url: string, options: BulkOptions = {}): Promise<BulkResult> {
  const started = performance.now();
  const main = options.schema ?? DEFAULT_SCHEMA;
  const log = options.log ?? (() => {});
  // Docket creates (or upgrades) its main schema the ordinary way.
  await (await openDocket(url, { postgres: { schema: main } })).close();
  const db = new Database(sqlitePath, { readonly: true });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const rows: Record<string, number> = {};
  const add = (table: string, n: number) => {
    rows[table] = (rows[table] ?? 0) + n;
  };
  const touched = new Set<string>();
  try {
    const unknown = unknownTables(db);
    if (unknown.length) {
      throw new Error(
        `the bulk loader does not copy table ${unknown.join(', ')} yet; add it to TENANT_TABLES in pg-bulk.ts`,
      );
    }
    const projects = db
      .prepare(
        'SELECT p.id, p.key, p.name, p.schema_version, p.schema, p.created_at, c.last_number FROM projects p LEFT JOIN counters c ON c.project_id = p.id ORDER BY p.id',
      )
      .all() as {
      id: number;
      key: string;
      name: string;
      schema_version: number;
      schema: string;
      created_at: number;
      last_number: number | null;
    }[];
    await client.query('BEGIN');
    await client.query(`SET LOCAL search_path = ${quote(main)}`);
    await client.query("SET LOCAL maintenance_work_mem = '256MB'");
    const su = await client.query<{ su: boolean }>('SELECT rolsuper AS su FROM pg_roles WHERE rolname = current_user');
    if (su.rows[0]?.su) await client.query('SET LOCAL session_replication_role = replica');
    const clash = await client.query<{ key: string }>('SELECT key FROM projects WHERE key = ANY($1::text[])', [
      projects.map((p) => p.key),
    ]);
    if (clash.rows.length) {
      throw new Error(
        `the database already has project ${clash.rows.map((r) => r.key).join(', ')}; load into a new one`,
      );
    }
    const dropped: { name: string; ddl: string }[] = [];
    const prepare = async (schema: string) => {
      for (const t of [...TENANT_TABLES.map((t) => t.name), 'ticket_counts']) {
        const key = `${schema}.${t}`;
        if (touched.has(key)) continue;
        touched.add(key);
        const indexes = await secondaryIndexes(client, schema, t);
        for (const ix of indexes) await client.query(`DROP INDEX ${ix.name}`);
        dropped.push(...indexes);
        // The count trigger would upsert ticket_counts once per row; the counts are summed below instead.
        if (t === 'tickets') await client.query(`ALTER TABLE ${quote(schema)}.tickets DISABLE TRIGGER USER`);
      }
    };
    for (const p of projects) {
      const tenant = options.tenancy === 'schema' ? tenantSchemaName(main, p.key) : null;
      const schema = tenant ?? main;
      await client.query(
        'INSERT INTO projects (id, key, name, schema_version, schema, created_at, tenant_schema) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [p.id, p.key, p.name, p.schema_version, p.schema, p.created_at, tenant],
      );
      const events = db.prepare('SELECT count(*) AS n FROM events WHERE project_id = ?').get(p.id) as { n: number };
      await client.query('INSERT INTO counters (project_id, last_number) VALUES ($1, $2)', [p.id, p.last_number ?? 0]);
      await client.query('INSERT INTO event_clock (project_id, last_seq) VALUES ($1, $2)', [p.id, events.n]);
      if (tenant) await client.query(projectSchemaDdl(p.key, main));
      await prepare(schema);
      for (const t of TENANT_TABLES) {
        const t0 = performance.now();
        const n = await copyTable(client, db, schema, t, [p.id]);
        add(t.name, n);
        if (n >= 100_000) log(`  ${p.key}: ${t.name} ${n.toLocaleString('en')} rows in ${secs(t0)} s`);
      }
      await client.query(
        `INSERT INTO ${quote(schema)}.ticket_counts (project_id, type, status, assignee, n) ` +
          `SELECT project_id, type, status, coalesce(assignee, ''), count(*) FROM ${quote(schema)}.tickets WHERE project_id = $1 ` +
          'GROUP BY 1, 2, 3, 4 ON CONFLICT (project_id, type, status, assignee, slot) DO UPDATE SET n = ticket_counts.n + excluded.n',
        [p.id],
      );
    }
    add('tokens', await copyTable(client, db, main, TOKENS, []));
    add('projects', projects.length);
    const t0 = performance.now();
    for (const ix of dropped) await client.query(ix.ddl);
    log(`  ${dropped.length} indexes built in ${secs(t0)} s`);
    for (const key of touched) {
      const [schema, table] = key.split('.') as [string, string];
      if (table === 'tickets') await client.query(`ALTER TABLE ${quote(schema)}.tickets ENABLE TRIGGER USER`);
    }
    // Identity columns continue after the copied ids.
    const identities = await client.query<{ seq: string; tbl: string }>(
      "SELECT pg_get_serial_sequence(format('%I.%I', table_schema, table_name), column_name) AS seq, format('%I.%I', table_schema, table_name) AS tbl " +
        "FROM information_schema.columns WHERE is_identity = 'YES' AND (table_schema = $1 OR table_schema LIKE $2)",
      [main, `${main}\\_%`],
    );
    for (const r of identities.rows) {
      await client.query(`SELECT setval($1, coalesce((SELECT max(id) FROM ${r.tbl}), 0) + 1, false)`, [r.seq]);
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    db.close();
  }
  try {
    // Planner statistics and a visibility map, as `migrateStore` leaves them.
    const t0 = performance.now();
    const schemas = new Set([...touched].map((k) => k.split('.')[0]!));
    for (const schema of [main, ...schemas]) {
      const tables = await client.query<{ name: string }>(
        "SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname = $1",
        [schema],
      );
      if (tables.rows.length) await client.query(`VACUUM (ANALYZE) ${tables.rows.map((t) => t.name).join(', ')}`);
    }
    log(`  vacuumed and analysed in ${secs(t0)} s`);
  } finally {
    await client.end();
  }
  return { rows, seconds: Number(secs(started)) };
}

const secs = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);

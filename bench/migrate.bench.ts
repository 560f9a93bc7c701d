/**
 * `docket migrate` into PostgreSQL (issue 20): the core benchmark's 100k-ticket SQLite dataset moved
 * into a fresh PostgreSQL database by `migrateStore`, as `docket migrate --from FILE --to URL` does,
 * two ways in the same run: rows sent with COPY (the store's bulk path, the default) and row by row
 * (the store opened on a driver without COPY, which is how every migrate ran before). Beside them the
 * benchmark loader (bench/lib/pg-bulk.ts: COPY of raw rows, indexes built after, no checks) as a
 * floor. DOCKET_MIGRATE_SCALE picks another dataset size (e.g. 10000 for a quick run).
 */
import pg from 'pg';
import { Docket } from '../src/core/docket.js';
import { openDocket } from '../src/open.js';
import type { PostgresDriver } from '../src/store/postgres/driver.js';
import { PostgresStore } from '../src/store/postgres/postgres-store.js';
import { migrateStore } from '../src/transfer.js';
import { ensureDataset, scaleName } from './lib/dataset.js';
import { bulkLoad } from './lib/pg-bulk.js';
import { admin, PG_URL, serverInfo, unavailable, urlOf } from './lib/pg-dataset.js';
import type { BenchOptions, SectionResult } from './lib/report.js';

const SCALE = Number(process.env.DOCKET_MIGRATE_SCALE ?? 100_000);

/** A fresh database for one run, and the function that drops it. */
async function freshDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `docket_migrate_bench_${label}_${process.pid}`;
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  return { url: urlOf(name), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined) };
}

/** The destination as `docket migrate` opens it, or (rows) on a driver that has no COPY. */
async function target(url: string, copy: boolean): Promise<Docket> {
  if (copy) return openDocket(url, { create: true });
  const config = { connectionString: url, max: 10, application_name: 'docket' };
  const driver: PostgresDriver = {
    pool: new pg.Pool(config),
    listener: () => new pg.Client(config),
    types: pg.types,
    label: url,
  };
  return new Docket(await PostgresStore.open(driver, {}));
}

async function migrate(path: string, copy: boolean): Promise<number> {
  const db = await freshDatabase(copy ? 'copy' : 'rows');
  try {
    const source = await openDocket(path, { create: false });
    const dest = await target(db.url, copy);
    try {
      const started = performance.now();
      await migrateStore(source, dest, { verify: false });
      return (performance.now() - started) / 1000;
    } finally {
      await dest.close();
      await source.close();
    }
  } finally {
    await db.drop();
  }
}

async function floor(path: string): Promise<number> {
  const db = await freshDatabase('floor');
  try {
    return (await bulkLoad(path, db.url)).seconds;
  } finally {
    await db.drop();
  }
}

export async function run(_opts: BenchOptions): Promise<SectionResult> {
  const why = await unavailable();
  if (why) throw new Error(`PostgreSQL at ${PG_URL} cannot be used: ${why}`);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const { path, meta } = await ensureDataset(SCALE, log);
  const tickets = meta.tickets;
  // Rows first, then COPY, then the floor: the slow run takes the machine's load first, then the others.
  log(`migrating ${scaleName(SCALE)} row by row…`);
  const rows = await migrate(path, false);
  log(`  ${rows.toFixed(1)} s; with COPY…`);
  const copy = await migrate(path, true);
  log(`  ${copy.toFixed(1)} s; the bulk loader floor…`);
  const bulk = await floor(path);
  const row = (what: string, seconds: number, note: string) => [
    what,
    seconds.toFixed(1),
    Math.round(tickets / seconds).toLocaleString('en'),
    (seconds / copy).toFixed(2),
    note,
  ];
  return {
    title: `Migrate: ${scaleName(SCALE)} tickets from SQLite into PostgreSQL`,
    columns: ['run', 'seconds', 'tickets/s', '× COPY migrate', 'what it does'],
    rows: [
      row('migrate, row by row (before)', rows, 'an INSERT per ticket, event, history run, comment…'),
      row('migrate, COPY (after)', copy, 'the same rows, sent with COPY FROM STDIN in batches'),
      row(
        'bulk loader floor (bench/lib/pg-bulk.ts)',
        bulk,
        'raw rows by COPY, indexes built after, no checks; not for users',
      ),
    ],
    notes: [
      `Dataset: ${tickets.toLocaleString('en')} tickets, ${meta.comments.toLocaleString('en')} comments, ${meta.history.toLocaleString('en')} history rows, ${meta.links.toLocaleString('en')} links (bench/lib/dataset.ts).`,
      'Both migrates: `migrateStore(source, destination, { verify: false })` into a fresh database, one transaction, then `settle` (VACUUM ANALYZE); the read-back check `docket migrate` runs after is left out of both.',
      `PostgreSQL: ${await serverInfo()}.`,
    ],
  };
}

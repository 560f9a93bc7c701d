import { DocketError } from '../../domain/errors.js';
import type { Maintenance, Setting } from '../maintenance.js';
import { ident, type Statements } from './statements.js';

/** Runs `fn` on a pooled connection: in a read-only snapshot, or outside any transaction (VACUUM). */
export type Session = <T>(
  mode: 'snapshot' | 'bare',
  fn: (s: Statements, schemas: readonly string[]) => Promise<T>,
) => Promise<T>;

/**
 * Database upkeep on PostgreSQL. The server does its own journaling, vacuuming and durability,
 * so pragmas are read as their nearest PostgreSQL setting and cannot be set from here, and backups
 * are pg_dump's job. The integrity check reports only damage `docket doctor --fix` cannot repair
 * (doctor itself checks counters, counts and workflows on every backend).
 */
export class PostgresMaintenance implements Maintenance {
  constructor(
    private readonly session: Session,
    private readonly main: string,
  ) {}

  integrityCheck(): Promise<string[]> {
    return this.session('snapshot', async (s, schemas) => {
      const problems: string[] = [];
      const missing = await s.one<{ n: number }>(
        'SELECT count(*) AS n FROM projects p WHERE NOT EXISTS (SELECT 1 FROM counters c WHERE c.project_id = p.id)',
      );
      if (missing?.n) problems.push(`${missing.n} project(s) have no ticket counter row`);
      for (const schema of schemas) {
        const orphans = await s.one<{ n: number }>(
          `SELECT count(*) AS n FROM ${schema}.history h WHERE NOT EXISTS (SELECT 1 FROM ${schema}.events e WHERE e.id = h.event_id)`,
        );
        if (orphans?.n) problems.push(`${orphans.n} history row(s) in ${schema} point at missing events`);
        // A write places its events right after its commit; one that stopped in between leaves them
        // for the project's next write. Only those a minute old are worth a word.
        const unplaced = await s.one<{ n: number }>(
          `SELECT count(*) AS n FROM ${schema}.events WHERE seq IS NULL AND at < $1`,
          Date.now() - 60_000,
        );
        if (unplaced?.n) {
          problems.push(
            `${unplaced.n} event(s) in ${schema} have no place in their project's feed yet: the next write to their project places them`,
          );
        }
      }
      // amcheck verifies B-tree indexes against their tables, when the server has it installed.
      const amcheck = await s.one<{ schema: string }>(
        "SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'amcheck'",
      );
      if (amcheck) {
        const bad = await s.all<{ index: string; error: string }>(
          `SELECT c.oid::regclass::text AS index, ${ident(amcheck.schema)}.bt_index_check(c.oid) AS error ` +
            "FROM pg_class c JOIN pg_am a ON a.oid = c.relam WHERE c.relkind = 'i' AND a.amname = 'btree' " +
            'AND c.relnamespace = ANY($1::regnamespace[])',
          schemas.map(unquote),
        );
        problems.push(...bad.filter((r) => r.error).map((r) => `index ${r.index}: ${r.error}`));
      }
      return problems;
    });
  }

  async backup(_destination: string): Promise<void> {
    throw new DocketError(
      'unsupported',
      `a PostgreSQL store is backed up with the server's tools: pg_dump --format=custom --schema='${this.main}*' --file=FILE DATABASE_URL (or your provider's snapshots)`,
      { backend: 'postgres' },
    );
  }

  vacuum(): Promise<void> {
    return this.vacuumAnalyze();
  }

  /**
   * A bulk load leaves PostgreSQL without planner statistics (search would scan instead of using its
   * index) and its GIN indexes with a long pending list until autovacuum comes by: VACUUM ANALYZE
   * settles both. A load fills every table Docket has, so every one is vacuumed.
   */
  settle(): Promise<void> {
    return this.vacuumAnalyze();
  }

  /** VACUUM (ANALYZE) of every table in Docket's schemas. */
  private vacuumAnalyze(): Promise<void> {
    return this.session('bare', async (s, schemas) => {
      const tables = await s.all<{ name: string }>(
        "SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname = ANY($1::text[]) ORDER BY 1",
        schemas.map(unquote),
      );
      if (tables.length) await s.exec(`VACUUM (ANALYZE) ${tables.map((t) => t.name).join(', ')}`);
    });
  }

  getPragma(name: Setting): Promise<string> {
    return this.session('bare', async (s) => {
      if (name === 'journal_mode') return 'wal';
      if (name === 'vacuum_mode') {
        const row = await s.one<{ autovacuum: string }>('SHOW autovacuum');
        return row?.autovacuum === 'on' ? 'incremental' : 'none';
      }
      const row = await s.one<{ synchronous_commit: string }>('SHOW synchronous_commit');
      const value = row?.synchronous_commit ?? 'on';
      return value === 'off' ? 'off' : value === 'local' ? 'normal' : 'full';
    });
  }

  async setPragma(name: Setting, _value: string): Promise<string> {
    const setting = { journal_mode: 'wal_level', vacuum_mode: 'autovacuum', synchronous: 'synchronous_commit' }[name];
    throw new DocketError(
      'unsupported',
      `PostgreSQL manages ${name} itself; change ${setting} in postgresql.conf or with ALTER DATABASE … SET instead`,
      { backend: 'postgres', setting },
    );
  }

  stats(): Promise<Record<string, number>> {
    return this.session('snapshot', async (s, schemas) => {
      const row = await s.one<{ bytes: number; dead: number; live: number }>(
        'SELECT coalesce(sum(pg_total_relation_size(relid)), 0)::bigint AS bytes, coalesce(sum(n_dead_tup), 0)::bigint AS dead, ' +
          'coalesce(sum(n_live_tup), 0)::bigint AS live FROM pg_stat_user_tables WHERE schemaname = ANY($1::text[])',
        schemas.map(unquote),
      );
      return { bytes: row?.bytes ?? 0, live_rows: row?.live ?? 0, dead_rows: row?.dead ?? 0 };
    });
  }
}

const unquote = (quoted: string) => quoted.slice(1, -1).replace(/""/g, '"');

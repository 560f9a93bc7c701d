import { DocketError } from '../../domain/errors.js';
import type { Maintenance, Setting } from '../maintenance.js';
import type { SqliteDatabase } from './driver.js';
import { storageError } from './errors.js';
import { FTS_INDEXES } from './search.js';

/** What serialises work on the store's one connection (`SqliteStore`'s lock). */
export interface Serial {
  run<T>(fn: () => Promise<T>): Promise<T>;
}

const VACUUM_MODES = ['none', 'full', 'incremental'] as const;
const JOURNAL_MODES = ['delete', 'truncate', 'persist', 'memory', 'wal', 'off'] as const;
const SYNC_MODES = ['off', 'normal', 'full', 'extra'] as const;

/** Upkeep of the file outside transactions; each call waits for the store's open transaction. */
export class SqliteMaintenance implements Maintenance {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly lock: Serial,
  ) {}

  private guarded<T>(fn: () => T | Promise<T>): Promise<T> {
    return this.lock.run(async () => {
      try {
        return await fn();
      } catch (e) {
        throw storageError(e, this.db.name);
      }
    });
  }

  integrityCheck(): Promise<string[]> {
    return this.guarded(() => {
      const rows = this.db.pragma('integrity_check') as { integrity_check: string }[];
      const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
      const fk = this.db.pragma('foreign_key_check') as unknown[];
      if (fk.length) problems.push(`${fk.length} rows point at missing rows (foreign_key_check)`);
      return problems;
    });
  }

  backup(destination: string): Promise<void> {
    return this.guarded(async () => {
      await this.db.backup(destination);
    });
  }

  vacuum(): Promise<void> {
    return this.guarded(() => {
      // Each search index merged into one segment: FTS5 looks every word up in each segment, and a
      // busy file gathers a dozen (docs/benchmarks.md has what that costs a search).
      for (const index of FTS_INDEXES) this.db.exec(`INSERT INTO ${index}(${index}) VALUES ('optimize')`);
      const mode = this.db.pragma('auto_vacuum', { simple: true }) as number;
      if (mode === 2) this.db.pragma('incremental_vacuum');
      else this.db.exec('VACUUM');
    });
  }

  /**
   * ANALYZE where statistics are missing or stale (0x02), with a temporary analysis limit so it reads a
   * bounded sample of each index (0x10), on every table, not only those this connection queried (0x10000).
   */
  settle(): Promise<void> {
    return this.guarded(() => {
      this.db.pragma('optimize = 0x10012');
    });
  }

  getPragma(name: Setting): Promise<string> {
    return this.guarded(() => this.getPragmaSync(name));
  }

  setPragma(name: Setting, value: string): Promise<string> {
    const v = value.trim().toLowerCase();
    const allowed: readonly string[] =
      name === 'vacuum_mode' ? VACUUM_MODES : name === 'journal_mode' ? JOURNAL_MODES : SYNC_MODES;
    if (!allowed.includes(v)) {
      return Promise.reject(
        new DocketError('validation', `${name} must be one of: ${allowed.join(', ')}`, { allowed }),
      );
    }
    return this.guarded(() => {
      if (name === 'vacuum_mode') {
        this.db.pragma(`auto_vacuum = ${v.toUpperCase()}`);
        this.db.exec('VACUUM');
      } else {
        this.db.pragma(`${name} = ${v.toUpperCase()}`);
      }
      return this.getPragmaSync(name);
    });
  }

  private getPragmaSync(name: Setting): string {
    if (name === 'vacuum_mode')
      return VACUUM_MODES[this.db.pragma('auto_vacuum', { simple: true }) as number] ?? 'none';
    if (name === 'synchronous') return SYNC_MODES[this.db.pragma('synchronous', { simple: true }) as number] ?? 'full';
    return String(this.db.pragma('journal_mode', { simple: true }));
  }

  stats(): Promise<Record<string, number>> {
    return this.guarded(() => {
      const pages = this.db.pragma('page_count', { simple: true }) as number;
      const size = this.db.pragma('page_size', { simple: true }) as number;
      const free = this.db.pragma('freelist_count', { simple: true }) as number;
      return { bytes: pages * size, free_bytes: free * size };
    });
  }
}

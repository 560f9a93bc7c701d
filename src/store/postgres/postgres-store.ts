import { createHash } from 'node:crypto';
import { DocketError } from '../../domain/errors.js';
import type { Maintenance } from '../maintenance.js';
import type { Store, StoreReader, StoreTx } from '../store.js';
import type { TicketAt, TicketRecord } from '../tickets.js';
import type { PgPoolClient, PgTypes, PostgresDriver } from './driver.js';
import { ProjectRowBusy, pgError, RETRYABLE, sqlState } from './errors.js';
import { PostgresMaintenance, type Session } from './maintenance.js';
import { ChangeListener, channelFor } from './only/listener.js';
import { FeedPlacer } from './only/placer.js';
import { PostgresTx } from './postgres-tx.js';
import { checkSchemaName, DEFAULT_SCHEMA, migrate } from './schema.js';
import { docketTypes, ident, type Placement, Statements } from './statements.js';
import { projectOf, type TicketAtRow, ticketAtSql } from './tickets.js';

export interface PostgresStoreOptions {
  /** The schema holding Docket's tables (default `docket`); created when missing. */
  readonly schema?: string;
  /**
   * Where new projects' rows go: `shared` (default) keeps every project in the main schema, isolated
   * by key; `schema` gives each new project its own schema `<schema>_<key>` (see projectSchemaDdl).
   */
  readonly tenancy?: 'shared' | 'schema';
  /**
   * The PostgreSQL text search configuration search copies, e.g. `english` for stemming. Default
   * `simple` (no stemming, no stop words: the same matches as SQLite). Fixed when the store is created.
   */
  readonly searchLanguage?: string;
  /** Create the schema when missing (default true); false refuses a database without one. */
  readonly create?: boolean;
  /** Tries for a write that hits a serialization failure, deadlock or a key written meanwhile (default 6). */
  readonly maxAttempts?: number;
  /** How long a write waits for a row another transaction holds before giving up, in ms (default 10000). */
  readonly lockTimeoutMs?: number;
}

const READ = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';
const WRITE = 'BEGIN ISOLATION LEVEL READ COMMITTED';
const noop = () => {};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The server backend: a pool of connections to one PostgreSQL database, shared safely by any number
 * of Docket processes and server instances. Writes run in READ COMMITTED with row locks where core
 * reads before it writes, and are re-run whole after a serialization failure, deadlock or unique clash.
 */
export class PostgresStore implements Store {
  readonly maintenance: Maintenance;
  /** The search configuration in use (fixed when the store was created) and whether it folds accents. */
  readonly textSearch: { readonly language: string; readonly unaccent: boolean };
  private readonly types: PgTypes;
  private readonly place: Placement;
  private readonly listener: ChangeListener;
  private readonly placer: FeedPlacer;
  private readonly maxAttempts: number;
  private readonly begin: { readonly read: string; readonly write: string };
  private closed = false;
  private readonly prepared = new Map<string | null, { readonly name: string; readonly text: string }>();
  /** Writes re-run after a serialization failure, deadlock or unique clash (for diagnosis and benchmarks). */
  retries = 0;

  private constructor(
    private readonly driver: PostgresDriver,
    main: string,
    options: PostgresStoreOptions,
    search: { language: string; unaccent: boolean },
  ) {
    this.types = docketTypes(driver.types);
    this.place = { main, tenancy: options.tenancy ?? 'shared', projects: new Map() };
    this.textSearch = search;
    this.maxAttempts = options.maxAttempts ?? 6;
    const path = `SET LOCAL search_path TO ${ident(main)}`;
    const lockTimeout = options.lockTimeoutMs ?? 10_000;
    this.begin = { read: `${READ}; ${path}`, write: `${WRITE}; ${path}; SET LOCAL lock_timeout = ${lockTimeout}` };
    this.listener = new ChangeListener(() => {
      const client = driver.listener();
      client.on('error', noop);
      return client;
    }, channelFor(main));
    this.placer = new FeedPlacer(main, channelFor(main), (sql) => this.runAlone(sql));
    this.maintenance = new PostgresMaintenance(this.session, main);
    driver.pool.on('error', noop); // an idle connection dropped by the server: the pool replaces it
  }

  /** Connects, brings the schema up to date (or refuses it), and returns the store. */
  static async open(driver: PostgresDriver, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const main = checkSchemaName(options.schema ?? DEFAULT_SCHEMA);
    if (options.tenancy !== undefined && options.tenancy !== 'shared' && options.tenancy !== 'schema') {
      throw new DocketError('validation', `tenancy must be 'shared' or 'schema', not '${String(options.tenancy)}'`, {
        field: 'tenancy',
      });
    }
    for (const field of ['maxAttempts', 'lockTimeoutMs'] as const) {
      const value = options[field];
      if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
        throw new DocketError('validation', `${field} must be a whole number of at least 1`, { field });
      }
    }
    let client: PgPoolClient | undefined;
    try {
      client = await driver.pool.connect();
      client.on('error', noop);
      const info = await migrate(
        new Statements(client, docketTypes(driver.types)),
        main,
        options.searchLanguage,
        options.create !== false,
      );
      client.removeListener('error', noop);
      client.release();
      client = undefined;
      return new PostgresStore(driver, main, options, { language: info.searchLanguage, unaccent: info.unaccent });
    } catch (e) {
      client?.release(true);
      await driver.pool.end().catch(noop);
      throw pgError(e, driver.label);
    }
  }

  write<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.withRetries((lockFirst) => this.transaction(this.begin.write, true, fn, lockFirst));
  }

  read<T>(fn: (tx: StoreReader) => Promise<T>): Promise<T> {
    return this.transaction(this.begin.read, false, fn).catch((e) => {
      throw pgError(e, this.driver.label);
    });
  }

  /**
   * `Store.ticketAt` in one round trip, outside a transaction, once this store has placed the project
   * (any earlier use of it does); before that, through `read`.
   */
  async ticketAt(projectKey: string, number: number): Promise<TicketAt | undefined> {
    let tenant: string | null | undefined;
    for (const p of this.place.projects.values()) if (p.key === projectKey) tenant = p.tenant;
    const full = () =>
      this.read(async (tx) => {
        const project = await tx.projects.byKey(projectKey);
        return project && { project, ticket: await tx.tickets.get(project.id, number) };
      });
    if (tenant === undefined) return full();
    let row: TicketAtRow | undefined;
    const client = await this.checkout();
    let broken = false;
    try {
      const { name, text } = this.ticketAtStatement(tenant);
      row = (await client.query<TicketAtRow>({ name, text, values: [number, projectKey], types: this.types })).rows[0];
    } catch (e) {
      broken = sqlState(e) === undefined; // no SQLSTATE: the connection itself failed
      throw pgError(e, this.driver.label);
    } finally {
      client.removeListener('error', noop);
      client.release(broken);
    }
    if (!row) return undefined;
    // Recreated under the same key in another schema: the full path places it again.
    if (row.pTenant !== tenant) return full();
    const { pId, pKey, pName, pSchemaVersion, pCreatedAt, pTenant, ...ticket } = row;
    return { project: projectOf(row), ticket: ticket.id === null ? undefined : (ticket as TicketRecord) };
  }

  /**
   * The ticketAt statement for one schema, prepared once per connection under a name taken from its
   * text (so stores on other main schemas sharing a host's pool never reuse a name for other SQL).
   * Preparing it skips parsing and planning on every read (docs/benchmarks.md has what it saves).
   */
  private ticketAtStatement(tenant: string | null): { name: string; text: string } {
    let statement = this.prepared.get(tenant);
    if (!statement) {
      const text = ticketAtSql(this.place.main, tenant);
      statement = { name: `docket_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`, text };
      this.prepared.set(tenant, statement);
    }
    return statement;
  }

  /**
   * Calls `listener` with a project's key after any instance on this database commits a change to it
   * (LISTEN on a dedicated connection, opened on the first subscriber). Returns the unsubscribe.
   */
  onChange(listener: (project: string) => void): () => void {
    if (this.closed) return noop;
    return this.listener.subscribe(listener);
  }

  /** The main schema holding Docket's tables (what `mainSchemaDdl` needs to recreate them). */
  get schema(): string {
    return this.place.main;
  }

  /** Resolves once change notifications are being received (after `onChange`). */
  listening(): Promise<void> {
    return this.listener.ready();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.placer.idle();
    await this.listener.close();
    await this.driver.pool.end().catch(noop);
  }

  /**
   * Runs a write again on the failures another writer causes. Writes hold their project's row shared;
   * one that needs it exclusively (a schema change, a check across tickets) and finds other holders
   * (`ProjectRowBusy`), or that deadlocked, runs again taking the row exclusively from the start, so
   * it queues behind the others instead of waiting for them while they wait for it.
   */
  private async withRetries<T>(attempt: (lockFirst: boolean) => Promise<T>): Promise<T> {
    let lockFirst = false;
    for (let n = 1; ; n++) {
      try {
        return await attempt(lockFirst);
      } catch (e) {
        if (e instanceof ProjectRowBusy && !lockFirst) {
          lockFirst = true;
          this.retries++;
          continue;
        }
        const state = sqlState(e);
        if (state === '40P01') lockFirst = true;
        // A unique clash re-runs once or twice: the second run sees the other writer's row and says so.
        const limit = state === '23505' ? Math.min(3, this.maxAttempts) : this.maxAttempts;
        if (!state || !RETRYABLE.has(state) || n >= limit) throw pgError(e, this.driver.label);
        this.retries++;
        if (state !== '23505') await sleep(Math.random() * Math.min(200, 4 * 2 ** n));
      }
    }
  }

  private async checkout(): Promise<PgPoolClient> {
    if (this.closed) throw new DocketError('storage', 'the store is closed');
    const client = await this.driver.pool.connect();
    // pg leaves a checked-out client without an error listener; a dropped connection would crash the process.
    client.on('error', noop);
    return client;
  }

  private async transaction<T>(
    begin: string,
    writing: boolean,
    fn: (tx: PostgresTx) => Promise<T>,
    lockFirst = false,
  ): Promise<T> {
    let tx: PostgresTx | undefined;
    const result = await this.onConnection(
      begin,
      (s) => {
        tx = new PostgresTx(s, this.place, writing, lockFirst);
        return fn(tx);
      },
      () => `${writing && tx ? tx.beforeCommitSql() : ''}COMMIT`,
    );
    // Committed: its events get their feed places (and listeners a word) before the writer answers.
    if (writing && tx) await this.placer.place(tx.changedProjects());
    return result;
  }

  /** Several statements on a pooled connection of their own, rolled back if one fails (the feed placer's). */
  private runAlone(sql: string): Promise<void> {
    return this.onConnection(null, async (s) => {
      try {
        await s.exec(sql);
      } catch (e) {
        await s.exec('ROLLBACK');
        throw e;
      }
    });
  }

  /** A pooled connection for upkeep, in a read-only snapshot or bare (VACUUM cannot run in a transaction). */
  private readonly session: Session = async (mode, fn) => {
    try {
      return await this.onConnection(mode === 'snapshot' ? this.begin.read : null, async (s) => {
        const m = ident(this.place.main);
        const rows = await s.all<{ name: string }>(
          `SELECT DISTINCT tenant_schema AS name FROM ${m}.projects WHERE tenant_schema IS NOT NULL ORDER BY 1`,
        );
        return fn(s, [m, ...rows.map((r) => ident(r.name))]);
      });
    } catch (e) {
      throw pgError(e, this.driver.label);
    }
  };

  /**
   * Runs `fn` on a pooled connection: in a transaction that `begin` opens (with its first statement)
   * and `commit` ends, or, with `begin` null, statement by statement. A connection whose rollback
   * failed is dropped from the pool rather than handed out again.
   */
  private async onConnection<T>(
    begin: string | null,
    fn: (s: Statements) => Promise<T>,
    commit: () => string = () => 'COMMIT',
  ): Promise<T> {
    const client = await this.checkout();
    const s = new Statements(client, this.types, this.driver.copyFrom);
    const open = () => begin !== null && s.started;
    let broken = false;
    try {
      if (begin !== null) s.startWith(begin);
      const result = await fn(s);
      if (open()) await s.exec(commit());
      return result;
    } catch (e) {
      s.abandon();
      if (open()) {
        await s.exec('ROLLBACK').catch(() => {
          broken = true;
        });
      }
      throw e;
    } finally {
      client.removeListener('error', noop);
      client.release(broken);
    }
  }
}

import type { TokenInfo } from '../domain/access.js';
import type { Project as ProjectInfo } from '../domain/records.js';
import type { BlinkdeskSource, Maintenance, Store } from '../store/store.js';
import { SchemaCache } from './context.js';
import { createProject, listProjects, type NewProject } from './projects.js';
import * as replies from './replies.js';
import { actorName, Project } from './project.js';
import * as tokens from './tokens.js';
import { WebhookWorker, type WebhookWorkerOptions } from './webhook-worker.js';
import { type DoctorReport, runDoctor } from './transfer/doctor.js';
import { exportProjectLines } from './transfer/export-project.js';
import { type BlinkdeskImportOptions, importBlinkdeskSource } from './transfer/import-blinkdesk.js';
import { type ImportOptions, importProjectLines } from './transfer/import-project.js';
import { type MigrateOptions, type MigrateResult, migrateStoreData } from './transfer/migrate.js';

export interface ActOptions {
  /** The entity acting (recorded in history and the audit log). */
  readonly actor?: string | null;
}

/**
 * The library's entry point: one store, many projects.
 *
 * @example
 * const docket = await openDocket('tickets.db');
 * await docket.createProject({ key: 'doc' });
 * const doc = docket.project('doc', { actor: 'alice' });
 * const t = await doc.create({ title: 'Fix login', type: 'bug' });
 * await doc.move(t.id, 'confirmed');
 */
export class Docket {
  private readonly cache = new SchemaCache();

  constructor(
    private readonly store: Store,
    private readonly clock: () => number = Date.now,
  ) {}

  projects(): Promise<ProjectInfo[]> {
    return listProjects(this.store, this.cache);
  }

  async createProject(input: NewProject, options: ActOptions = {}): Promise<ProjectInfo> {
    return createProject(this.store, input, actorName(options.actor), this.clock());
  }

  /** A handle on one project acting as `actor`; cheap to make, one per request is fine. */
  project(key: string, options: ActOptions = {}): Project {
    return new Project({
      store: this.store,
      cache: this.cache,
      project: key.toLowerCase(),
      actor: actorName(options.actor),
      now: this.clock,
    });
  }

  /** Creates an API token for the REST API and MCP over HTTP; the secret is shown once. */
  createToken(input: tokens.TokenInput): Promise<TokenInfo & { secret: string }> {
    return tokens.createToken(this.store, input, this.clock());
  }
  tokens(): Promise<TokenInfo[]> {
    return tokens.listTokens(this.store);
  }
  revokeToken(id: number): Promise<void> {
    return tokens.revokeToken(this.store, id, this.clock());
  }
  /** The live token behind a secret (null when unknown or revoked). */
  authenticate(secret: string): Promise<TokenInfo | null> {
    return tokens.authenticate(this.store, secret);
  }
  hasTokens(): Promise<boolean> {
    return tokens.hasTokens(this.store);
  }

  /**
   * Idempotent requests (REST `Idempotency-Key`): reserves `key` for a request with this fingerprint
   * and returns the first request's stored response, or null when the caller should run the request
   * and then `finishIdempotent` (or `abandonIdempotent` when it failed unexpectedly).
   */
  startIdempotent(key: string, fingerprint: string): Promise<string | null> {
    return replies.startReply(this.store, key, fingerprint, this.clock());
  }
  finishIdempotent(key: string, reply: string): Promise<void> {
    return replies.finishReply(this.store, key, reply);
  }
  abandonIdempotent(key: string): Promise<void> {
    return replies.abandonReply(this.store, key);
  }

  /**
   * Calls `listener` with a project's key soon after any process sharing this store commits a change
   * to it, where the store can tell (PostgreSQL); undefined where it cannot (SQLite: poll `changes`).
   * Returns the function that stops listening.
   */
  onChange(listener: (project: string) => void): (() => void) | undefined {
    return this.store.onChange?.(listener);
  }

  /**
   * Writes a whole project as JSON Lines (docs/export-format.md); `write` gets each line without its
   * newline and may return a promise to apply backpressure.
   */
  exportProject(
    project: string,
    write: (line: string) => void | Promise<void>,
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ tickets: number }> {
    return exportProjectLines(this.store, project, write, onProgress);
  }

  /** Loads an export (its lines, without newlines) as a new project, all or nothing. */
  importProject(
    lines: AsyncIterable<string>,
    options: ImportOptions = {},
  ): Promise<{ project: string; tickets: number }> {
    return importProjectLines(this.store, lines, { now: this.clock(), ...options });
  }

  /** Imports an opened BlinkDesk database as a new project, keeping its ticket numbers, all or nothing. */
  importBlinkdesk(
    source: BlinkdeskSource,
    options: BlinkdeskImportOptions = {},
  ): Promise<{ project: string; tickets: number }> {
    return importBlinkdeskSource(this.store, source, this.clock(), options);
  }

  /** Checks the database and, with `fix`, repairs what is safe to repair. */
  doctor(options: { fix?: boolean } = {}): Promise<DoctorReport> {
    return runDoctor(this.store, options);
  }

  /** Moves every project and API token of this store into `target` (another store), all or nothing. */
  migrateTo(target: Docket, options: MigrateOptions = {}): Promise<MigrateResult> {
    return migrateStoreData(this.store, target.store, options);
  }

  /**
   * A webhook delivery worker on this store (not started): `docket serve` runs one; any number may
   * share a store. `start()` it, `stop()` it before closing the Docket.
   */
  webhookWorker(options: WebhookWorkerOptions = {}): WebhookWorker {
    return new WebhookWorker(this.store, this.clock, options);
  }

  /** Integrity check, online backup, vacuum and journal modes. */
  get maintenance(): Maintenance {
    return this.store.maintenance;
  }

  close(): Promise<void> {
    return this.store.close();
  }

  /** The time this Docket stamps changes with (epoch ms): its clock, fixed in tests. */
  now(): number {
    return this.clock();
  }
}

/**
 * The store behind a Docket, for the modules that build faces around one (the embedding entry point)
 * and for tests; not part of the library's API (index.ts does not export it).
 */
export function storeOf(docket: Docket): Store {
  return (docket as unknown as { readonly store: Store }).store;
}

export { Project };

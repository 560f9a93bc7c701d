import type { ActivityReader, ActivityWriter } from './activity.js';
import type { CountsReader, CountsWriter } from './counts.js';
import type { DirectoryReader, DirectoryWriter } from './directory.js';
import type { ImportsReader, ImportsWriter } from './imports.js';
import type { LinksReader, LinksWriter } from './links.js';
import type { Maintenance } from './maintenance.js';
import type { MilestonesReader, MilestonesWriter } from './milestones.js';
import type { ProjectsReader, ProjectsWriter } from './projects.js';
import type { ReferencesReader, ReferencesWriter } from './references.js';
import type { RepliesReader, RepliesWriter } from './replies.js';
import type { TicketAt, TicketsReader, TicketsWriter } from './tickets.js';
import type { TokensReader, TokensWriter } from './tokens.js';
import type { TransferReader, TransferWriter } from './transfer.js';
import type { UpkeepReader, UpkeepWriter } from './upkeep.js';
import type { WebhooksReader, WebhooksWriter } from './webhooks.js';

/**
 * The storage contract, one part per concept (each in its own file beside this one, with its record
 * types), implemented by every backend with one file per part of the same name (sqlite/tickets.ts,
 * postgres/tickets.ts, …) and checked by one contract suite. Backends store and fetch; every rule
 * lives in core. Timestamps are epoch ms.
 *
 * Methods that name only a ticket (`tickets.update`, `links.of`, `activity.history`, …) work in the
 * project the transaction last named (by `projects.byKey`, or any method taking a project id): a
 * backend that keeps each project in its own schema (PostgreSQL's schema tenancy) looks there. Core
 * always loads the project first.
 */
export interface Store {
  /**
   * Runs `fn` in one write transaction: commits when it returns, rolls back when it throws.
   * On SQLite this is `BEGIN IMMEDIATE`, so a read-check-write inside `fn` is atomic across processes.
   * Never call `write` or `read` from inside `fn`.
   */
  write<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Runs `fn` against one consistent snapshot. */
  read<T>(fn: (tx: StoreReader) => Promise<T>): Promise<T>;
  /**
   * Optional fast path for the most frequent read: a project by key and one of its tickets, in one
   * statement that is its own snapshot (no explicit transaction). Undefined when no project has the
   * key; `ticket` undefined when the project has no such number. Core uses `read` when it is absent.
   */
  ticketAt?(projectKey: string, number: number): Promise<TicketAt | undefined>;
  readonly maintenance: Maintenance;
  /**
   * Optional: calls `listener` with a project's key soon after any process sharing this store commits
   * a change to it, so change feeds can poll at once instead of at their next tick. PostgreSQL has it
   * (LISTEN/NOTIFY); SQLite has no signal between processes and leaves it out. Returns the unsubscribe.
   */
  onChange?(listener: (project: string) => void): () => void;
  close(): Promise<void>;
}

/** What one read transaction sees: every part's reads, on one snapshot. */
export interface StoreReader {
  readonly projects: ProjectsReader;
  readonly tickets: TicketsReader;
  readonly counts: CountsReader;
  readonly links: LinksReader;
  readonly references: ReferencesReader;
  readonly activity: ActivityReader;
  readonly directory: DirectoryReader;
  readonly tokens: TokensReader;
  readonly replies: RepliesReader;
  readonly transfer: TransferReader;
  readonly upkeep: UpkeepReader;
  readonly milestones: MilestonesReader;
  readonly imports: ImportsReader;
  readonly webhooks: WebhooksReader;
}

/** What one write transaction may do: every part's reads and writes. */
export interface StoreTx extends StoreReader {
  readonly projects: ProjectsWriter;
  readonly tickets: TicketsWriter;
  readonly counts: CountsWriter;
  readonly links: LinksWriter;
  readonly references: ReferencesWriter;
  readonly activity: ActivityWriter;
  readonly directory: DirectoryWriter;
  readonly tokens: TokensWriter;
  readonly replies: RepliesWriter;
  readonly transfer: TransferWriter;
  readonly upkeep: UpkeepWriter;
  readonly milestones: MilestonesWriter;
  readonly imports: ImportsWriter;
  readonly webhooks: WebhooksWriter;
}

/** The parts, by name: each is one file here and one file in every backend folder. */
export const STORE_PARTS = [
  'projects',
  'tickets',
  'counts',
  'links',
  'references',
  'activity',
  'directory',
  'tokens',
  'replies',
  'transfer',
  'upkeep',
  'milestones',
  'imports',
  'webhooks',
] as const satisfies readonly (keyof StoreTx)[];

export type * from './activity.js';
export type * from './blinkdesk-source.js';
export type * from './counts.js';
export type * from './directory.js';
export type * from './imports.js';
export type * from './links.js';
export type * from './maintenance.js';
export type * from './milestones.js';
export type * from './projects.js';
export type * from './references.js';
export type * from './replies.js';
export type * from './tickets.js';
export type * from './tokens.js';
export type * from './transfer.js';
export type * from './upkeep.js';
export type * from './webhooks.js';
export { toLinkRecord } from './links.js';
export { PATCH_COLUMNS, RANK_WINDOW } from './tickets.js';

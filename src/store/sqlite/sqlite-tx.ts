import type { StoreTx } from '../store.js';
import { SqliteActivity } from './activity.js';
import { SqliteCounts } from './counts.js';
import { SqliteDirectory } from './directory.js';
import { SqliteImports } from './imports.js';
import { SqliteLinks } from './links.js';
import { SqliteMilestones } from './milestones.js';
import { SqliteProjects } from './projects.js';
import { SqliteReferences } from './references.js';
import { SqliteReplies } from './replies.js';
import type { Statements } from './statements.js';
import { SqliteTickets } from './tickets.js';
import { SqliteTokens } from './tokens.js';
import { SqliteTransfer } from './transfer.js';
import { SqliteUpkeep } from './upkeep.js';
import { SqliteWebhooks } from './webhooks.js';

/**
 * The store's parts on SQLite. The store has one connection and runs one transaction at a time on
 * it, so the parts are made once, on opening, and every transaction gets the same ones; they share
 * the connection's cache of prepared statements.
 */
export class SqliteTx implements StoreTx {
  readonly projects: SqliteProjects;
  readonly tickets: SqliteTickets;
  readonly counts: SqliteCounts;
  readonly links: SqliteLinks;
  readonly references: SqliteReferences;
  readonly activity: SqliteActivity;
  readonly directory: SqliteDirectory;
  readonly tokens: SqliteTokens;
  readonly replies: SqliteReplies;
  readonly transfer: SqliteTransfer;
  readonly upkeep: SqliteUpkeep;
  readonly milestones: SqliteMilestones;
  readonly imports: SqliteImports;
  readonly webhooks: SqliteWebhooks;

  constructor(s: Statements) {
    this.projects = new SqliteProjects(s);
    this.tickets = new SqliteTickets(s);
    this.counts = new SqliteCounts(s);
    this.links = new SqliteLinks(s);
    this.references = new SqliteReferences(s);
    this.activity = new SqliteActivity(s);
    this.directory = new SqliteDirectory(s);
    this.tokens = new SqliteTokens(s);
    this.replies = new SqliteReplies(s);
    this.transfer = new SqliteTransfer(s);
    this.upkeep = new SqliteUpkeep(s);
    this.milestones = new SqliteMilestones(s);
    this.imports = new SqliteImports(s);
    this.webhooks = new SqliteWebhooks(s);
  }
}

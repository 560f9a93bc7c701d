import type { StoreTx } from '../store.js';
import { PostgresActivity } from './activity.js';
import { PostgresCounts } from './counts.js';
import { PostgresDirectory } from './directory.js';
import { ProjectRowBusy, sqlState } from './errors.js';
import { PostgresImports } from './imports.js';
import { PostgresLinks } from './links.js';
import { PostgresMilestones } from './milestones.js';
import type { Changed } from './only/placer.js';
import { PostgresProjects } from './projects.js';
import { PostgresReferences } from './references.js';
import { PostgresReplies } from './replies.js';
import { ident, type Placement, type Statements, type TxContext } from './statements.js';
import { PostgresTickets } from './tickets.js';
import { PostgresTokens } from './tokens.js';
import { PostgresTransfer } from './transfer.js';
import { PostgresUpkeep } from './upkeep.js';
import { PostgresWebhooks } from './webhooks.js';

/**
 * One transaction's shared state. Project tables are named without a schema: `search_path` points at
 * the main schema, or at the project's own schema first when it has one, so one set of SQL serves
 * both tenancy modes (methods that name only a ticket use the project the transaction entered).
 */
export class TxState implements TxContext {
  /** The project schema on the search path (null: only the main schema). */
  private path: string | null = null;
  current: number | undefined;
  readonly exclusive = new Set<number>();
  readonly changed = new Set<number>();
  readonly created = new Map<number, number>();

  constructor(
    readonly s: Statements,
    readonly place: Placement,
    readonly writing: boolean,
    readonly lockFirst = false,
  ) {}

  async enter(projectId: number): Promise<void> {
    this.current = projectId;
    let known = this.place.projects.get(projectId);
    if (!known) {
      const row = await this.s.one<{ key: string; tenant: string | null }>(
        'SELECT key, tenant_schema AS tenant FROM projects WHERE id = $1',
        projectId,
      );
      if (!row) return;
      known = { key: row.key, tenant: row.tenant };
      this.place.projects.set(projectId, known);
    }
    if (known.tenant === this.path) return;
    const m = ident(this.place.main);
    await this.s.exec(`SET LOCAL search_path TO ${known.tenant ? `${ident(known.tenant)}, ${m}` : m}`);
    this.path = known.tenant;
  }

  schemaOf(projectId: number): string {
    return this.place.projects.get(projectId)?.tenant ?? this.place.main;
  }

  /**
   * Takes the project row exclusively before a check that spans many tickets (a value still in use,
   * a link cycle): every write holds the row shared, so this waits for them and holds off new ones.
   */
  async lockProject(projectId: number | undefined): Promise<void> {
    if (!this.writing || projectId === undefined || this.exclusive.has(projectId)) return;
    // Raising a shared lock waits for every other holder, and two writes raising theirs at once wait
    // for each other until PostgreSQL calls it a deadlock (a second or more each time): give way at
    // once instead, and run again with the row taken first. A run that already does so (its project
    // taken at the start, or here for a project it reached another way) waits its turn.
    const wait = this.lockFirst ? '' : ' NOWAIT';
    try {
      await this.s.run(`SELECT 1 FROM projects WHERE id = $1 FOR NO KEY UPDATE${wait}`, projectId);
    } catch (e) {
      throw sqlState(e) === '55P03' ? new ProjectRowBusy() : e;
    }
    this.exclusive.add(projectId);
  }

  async tenantSchemas(): Promise<string[]> {
    const rows = await this.s.all<{ name: string }>(
      'SELECT DISTINCT tenant_schema AS name FROM projects WHERE tenant_schema IS NOT NULL ORDER BY 1',
    );
    return [ident(this.place.main), ...rows.map((r) => ident(r.name))];
  }

  /** The projects this write changed, for the feed placer once it commits. */
  changedProjects(): Changed[] {
    return [...this.changed].map((id) => {
      const where = this.place.projects.get(id);
      return { id, schema: where?.tenant ?? this.place.main, key: where?.key };
    });
  }

  /**
   * What a write sends just before its COMMIT: the feed clock of each project it created and filled in
   * bulk, whose events took their positions as they went (nobody else can write to it yet).
   */
  beforeCommitSql(): string {
    let sql = '';
    for (const [id, handed] of this.created) {
      if (handed) {
        sql += `UPDATE ${ident(this.place.main)}.event_clock SET last_seq = ${Number(handed)} WHERE project_id = ${Number(id)}; `;
      }
    }
    return sql;
  }
}

/**
 * The PostgreSQL side of the store contract: one transaction PostgresStore opened, its parts sharing
 * one `TxState`. In a write, rows that core checks before it writes are locked; docs/postgres.md
 * explains which and why.
 */
export class PostgresTx implements StoreTx {
  readonly projects: PostgresProjects;
  readonly tickets: PostgresTickets;
  readonly counts: PostgresCounts;
  readonly links: PostgresLinks;
  readonly references: PostgresReferences;
  readonly activity: PostgresActivity;
  readonly directory: PostgresDirectory;
  readonly tokens: PostgresTokens;
  readonly replies: PostgresReplies;
  readonly transfer: PostgresTransfer;
  readonly upkeep: PostgresUpkeep;
  readonly milestones: PostgresMilestones;
  readonly imports: PostgresImports;
  readonly webhooks: PostgresWebhooks;
  private readonly state: TxState;

  constructor(s: Statements, place: Placement, writing: boolean, lockFirst = false) {
    const cx = new TxState(s, place, writing, lockFirst);
    this.state = cx;
    this.projects = new PostgresProjects(cx);
    this.tickets = new PostgresTickets(cx);
    this.counts = new PostgresCounts(cx);
    this.links = new PostgresLinks(cx);
    this.references = new PostgresReferences(cx);
    this.activity = new PostgresActivity(cx);
    this.directory = new PostgresDirectory(cx);
    this.tokens = new PostgresTokens(cx);
    this.replies = new PostgresReplies(cx);
    this.transfer = new PostgresTransfer(cx);
    this.upkeep = new PostgresUpkeep(cx);
    this.milestones = new PostgresMilestones(cx);
    this.imports = new PostgresImports(cx);
    this.webhooks = new PostgresWebhooks(cx);
  }

  /** See `TxState.changedProjects`. */
  changedProjects(): Changed[] {
    return this.state.changedProjects();
  }

  /** See `TxState.beforeCommitSql`. */
  beforeCommitSql(): string {
    return this.state.beforeCommitSql();
  }
}

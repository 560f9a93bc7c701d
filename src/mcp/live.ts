import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import type { Docket } from '../core/docket.js';
import type { ChangeFeed } from '../core/feed.js';
import { ticketsTouched } from '../core/recent.js';
import type { ChangeEvent } from '../domain/events.js';
import { ProtocolError } from './errors.js';
import { boardUri, readyUri, ticketUri } from './uri.js';

/** Most URIs one session may follow: what a client attaches, not a mirror of the store. */
export const MAX_SUBSCRIPTIONS = 1000;

/** Changes that alter every ticket's text or the project's columns (renames, schema edits). */
const PROJECT_WIDE: ReadonlySet<string> = new Set(['project.changed', 'entity.changed', 'category.changed']);

/**
 * One MCP session's subscriptions: which resources it follows and whether it has listed resources.
 * It follows each project it cares about on the shared change feed, which sees changes committed by
 * any process on the store (other CLIs on the SQLite file, other servers on the PostgreSQL database),
 * and sends `notifications/resources/updated` for the subscribed URIs a change touched, and
 * `notifications/resources/list_changed` when tickets are created, closed or reopened in a project
 * the session has listed.
 */
export class Subscriptions {
  /** Canonical URI → the URIs the client subscribed with (`docket://web/42` and `docket://web/WEB-42` are one). */
  private readonly watched = new Map<string, { readonly project: string; readonly uris: Set<string> }>();
  private readonly canonicalOf = new Map<string, string>();
  private readonly listed = new Set<string>();
  private readonly follows = new Map<string, () => void>();
  private closed = false;

  constructor(
    private readonly server: Server,
    private readonly feed: ChangeFeed,
    private readonly docket: Docket,
    private readonly onUnexpected: (error: unknown) => void = () => {},
  ) {}

  /**
   * Follows `uri` (the client's spelling of `canonical`). `after` is the project's latest change id
   * read before answering the subscribe request: the feed catches up from it, so a change committed
   * just after the answer is not lost while the follow starts.
   */
  subscribe(project: string, canonical: string, uri: string, after: number | null = null): void {
    if (this.closed) return;
    if (!this.canonicalOf.has(uri) && this.canonicalOf.size >= MAX_SUBSCRIPTIONS) {
      const why = `a session follows at most ${MAX_SUBSCRIPTIONS} resources; unsubscribe from some first`;
      throw new ProtocolError(ErrorCode.InvalidParams, why);
    }
    const previous = this.canonicalOf.get(uri);
    if (previous && previous !== canonical) this.unsubscribe(uri);
    let entry = this.watched.get(canonical);
    if (!entry) {
      entry = { project, uris: new Set() };
      this.watched.set(canonical, entry);
    }
    entry.uris.add(uri);
    this.canonicalOf.set(uri, canonical);
    this.follow(project, after);
  }

  /** Forgets a URI as the client spelled it; unknown URIs are fine (unsubscribing twice is no error). */
  unsubscribe(uri: string): void {
    const canonical = this.canonicalOf.get(uri);
    if (canonical === undefined) return;
    this.canonicalOf.delete(uri);
    const entry = this.watched.get(canonical);
    if (!entry) return;
    entry.uris.delete(uri);
    if (!entry.uris.size) this.watched.delete(canonical);
    this.unfollowIfIdle(entry.project);
  }

  /** The session has seen these projects' lists: tell it when their sets of open tickets change. */
  listedProjects(projects: readonly string[]): void {
    if (this.closed) return;
    for (const p of projects) {
      this.listed.add(p);
      this.follow(p, null);
    }
  }

  /** How many URIs the session follows (tests, limits). */
  get size(): number {
    return this.canonicalOf.size;
  }

  close(): void {
    this.closed = true;
    for (const stop of this.follows.values()) stop();
    this.follows.clear();
    this.watched.clear();
    this.canonicalOf.clear();
    this.listed.clear();
  }

  private follow(project: string, after: number | null): void {
    if (this.follows.has(project)) return;
    const stop = this.feed.subscribe(
      project,
      after,
      (events) => {
        this.changed(project, events).catch((e) => this.onUnexpected(e));
      },
      () => this.follows.delete(project),
    );
    this.follows.set(project, stop);
  }

  private unfollowIfIdle(project: string): void {
    if (this.listed.has(project)) return;
    for (const entry of this.watched.values()) if (entry.project === project) return;
    this.follows.get(project)?.();
    this.follows.delete(project);
  }

  private async changed(project: string, events: readonly ChangeEvent[]): Promise<void> {
    if (this.closed) return;
    const touched = new Set<string>();
    let everyTicket = false;
    let board = false;
    let ready = false;
    let created = false;
    const moves: { old: string | null; new: string | null }[] = [];
    for (const e of events) {
      if (PROJECT_WIDE.has(e.kind)) {
        everyTicket = board = ready = true;
        if (e.kind === 'project.changed') created = true;
        continue;
      }
      if (!e.kind.startsWith('ticket.')) continue;
      ready = true;
      for (const id of ticketsTouched(e)) touched.add(ticketUri(project, id));
      if (e.kind === 'ticket.created') board = created = true;
      for (const c of e.changes) {
        if (c.field === 'type') board = true;
        if (c.field === 'status') {
          board = true;
          moves.push(c);
        }
      }
    }
    const updated: string[] = [];
    for (const [canonical, entry] of this.watched) {
      if (entry.project !== project) continue;
      const hit =
        canonical === boardUri(project)
          ? board
          : canonical === readyUri(project)
            ? ready
            : everyTicket || touched.has(canonical);
      if (hit) updated.push(...entry.uris);
    }
    for (const uri of updated) await this.server.sendResourceUpdated({ uri }).catch(() => {});
    if (this.listed.has(project) && (created || (moves.length && (await this.opensOrCloses(project, moves))))) {
      await this.server.sendResourceListChanged().catch(() => {});
    }
  }

  /** Whether a move crossed between open and closed in some ticket type (the listed set changed). */
  private async opensOrCloses(project: string, moves: readonly { old: string | null; new: string | null }[]) {
    const schema = await this.docket.project(project).schema();
    const terminal = new Set(schema.types.flatMap((w) => w.terminal));
    return moves.some((m) => terminal.has(m.old ?? '') !== terminal.has(m.new ?? ''));
  }
}

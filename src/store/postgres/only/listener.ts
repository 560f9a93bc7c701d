// PostgreSQL only: LISTEN/NOTIFY tells every process sharing the database of each commit
// (`Store.onChange`); SQLite has no signal between processes, so it has no twin.

import type { PgClient } from '../driver.js';
import { ident } from '../statements.js';

/**
 * The channel Docket instances notify after a committed change, the payload being the project key:
 * `docket_changes` for the default schema, `docket_changes_<schema>` for another, so stores in
 * different schemas of one database do not wake each other.
 */
export const channelFor = (schema: string) => (schema === 'docket' ? 'docket_changes' : `docket_changes_${schema}`);

type Listener = (project: string) => void;

/**
 * One dedicated connection that LISTENs for changes made by any instance, opened on the first
 * subscriber and closed with the last. A dropped connection is reopened with backoff; notifications
 * missed meanwhile are not replayed, which is fine because feeds also poll.
 */
export class ChangeListener {
  private readonly listeners = new Set<Listener>();
  private client: PgClient | null = null;
  private connecting: Promise<void> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private closed = false;

  constructor(
    private readonly connect: () => PgClient,
    private readonly channel: string,
  ) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (!this.client && !this.connecting && !this.retryTimer) this.open();
    return () => {
      this.listeners.delete(listener);
      if (!this.listeners.size) void this.shut();
    };
  }

  /** Resolves once the LISTEN is in place (or has failed once); tests wait on it. */
  ready(): Promise<void> {
    return this.connecting ?? Promise.resolve();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    await this.shut();
  }

  private open(): void {
    if (this.closed) return;
    const client = this.connect();
    const lost = () => {
      if (this.client !== client) return;
      this.client = null;
      client.end().catch(() => {});
      this.retry();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (n) => {
      if (n.channel !== this.channel || !n.payload) return;
      for (const l of this.listeners) l(n.payload);
    });
    this.connecting = (async () => {
      try {
        await client.connect();
        await client.query(`LISTEN ${ident(this.channel)}`);
        this.failures = 0;
        if (!this.listeners.size || this.closed) await client.end().catch(() => {});
        else this.client = client;
      } catch {
        client.end().catch(() => {});
        this.retry();
      } finally {
        this.connecting = null;
      }
    })();
  }

  private retry(): void {
    if (this.closed || !this.listeners.size || this.retryTimer) return;
    const delay = Math.min(30_000, 250 * 2 ** this.failures++);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.listeners.size) this.open();
    }, delay);
    this.retryTimer.unref?.();
  }

  private async shut(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.connecting) await this.connecting;
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => {});
  }
}

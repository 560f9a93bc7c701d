import type { ChangeEvent } from '../domain/events.js';
import type { Docket } from './docket.js';

type Listener = (events: readonly ChangeEvent[]) => void;

interface Channel {
  cursor: number;
  readonly listeners: Set<Listener>;
  timer: ReturnType<typeof setTimeout> | null;
  polling: boolean;
  /** A wake arrived during a poll: poll once more when it ends, or that change waits a whole interval. */
  again: boolean;
}

/**
 * Follows each project's change log and fans it out to subscribers (live streams, `watch`,
 * MCP sessions). One poll per project however many subscribers; changes written by any process
 * (or server instance) sharing the store arrive within one interval, `wake()` makes it sooner.
 */
export class ChangeFeed {
  private readonly channels = new Map<string, Channel>();
  private closed = false;
  private readonly wakers = new Set<() => void>();
  /** Stops the store's change notifications (a backend that has them wakes the feed at once). */
  private unlisten: (() => void) | undefined;

  constructor(
    private readonly docket: Docket,
    private readonly intervalMs = 200,
  ) {}

  /**
   * Calls `listener` with every change after `afterId` (0: only new ones from now on; use the last
   * id a client saw to resume). Returns the function that unsubscribes.
   */
  subscribe(project: string, afterId: number | null, listener: Listener, onError?: (e: unknown) => void): () => void {
    const key = project.toLowerCase();
    if (!this.closed) this.unlisten ??= this.docket.onChange((changed) => this.wake(changed));
    let channel = this.channels.get(key);
    const start = async () => {
      if (!channel) {
        const latest = await this.docket.project(key).lastChangeId();
        channel = this.channels.get(key);
        if (!channel) {
          channel = { cursor: latest, listeners: new Set(), timer: null, polling: false, again: false };
          this.channels.set(key, channel);
        }
      }
      if (afterId !== null) {
        // Catch this subscriber up on its own before it joins the shared stream. The loop runs until
        // it reaches the channel's cursor as it stands after the last read: a poll that advanced the
        // cursor during a read would otherwise leave a gap between the catch-up and the stream.
        let cursor = afterId;
        while (cursor < channel.cursor) {
          const events = await this.docket.project(key).changes(cursor, 500);
          const limit = channel.cursor;
          const upto = events.filter((e) => e.id <= limit);
          if (!upto.length) break;
          listener(upto);
          cursor = upto[upto.length - 1]!.id;
        }
      }
      channel.listeners.add(listener);
      this.schedule(key, channel);
    };
    let active = true;
    start().catch((e) => onError?.(e));
    return () => {
      if (!active) return;
      active = false;
      const c = this.channels.get(key);
      c?.listeners.delete(listener);
      if (c && !c.listeners.size) {
        if (c.timer) clearTimeout(c.timer);
        this.channels.delete(key);
      }
    };
  }

  /** Also calls `listener` on every wake (the webhook worker looks for new events at once). */
  onWake(listener: () => void): () => void {
    this.wakers.add(listener);
    return () => this.wakers.delete(listener);
  }

  /** Polls every followed project now (after a local write, or a notification from another instance). */
  wake(project?: string): void {
    for (const w of this.wakers) w();
    for (const [key, channel] of this.channels) {
      if (project === undefined || key === project.toLowerCase()) void this.poll(key, channel);
    }
  }

  close(): void {
    this.closed = true;
    this.unlisten?.();
    for (const c of this.channels.values()) if (c.timer) clearTimeout(c.timer);
    this.channels.clear();
  }

  private schedule(key: string, channel: Channel): void {
    if (this.closed || channel.timer) return;
    channel.timer = setTimeout(() => {
      channel.timer = null;
      void this.poll(key, channel).finally(() => {
        if (this.channels.get(key) === channel) this.schedule(key, channel);
      });
    }, this.intervalMs);
    channel.timer.unref?.();
  }

  private async poll(key: string, channel: Channel): Promise<void> {
    if (channel.polling) {
      channel.again = true;
      return;
    }
    channel.polling = true;
    try {
      for (;;) {
        const events = await this.docket.project(key).changes(channel.cursor, 500);
        if (!events.length) break;
        channel.cursor = events[events.length - 1]!.id;
        for (const listener of channel.listeners) listener(events);
        if (events.length < 500) break;
      }
    } catch {
      // A transient store error (busy, closed during shutdown): the next tick tries again.
    } finally {
      channel.polling = false;
    }
    if (channel.again && this.channels.get(key) === channel) {
      channel.again = false;
      await this.poll(key, channel);
    }
  }
}

import type { ChangeEvent } from './types.js';

export type LiveState = 'connecting' | 'live' | 'offline';

export interface LiveOptions {
  readonly url: string;
  readonly headers: () => Record<string, string>;
  readonly onEvent: (event: ChangeEvent) => void;
  readonly onState: (state: LiveState, detail?: string) => void;
  /** The stream is open; `resumed` when the server was asked to replay from the last event seen. */
  readonly onOpen: (resumed: boolean) => void;
}

/** No byte for this long (the server pings every 15 s) means the connection is dead. */
const SILENCE_MS = 40_000;
const MAX_RETRY_MS = 5_000;

/**
 * The project's server-sent events, read with `fetch` rather than EventSource so the request can
 * carry the API token. It reconnects by itself with a growing delay and resumes with
 * Last-Event-ID, so no change is missed while the connection was down.
 */
export class LiveStream {
  private lastId: string | null = null;
  private controller: AbortController | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private retryMs = 1000;
  private baseRetryMs = 1000;
  private stopped = false;
  private state: LiveState = 'connecting';
  private readonly kick = () => {
    if (this.state === 'offline') this.reconnectNow();
  };

  constructor(private readonly options: LiveOptions) {}

  start(): void {
    addEventListener('online', this.kick);
    document.addEventListener('visibilitychange', this.kick);
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    removeEventListener('online', this.kick);
    document.removeEventListener('visibilitychange', this.kick);
    if (this.timer) clearTimeout(this.timer);
    this.controller?.abort();
  }

  private setState(state: LiveState, detail?: string): void {
    this.state = state;
    this.options.onState(state, detail);
  }

  private reconnectNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.setState('connecting');
    let silence: ReturnType<typeof setTimeout> | undefined;
    const quiet = () => {
      clearTimeout(silence);
      silence = setTimeout(() => controller.abort(), SILENCE_MS);
    };
    let problem: string | undefined;
    try {
      const resumeFrom = this.lastId;
      const res = await fetch(this.options.url, {
        headers: {
          ...this.options.headers(),
          accept: 'text/event-stream',
          ...(resumeFrom !== null ? { 'last-event-id': resumeFrom } : {}),
        },
        cache: 'no-store',
        signal: controller.signal,
      });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => ({}))) as { detail?: string };
        problem = body.detail ?? `the event stream answered ${res.status}`;
        throw new Error(problem);
      }
      this.retryMs = this.baseRetryMs;
      this.setState('live');
      this.options.onOpen(resumeFrom !== null);
      quiet();
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        quiet();
        buffer += value.replace(/\r\n?/g, '\n');
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          this.dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // Whatever ended the stream (server gone, network, silence), the answer is the same: retry.
    } finally {
      clearTimeout(silence);
    }
    if (this.stopped || controller !== this.controller) return;
    this.setState('offline', problem);
    const delay = this.retryMs * (0.8 + Math.random() * 0.4);
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    this.timer = setTimeout(() => this.reconnectNow(), delay);
  }

  private dispatch(frame: string): void {
    let id: string | null = null;
    const data: string[] = [];
    for (const line of frame.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'data') data.push(value);
      else if (field === 'retry' && /^\d+$/.test(value)) {
        this.baseRetryMs = Math.min(Number(value), MAX_RETRY_MS);
        this.retryMs = this.baseRetryMs;
      }
    }
    if (id !== null) this.lastId = id;
    if (!data.length) return;
    try {
      this.options.onEvent(JSON.parse(data.join('\n')) as ChangeEvent);
    } catch {
      // A frame that is not a change event is not ours to act on.
    }
  }
}

import { randomUUID } from 'node:crypto';
import type { ProjectSchema } from '../domain/project-schema.js';
import type {
  DeliveryChange,
  DeliveryOutcome,
  DeliveryRecord,
  EventRecord,
  Store,
  StoreReader,
  StoreTx,
  WebhookRecord,
} from '../store/store.js';
import { iso } from '../domain/ticket.js';
import { type Loaded, SchemaCache, toTicket } from './context.js';
import { type WebhookPayload, webhookRequest } from './webhook-payload.js';
import { type PostResult, post } from './webhook-send.js';

export interface WebhookWorkerOptions {
  /** Subscriptions sent to at once (each sends its own deliveries one at a time, in order). Default 4. */
  readonly concurrency?: number;
  /** How often to look for new events and due retries, in ms. Default 200. */
  readonly pollMs?: number;
  /** A request with no answer after this long failed and is retried. Default 10 000. */
  readonly timeoutMs?: number;
  /** The first retry's delay (doubling each time, with jitter), in ms. Default 10 000. */
  readonly backoffMs?: number;
  /** The longest delay between two tries, in ms. Default one hour. */
  readonly maxBackoffMs?: number;
  /** How long a delivery is retried before its subscription is paused, in ms. Default one day. */
  readonly retryForMs?: number;
  /** Days finished deliveries stay in the log. Default 30. */
  readonly keepDays?: number;
  /** Called with unexpected errors (a store gone away); the worker carries on. */
  readonly onError?: (error: unknown) => void;
}

/** Deliveries one lease covers at most: sent in order, settled together. */
const RUN = 50;
const EVENTS_PER_PLAN = 200;

/**
 * Delivers webhooks: turns new events of each active subscription into deliveries (advancing its
 * cursor in the same transaction, so an event is never skipped), then leases due deliveries and
 * POSTs them, in order per subscription, retrying with backoff. Any number of workers may share a
 * store: leases make each attempt go out once. `docket serve` and `docket webhooks run` run one.
 */
export class WebhookWorker {
  private readonly o: Required<WebhookWorkerOptions>;
  private readonly cache = new SchemaCache();
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private readonly inflight = new Set<Promise<void>>();
  private readonly aborts = new Set<AbortController>();
  private unlisten: (() => void) | undefined;
  private lastPrune = 0;

  constructor(
    private readonly store: Store,
    private readonly clock: () => number = Date.now,
    options: WebhookWorkerOptions = {},
  ) {
    const timeoutMs = options.timeoutMs ?? 10_000;
    this.o = {
      concurrency: options.concurrency ?? 4,
      pollMs: options.pollMs ?? 200,
      timeoutMs,
      backoffMs: options.backoffMs ?? 10_000,
      maxBackoffMs: options.maxBackoffMs ?? 3_600_000,
      retryForMs: options.retryForMs ?? 86_400_000,
      keepDays: options.keepDays ?? 30,
      onError: options.onError ?? (() => {}),
    };
  }

  /** How long a lease lasts: one request's timeout and a margin, so a dead worker's run is retried soon. */
  private get leaseMs(): number {
    return this.o.timeoutMs * 2 + 5_000;
  }

  start(): this {
    if (this.running) return this;
    this.running = true;
    this.unlisten = this.store.onChange?.(() => this.wake());
    this.loop = this.run();
    return this;
  }

  /** Looks for work now instead of at the next poll. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Stops: requests in flight are cut off and their deliveries handed back, to be sent again later. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.unlisten?.();
    for (const a of this.aborts) a.abort();
    this.wake();
    await this.loop;
    await Promise.allSettled([...this.inflight]);
  }

  /** Plans and sends until nothing is due now; returns how many deliveries were attempted. */
  async drain(): Promise<number> {
    let attempted = 0;
    for (;;) {
      await this.plan();
      const run = await this.claim();
      if (!run) return attempted;
      attempted += await this.send(run.deliveries, run.token);
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.plan();
        while (this.running && this.inflight.size < this.o.concurrency) {
          const run = await this.claim();
          if (!run) break;
          const job: Promise<void> = this.send(run.deliveries, run.token)
            .then(() => undefined, this.o.onError)
            .finally(() => {
              this.inflight.delete(job);
              this.wake();
            });
          this.inflight.add(job);
        }
      } catch (e) {
        this.o.onError(e);
      }
      if (this.running) await this.sleep();
    }
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.o.pollMs);
      timer.unref?.();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }

  /** Turns each active subscription's new events into deliveries. */
  private async plan(): Promise<void> {
    const now = this.clock();
    const behind = await this.store.read(async (tx) => {
      const hooks = (await tx.webhooks.list()).filter((w) => w.active);
      const last = new Map<number, number>();
      for (const id of new Set(hooks.map((h) => h.projectId))) last.set(id, await tx.activity.lastEventId(id));
      return hooks.filter((h) => (last.get(h.projectId) ?? 0) > h.cursor).map((h) => h.id);
    });
    for (const id of behind) {
      while (await this.store.write((tx) => planOne(tx, id, now)));
    }
    if (now - this.lastPrune > 3_600_000) {
      this.lastPrune = now;
      await this.store.write((tx) => tx.webhooks.prune(now - this.o.keepDays * 86_400_000));
    }
  }

  private async claim(): Promise<{ deliveries: DeliveryRecord[]; token: string } | null> {
    const now = this.clock();
    const token = randomUUID();
    const deliveries = await this.store.write((tx) =>
      tx.webhooks.claim({ now, until: now + this.leaseMs, token }, RUN),
    );
    return deliveries.length ? { deliveries, token } : null;
  }

  /** Sends a leased run in order; stops at the first failure and hands the rest back. */
  private async send(run: readonly DeliveryRecord[], token: string): Promise<number> {
    const hookId = run[0]!.webhookId;
    const started = this.clock();
    const outcomes: DeliveryOutcome[] = [];
    let pause: string | null = null;
    let attempted = 0;
    const abort = new AbortController();
    this.aborts.add(abort);
    // Every delivery of the run read from one snapshot: each ticket as it is as the run starts.
    const jobs = await this.store.read(async (tx) => {
      const out = [];
      for (const d of run) out.push(await this.load(tx, d));
      return out;
    });
    try {
      for (const [i, d] of run.entries()) {
        // Keep within the lease: what cannot finish before it ends is handed back for the next run.
        if (!this.running && this.loop) break;
        if (this.clock() + this.o.timeoutMs + 2_000 > started + this.leaseMs) break;
        const job = jobs[i];
        if (!job) {
          const gone = 'the event or its subscription is gone';
          outcomes.push({ id: d.id, change: this.change(d, 'failed', null, gone) });
          continue;
        }
        const req = webhookRequest(job.payload, job.hook.format, job.hook.secret, this.clock());
        const r = await post(job.hook.url, req.headers, req.body, {
          timeoutMs: this.o.timeoutMs,
          allowPrivate: job.allowPrivate,
          signal: abort.signal,
        });
        if (abort.signal.aborted) break;
        attempted++;
        const verdict = this.judge(d, r);
        outcomes.push({ id: d.id, change: verdict.change });
        if (verdict.change.status !== 'delivered') {
          pause = verdict.pause;
          break;
        }
      }
    } finally {
      this.aborts.delete(abort);
    }
    const done = new Set(outcomes.map((o) => o.id));
    for (const d of run) if (!done.has(d.id)) outcomes.push({ id: d.id, change: unchanged(d) });
    await this.store.write(async (tx) => {
      const recorded = await tx.webhooks.settle(outcomes, token);
      if (pause && recorded) await tx.webhooks.update(hookId, { active: false, pausedReason: pause });
    });
    return attempted;
  }

  /** What an attempt's result means: delivered, tried again later, or failed (pausing the subscription). */
  private judge(d: DeliveryRecord, r: PostResult): { change: DeliveryChange; pause: string | null } {
    const attempts = d.attempts + 1;
    const error = r.error && (r.body ? `${r.error}: ${r.body.slice(0, 200)}` : r.error);
    if (r.status !== null && r.status >= 200 && r.status < 300) {
      return { change: this.change(d, 'delivered', r.status, null), pause: null };
    }
    const retryable = !r.refused && (r.status === null || r.status === 408 || r.status === 429 || r.status >= 500);
    if (retryable && !this.exhausted(attempts)) {
      const wait = r.retryAfterMs ?? this.backoff(attempts);
      return {
        change: { ...this.change(d, 'pending', r.status, error), nextAt: this.clock() + Math.min(wait, 6 * 3_600_000) },
        pause: null,
      };
    }
    const hint = `fix the receiver, then: docket webhook resume ${d.webhookId} (and docket webhook redeliver ${d.id})`;
    const pause = retryable
      ? `delivery ${d.id} failed ${attempts} times over ${Math.round(this.o.retryForMs / 3_600_000) || '<1'} h (${error}); ${hint}`
      : `delivery ${d.id} was refused (${error}); ${hint}`;
    return { change: this.change(d, 'failed', r.status, error), pause };
  }

  private change(d: DeliveryRecord, status: DeliveryChange['status'], code: number | null, error: string | null) {
    const at = this.clock();
    return { status, attempts: d.attempts + 1, nextAt: at, lastError: error, responseCode: code, lastAt: at };
  }

  /** The nominal delay before try `attempts + 1`: doubling from `backoffMs`, at most `maxBackoffMs`. */
  private nominal(attempts: number): number {
    return Math.min(this.o.backoffMs * 2 ** Math.min(attempts - 1, 40), this.o.maxBackoffMs);
  }

  /** Half the nominal delay plus a random half, so receivers coming back are not hit all at once. */
  private backoff(attempts: number): number {
    const n = this.nominal(attempts);
    return Math.round(n / 2 + Math.random() * (n / 2));
  }

  /** Whether the tries so far span the retry period (counted on the nominal schedule). */
  private exhausted(attempts: number): boolean {
    let total = 0;
    for (let k = 1; k <= attempts; k++) total += this.nominal(k);
    return total >= this.o.retryForMs;
  }

  /** What a delivery sends: its subscription, and the event with its ticket as REST shows it. */
  private async load(tx: StoreReader, d: DeliveryRecord) {
    const hook = await tx.webhooks.get(d.webhookId);
    const rec = hook && (await tx.projects.all()).find((p) => p.id === hook.projectId);
    if (!hook || !rec) return null;
    const schema: ProjectSchema = await this.cache.get(tx, rec);
    const p: Loaded = { rec, schema, prefix: schema.options.display_prefix };
    const [event] = await tx.activity.events(rec.id, { after: d.eventId - 1, limit: 1 });
    if (!event || event.id !== d.eventId) return null;
    return {
      hook,
      allowPrivate: schema.options.webhook_allow_private === true,
      payload: await payloadOf(tx, p, d, event),
    };
  }
}

/** One planning step for a subscription: the next events after its cursor; whether there may be more. */
async function planOne(tx: StoreTx, id: number, now: number): Promise<boolean> {
  const w = await tx.webhooks.take(id);
  if (!w) return false;
  // Not placed yet (imported): read the whole feed once, keeping only what happened since the import.
  const since = w.cursor < 0 ? -w.cursor : null;
  const page = since === null ? { after: w.cursor, limit: EVENTS_PER_PLAN } : { after: 0 };
  const events = await tx.activity.events(w.projectId, page);
  if (!events.length) return false;
  const wanted: EventRecord[] = [];
  for (const e of events) if ((since === null || e.at >= since) && (await wants(tx, w, e))) wanted.push(e);
  await tx.webhooks.enqueue(
    wanted.map((e) => ({ uid: randomUUID(), webhookId: w.id, eventId: e.id, kind: e.kind, createdAt: now })),
  );
  await tx.webhooks.update(w.id, { cursor: events[events.length - 1]!.id });
  return events.length === EVENTS_PER_PLAN;
}

/** Whether a subscription wants an event: its kind, and the ticket's type and label as they are now. */
async function wants(tx: StoreReader, w: WebhookRecord, e: EventRecord): Promise<boolean> {
  if (w.kinds.length && !w.kinds.includes(e.kind)) return false;
  if (!w.filterType && !w.filterLabel) return true;
  if (e.ticketNumber === null) return false;
  const t = await tx.tickets.get(w.projectId, e.ticketNumber);
  if (!t) return false;
  return (!w.filterType || t.type === w.filterType) && (!w.filterLabel || t.labels.includes(w.filterLabel));
}

async function payloadOf(tx: StoreReader, p: Loaded, d: DeliveryRecord, e: EventRecord): Promise<WebhookPayload> {
  const rows = await tx.activity.historyOfEvents(p.rec.id, [e.id]);
  const t = e.ticketNumber === null ? undefined : await tx.tickets.get(p.rec.id, e.ticketNumber);
  return {
    id: d.uid,
    event: e.kind,
    project: p.rec.key,
    eventId: e.id,
    actor: e.actor,
    at: iso(e.at)!,
    ticket: t ? toTicket(p, t) : null,
    changes: rows
      .filter((r) => r.eventId === e.id && r.ticketId === e.ticketId)
      .map((r) => ({ field: r.field, old: r.old, new: r.new })),
  };
}

/** A leased delivery handed back as it was. */
const unchanged = (d: DeliveryRecord): DeliveryChange => ({
  status: d.status,
  attempts: d.attempts,
  nextAt: d.nextAt,
  lastError: d.lastError,
  responseCode: d.responseCode,
  lastAt: d.lastAt,
});

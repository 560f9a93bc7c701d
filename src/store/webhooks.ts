/**
 * Webhook subscriptions and their delivery log. A subscription's `cursor` is the last event of its
 * project's change feed (the outbox) turned into deliveries; deliveries are sent oldest first, one at a
 * time per subscription, each under a lease so that many processes sharing the store send it once.
 */

export type WebhookFormat = 'json' | 'slack';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookRecord {
  readonly id: number;
  readonly projectId: number;
  readonly url: string;
  /** Event kinds wanted (empty: every kind). */
  readonly kinds: readonly string[];
  /** Only tickets of this type / with this label (null: any). */
  readonly filterType: string | null;
  readonly filterLabel: string | null;
  readonly secret: string;
  readonly format: WebhookFormat;
  readonly active: boolean;
  /** Why the subscription is paused (null when active, or paused by hand without a reason). */
  readonly pausedReason: string | null;
  /**
   * The feed position of the last event turned into deliveries. Negative (-T) for a subscription
   * imported with its project and not placed yet: it starts with the first event at or after time T.
   */
  readonly cursor: number;
  readonly createdAt: number;
}

export type NewWebhook = Omit<WebhookRecord, 'id'>;

/** What `update` may change on a subscription. */
export interface WebhookChange {
  readonly active?: boolean;
  readonly pausedReason?: string | null;
  readonly cursor?: number;
}

export interface DeliveryRecord {
  readonly id: number;
  /** The id receivers see (`Docket-Delivery`), the same on every attempt. */
  readonly uid: string;
  readonly webhookId: number;
  readonly eventId: number;
  readonly kind: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  /** When the next attempt is due (pending deliveries). */
  readonly nextAt: number;
  readonly lastError: string | null;
  readonly responseCode: number | null;
  /** When the last attempt ended (null: never tried). */
  readonly lastAt: number | null;
  readonly createdAt: number;
}

export type NewDelivery = Pick<DeliveryRecord, 'uid' | 'webhookId' | 'eventId' | 'kind' | 'createdAt'>;

/** What an attempt (or a manual redelivery) leaves on a delivery; the lease is dropped with it. */
export interface DeliveryChange {
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly nextAt: number;
  readonly lastError: string | null;
  readonly responseCode: number | null;
  readonly lastAt: number | null;
}

export interface DeliveryOutcome {
  readonly id: number;
  readonly change: DeliveryChange;
}

/** A lease on the next due delivery: who holds it (a random token) and until when. */
export interface DeliveryLease {
  readonly now: number;
  readonly until: number;
  readonly token: string;
}

export interface WebhooksReader {
  /** One project's subscriptions, or every project's (absent), by id. */
  list(projectId?: number): Promise<WebhookRecord[]>;
  get(id: number): Promise<WebhookRecord | undefined>;
  /** A subscription's deliveries, newest first, before the delivery id `before` (absent: from the newest). */
  deliveries(webhookId: number, limit: number, before?: number): Promise<DeliveryRecord[]>;
  delivery(id: number): Promise<DeliveryRecord | undefined>;
}

export interface WebhooksWriter extends WebhooksReader {
  insert(webhook: NewWebhook): Promise<number>;
  /** Whether the subscription exists. */
  update(id: number, change: WebhookChange): Promise<boolean>;
  /** Deletes a subscription with its delivery log; whether it existed. */
  remove(id: number): Promise<boolean>;
  /**
   * The subscription, locked for this transaction so one process at a time turns its events into
   * deliveries; undefined when it is gone, paused, or another process holds it (PostgreSQL skips it).
   */
  take(id: number): Promise<WebhookRecord | undefined>;
  /** Adds deliveries (pending, due at their `createdAt`); one per subscription and event, repeats ignored. */
  enqueue(deliveries: readonly NewDelivery[]): Promise<void>;
  /**
   * Leases the oldest due delivery of an active subscription whose older deliveries are all done and
   * which nobody else holds (PostgreSQL: FOR UPDATE SKIP LOCKED), with up to `limit - 1` pending
   * deliveries after it of the same subscription, oldest first: one process sends them, in order.
   */
  claim(lease: DeliveryLease, limit: number): Promise<DeliveryRecord[]>;
  /**
   * Records attempts' outcomes and drops their leases, only for deliveries `token` still holds (null:
   * any); returns how many it recorded.
   */
  settle(outcomes: readonly DeliveryOutcome[], token: string | null): Promise<number>;
  /** Deletes finished deliveries that ended before `before`; returns how many. */
  prune(before: number): Promise<number>;
}

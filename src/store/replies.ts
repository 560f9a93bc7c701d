/**
 * What makes a retried request safe: the keys of idempotent creates (a ticket per key and project),
 * and the stored responses of idempotent HTTP requests (`Idempotency-Key`), shared by every process.
 */

/** A stored response to an idempotent request; `reply` is null while the first request is running. */
export interface ReplyRecord {
  readonly key: string;
  readonly fingerprint: string;
  readonly reply: string | null;
  readonly createdAt: number;
}

/** The ticket a create with an idempotency key made. */
export interface CreatedByKey {
  readonly projectId: number;
  readonly key: string;
  /** A hash of the request, so a different request with the same key is refused. */
  readonly requestHash: string;
  readonly ticketId: number;
  readonly at: number;
}

/** An idempotency key as exported, its ticket by number. */
export interface IdempotencyRow {
  readonly key: string;
  readonly requestHash: string;
  readonly ticketNumber: number;
  readonly createdAt: number;
}

export interface RepliesReader {
  /** The stored response of an idempotent request. */
  get(key: string): Promise<ReplyRecord | undefined>;
  /** What a create with this key made in the project. */
  created(projectId: number, key: string): Promise<{ requestHash: string; ticketId: number } | undefined>;
  /** A project's idempotency keys in key order after `afterKey` (export). */
  createdPage(projectId: number, afterKey: string, limit: number): Promise<IdempotencyRow[]>;
}

export interface RepliesWriter extends RepliesReader {
  /** Reserves (`reply` null) or completes a stored response. */
  put(reply: ReplyRecord): Promise<void>;
  delete(key: string): Promise<void>;
  /** Forgets stored responses older than `before`; returns how many. */
  prune(before: number): Promise<number>;
  putCreated(created: CreatedByKey): Promise<void>;
}

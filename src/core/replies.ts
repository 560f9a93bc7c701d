import { DocketError, invalid } from '../domain/errors.js';
import type { Store } from '../store/store.js';

/**
 * Idempotent requests for the network faces: the first response to a key is stored and replayed to
 * every retry, whichever process or server instance gets the retry, until it expires.
 */

/** How long a stored response is replayed. */
export const REPLY_TTL_MS = 24 * 3_600_000;
/** A reservation older than this belongs to a request that died; a retry may take it over. */
export const PENDING_TTL_MS = 60_000;

const KEY = /^[\x21-\x7e]{1,255}$/;

function checkKey(key: string): void {
  if (!KEY.test(key)) {
    throw invalid('Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is a good choice)', {
      field: 'Idempotency-Key',
    });
  }
}

/**
 * Reserves `key` for a request with this fingerprint. Returns the stored response of the first
 * request when there is one, or null when the caller should run the request and then call
 * `finishReply` (or `abandonReply` if it failed unexpectedly).
 */
export async function startReply(store: Store, key: string, fingerprint: string, now: number): Promise<string | null> {
  checkKey(key);
  return store.write(async (tx) => {
    await tx.replies.prune(now - REPLY_TTL_MS);
    const found = await tx.replies.get(key);
    if (found) {
      if (found.fingerprint !== fingerprint) {
        throw new DocketError(
          'conflict',
          'this Idempotency-Key was used for a different request; send a new key for a new request',
          { field: 'Idempotency-Key' },
        );
      }
      if (found.reply !== null) return found.reply;
      if (now - found.createdAt < PENDING_TTL_MS) {
        throw new DocketError(
          'conflict',
          'a request with this Idempotency-Key is still running; retry in a moment to get its response',
          { field: 'Idempotency-Key', retryAfterSeconds: 1 },
        );
      }
    }
    await tx.replies.put({ key, fingerprint, reply: null, createdAt: now });
    return null;
  });
}

/** Stores the response that retries of `key` will get. */
export function finishReply(store: Store, key: string, reply: string): Promise<void> {
  return store.write(async (tx) => {
    const found = await tx.replies.get(key);
    if (found) await tx.replies.put({ ...found, reply });
  });
}

/** Releases a reservation whose request failed without a response worth replaying. */
export function abandonReply(store: Store, key: string): Promise<void> {
  return store.write(async (tx) => {
    const found = await tx.replies.get(key);
    if (found && found.reply === null) await tx.replies.delete(key);
  });
}

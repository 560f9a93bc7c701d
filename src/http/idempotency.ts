import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, onSendAsyncHookHandler, preHandlerAsyncHookHandler } from 'fastify';
import type { Docket } from '../core/docket.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The stored-response key this request reserved (an `Idempotency-Key` POST), if any. */
    idempotencyKey: string | null;
  }
}

interface StoredReply {
  readonly status: number;
  readonly type: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Headers a replay repeats besides the body. */
const KEPT = ['etag', 'location'] as const;

const callerKey = (request: FastifyRequest) =>
  request.caller.kind === 'token' ? `token:${request.caller.token.id}` : 'local';

/** The key the library's own create-idempotency uses: one per caller and header value. */
export function ticketIdempotencyKey(request: FastifyRequest, header: string): string {
  return createHash('sha256')
    .update(`${callerKey(request)}\n${header}`)
    .digest('base64url');
}

/**
 * `Idempotency-Key` on POST: the first response (status, body, ETag, Location) is kept in the store
 * and replayed to every retry with the same key and request, from any process sharing the store.
 * The same key with another request is refused (409), as is a retry while the first still runs.
 * Returns the hooks `buildApp` attaches to POST routes.
 */
export function installIdempotency(
  app: FastifyInstance,
  docket: Docket,
): {
  readonly preHandler: preHandlerAsyncHookHandler;
  readonly onSend: onSendAsyncHookHandler;
} {
  app.decorateRequest('idempotencyKey', null);
  app.addHook('onRequestAbort', async (request) => {
    if (request.idempotencyKey !== null) await docket.abandonIdempotent(request.idempotencyKey).catch(() => {});
  });

  const preHandler: preHandlerAsyncHookHandler = async (request, reply) => {
    const header = request.headers['idempotency-key'];
    if (typeof header !== 'string') return;
    const key = `http:${callerKey(request)}:${header}`;
    const fingerprint = createHash('sha256')
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest('base64url');
    const stored = await docket.startIdempotent(key, fingerprint);
    if (stored === null) {
      request.idempotencyKey = key;
      return;
    }
    const first = JSON.parse(stored) as StoredReply;
    return reply
      .code(first.status)
      .headers(first.headers)
      .header('idempotent-replayed', 'true')
      .type(first.type)
      .send(first.body);
  };

  const onSend: onSendAsyncHookHandler<unknown> = async (request, reply, payload) => {
    const key = request.idempotencyKey;
    if (key === null) return payload;
    request.idempotencyKey = null;
    try {
      // A server fault or a rate limit is not the request's answer: let a retry run it again.
      if (reply.statusCode >= 500 || reply.statusCode === 429 || typeof payload !== 'string') {
        await docket.abandonIdempotent(key);
      } else {
        const headers: Record<string, string> = {};
        for (const h of KEPT) {
          const v = reply.getHeader(h);
          if (typeof v === 'string') headers[h] = v;
        }
        const type = String(reply.getHeader('content-type') ?? 'application/json');
        const stored: StoredReply = { status: reply.statusCode, type, headers, body: payload };
        await docket.finishIdempotent(key, JSON.stringify(stored));
      }
    } catch (e) {
      request.log.warn({ err: e }, 'could not store the idempotent response');
    }
    return payload;
  };
  return { preHandler, onSend };
}

import type { IncomingMessage } from 'node:http';
import type {
  FastifyContextConfig,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onResponseAsyncHookHandler,
  preHandlerAsyncHookHandler,
  onSendAsyncHookHandler,
} from 'fastify';
import type { z } from 'zod';
import type { ChangeFeed } from '../core/feed.js';
import { invalid } from '../domain/errors.js';
import { sendProblem } from './problem.js';
import { adminRoutes } from './routes/admin.js';
import { importRoutes } from './routes/imports.js';
import { blockedRoutes } from './routes/blocked.js';
import { milestoneRoutes } from './routes/milestones.js';
import type { Deps } from './routes/deps.js';
import { eventRoutes } from './routes/events.js';
import { linkRoutes } from './routes/links.js';
import { projectRoutes } from './routes/projects.js';
import { schemaRoutes } from './routes/schema.js';
import { ticketRoutes } from './routes/ticket.js';
import { ticketsRoutes } from './routes/tickets.js';
import { webhookRoutes } from './routes/webhooks.js';

/**
 * What `docket serve` and the embedding plugin share: Docket's compilers and error answer, the
 * hooks each route gets, and the API's routes. Each caller adds its own access rules around it.
 */

/** Keys a strict schema refuses, with what to use instead. */
const HINTS: Readonly<Record<string, string>> = {
  offset: 'offset is not supported: lists use cursors; pass after=<next> from the previous page',
  status: 'status is changed by POST …/move (or …/close, …/reopen), not by an update',
  idempotencyKey: 'send the Idempotency-Key header instead',
};

/** Zod issues as one `validation` error naming each field, in the library's wording. */
export function validationError(error: z.ZodError, part: string) {
  const issues = error.issues.slice(0, 5).map((i) => {
    if (i.code === 'unrecognized_keys') {
      const hinted = i.keys.map((k) => HINTS[k]).filter(Boolean);
      if (hinted.length) return hinted.join('; ');
      return `${part}: unknown ${i.keys.length > 1 ? 'fields' : 'field'} ${i.keys.join(', ')}`;
    }
    const path = i.path.length ? i.path.join('.') : part;
    return `${path}: ${i.message}`;
  });
  return invalid(issues.join('; '), {
    in: part,
    issues: error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
  });
}

/** How much of a refused, too-large body is read and dropped before the 413 goes out, as a multiple of the limit. */
export const DISCARD_FACTOR = 16;

/**
 * Validation through the routes' zod schemas, plain JSON out, and problem+json for every error.
 * Bodies: an empty one sent as application/json is no body, and one over the limit is answered
 * with a 413 the client can read.
 */
export function useDocketCompilers(app: FastifyInstance): void {
  acceptEmptyJson(app);
  // Fastify refuses a body over the limit before reading it, then closes the connection: with the
  // rest still unread the close resets it, and the client, still sending, sees EPIPE instead of the
  // 413. Reading the rest first (up to a bound) lets the answer through.
  app.addHook('onError', async (request, _reply, error) => {
    if ((error as { code?: unknown }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      await discardRest(request.raw, DISCARD_FACTOR * request.routeOptions.bodyLimit);
    }
  });
  app.setValidatorCompiler(({ schema, httpPart }) => (data) => {
    const result = (schema as z.ZodType).safeParse(data);
    return result.success ? { value: result.data } : { error: validationError(result.error, httpPart ?? 'input') };
  });
  // Handlers return the library's own objects: plain JSON, no per-response schema walk on the hot path.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler((error, request, reply) => sendProblem(request, reply, error));
}

/**
 * Many clients send `Content-Type: application/json` on every request, a DELETE included: an empty
 * (or blank) body is read as no body, which routes without a body or with an optional one accept.
 */
function acceptEmptyJson(app: FastifyInstance): void {
  const { onProtoPoisoning = 'error', onConstructorPoisoning = 'error' } = app.initialConfig;
  const parseJson = app.getDefaultJsonParser(onProtoPoisoning, onConstructorPoisoning);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text.trim() === '') done(null, undefined);
    else parseJson(request, text, done);
  });
}

/** Reads and drops what is left of a request body, up to `bound` bytes more; resolves at its end. */
function discardRest(req: IncomingMessage, bound: number): Promise<void> {
  const declared = Number(req.headers['content-length']);
  if (req.complete || req.destroyed || declared > bound) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = 0;
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > bound) stop();
    };
    const stop = () => {
      req.off('data', onData).off('end', stop).off('close', stop).off('error', stop);
      resolve();
    };
    req.on('data', onData).once('end', stop).once('close', stop).once('error', stop);
    req.resume();
  });
}

export interface RouteHooks {
  /** The access check a route runs first, given its config (scope, public). */
  readonly guard: (config: FastifyContextConfig) => (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  readonly idempotency: { readonly preHandler: preHandlerAsyncHookHandler; readonly onSend: onSendAsyncHookHandler };
  /** Runs after a write answered, to wake live streams. */
  readonly wake: onResponseAsyncHookHandler;
}

/**
 * Gives each route only the hooks it needs: the guard first, idempotency on POSTs, and a wake of
 * the change feed after writes under a project. `hooks` is read when a route is added.
 */
export function addRouteHooks(
  app: FastifyInstance,
  hooks: () => RouteHooks,
  skip?: (config: FastifyContextConfig) => boolean,
) {
  app.addHook('onRoute', (r) => {
    const config = (r.config ?? {}) as FastifyContextConfig;
    if (skip?.(config)) return;
    const { guard, idempotency, wake } = hooks();
    const methods = [r.method].flat();
    const list = <T>(h: T | T[] | undefined): T[] => (h === undefined ? [] : Array.isArray(h) ? h : [h]);
    r.onRequest = [guard(config), ...list(r.onRequest)];
    if (methods.includes('POST')) {
      r.preHandler = [...list(r.preHandler), idempotency.preHandler];
      r.onSend = [...list(r.onSend), idempotency.onSend];
    }
    if (!methods.includes('GET') && r.url.slice(r.prefix.length).startsWith('/projects/:name')) {
      r.onResponse = [...list(r.onResponse), wake];
    }
  });
}

/** A wake hook: local writes reach live streams at once rather than on the next poll. */
export function wakeFeed(feed: ChangeFeed): onResponseAsyncHookHandler {
  return async (request, reply) => {
    if (reply.statusCode < 400) feed.wake((request.params as { name: string }).name);
  };
}

/** The API's routes under /projects, in the order the route table lists them. */
export async function registerApiRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  for (const routes of [
    projectRoutes,
    ticketsRoutes,
    blockedRoutes,
    ticketRoutes,
    linkRoutes,
    milestoneRoutes,
    schemaRoutes,
    adminRoutes,
    importRoutes,
    webhookRoutes,
    eventRoutes,
  ]) {
    await app.register(routes, deps);
  }
}

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
import { blockedRoutes } from './routes/blocked.js';
import type { Deps } from './routes/deps.js';
import { eventRoutes } from './routes/events.js';
import { linkRoutes } from './routes/links.js';
import { projectRoutes } from './routes/projects.js';
import { schemaRoutes } from './routes/schema.js';
import { ticketRoutes } from './routes/ticket.js';
import { ticketsRoutes } from './routes/tickets.js';

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

/** Validation through the routes' zod schemas, plain JSON out, and problem+json for every error. */
export function useDocketCompilers(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }) => (data) => {
    const result = (schema as z.ZodType).safeParse(data);
    return result.success ? { value: result.data } : { error: validationError(result.error, httpPart ?? 'input') };
  });
  // Handlers return the library's own objects: plain JSON, no per-response schema walk on the hot path.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler((error, request, reply) => sendProblem(request, reply, error));
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
    schemaRoutes,
    adminRoutes,
    eventRoutes,
  ]) {
    await app.register(routes, deps);
  }
}

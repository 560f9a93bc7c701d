import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorize, type Caller } from '../core/access.js';
import type { Admission, Door, Knock } from '../core/door.js';
import type { Scope } from '../domain/access.js';
import { DocketError, isDocketError } from '../domain/errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What a token needs for this route; routes under /projects/:name are checked against that project. */
    scope?: Scope;
    /** Served to anyone who passes the Host/Origin check: holds no data (docs, health). */
    public?: boolean;
    /** Handed to the mounted MCP handler as is; it calls the same door itself. */
    mount?: boolean;
  }
  interface FastifyRequest {
    caller: Caller;
    /** The entity this request acts as (history records it). */
    actor: string | null;
  }
}

const EXPOSED = 'ETag, Location, Retry-After, Idempotent-Replayed';
const ALLOWED_HEADERS =
  'Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, Last-Event-ID, Docket-Actor';

/** The onRequest hook for one route, made once per route so the hot path reads no route options. */
export type Guard = (config: FastifyContextConfig) => (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** What the door needs to know about a Fastify request; `hostCaller` only for embedded doors. */
export function knockOf(request: FastifyRequest, config: FastifyContextConfig, hostCaller?: Caller): Knock {
  const project = (request.params as { name?: unknown } | undefined)?.name;
  return {
    host: request.headers.host,
    origin: request.headers.origin,
    authorization: request.headers.authorization,
    actor: one(request.headers['docket-actor']),
    address: request.ip,
    project: typeof project === 'string' ? project : undefined,
    needs: config.scope,
    public: config.public,
    hostCaller,
  };
}

/**
 * Every route's first hook: the door (`core/door.ts`) decides, and the guard records the answer
 * on the request and adds CORS headers for the allowed origins (also on refusals other than the
 * Host/Origin one, so a browser can read why). Returns the hook maker `buildApp` attaches to each route.
 */
export function installGuard(app: FastifyInstance, door: Door): Guard {
  app.decorateRequest('caller', null as never);
  app.decorateRequest('actor', null);

  return (config) => async (request, reply) => {
    const origin = request.headers.origin;
    const cors = () => {
      if (origin === undefined) return;
      reply.header('access-control-allow-origin', origin);
      reply.header('vary', 'Origin');
      reply.header('access-control-expose-headers', EXPOSED);
    };
    let admission: Admission | null;
    try {
      admission = await door.admit(knockOf(request, config));
    } catch (e) {
      if (!(isDocketError(e) && e.code === 'forbidden' && e.details.reason === 'host_or_origin')) cors();
      throw e;
    }
    cors();
    if (!admission) return;
    request.caller = admission.caller;
    request.actor = admission.actor;
  };
}

/** Preflight for the listed origins; the guard has already refused the others (403). */
export async function preflight(_request: FastifyRequest, reply: FastifyReply) {
  return reply
    .header('access-control-allow-methods', 'GET, POST, PUT, DELETE, OPTIONS')
    .header('access-control-allow-headers', ALLOWED_HEADERS)
    .header('access-control-max-age', '600')
    .code(204)
    .send();
}

/** For routes not under a project: a token must reach every project (`*`) to do `needs`. */
export function authorizeGlobal(request: FastifyRequest, needs: Scope): void {
  const caller = request.caller;
  if (caller.kind === 'local') return;
  if (!caller.token.projects.includes('*')) {
    throw new DocketError('forbidden', `this needs a token for every project (--project '*') with ${needs} scope`, {
      needs,
    });
  }
  authorize(caller, '*', needs);
}

/** Whether the caller may see `project` at all (listing projects shows only those). */
export function reaches(request: FastifyRequest, project: string): boolean {
  try {
    authorize(request.caller, project, 'read');
    return true;
  } catch {
    return false;
  }
}

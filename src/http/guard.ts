import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Caller, type OriginPolicy, authorize, identify, isLoopback, refuseHostOrOrigin } from '../core/access.js';
import type { Docket } from '../core/docket.js';
import type { Scope, TokenInfo } from '../domain/access.js';
import { DocketError } from '../domain/errors.js';
import { parseInput, SlugSchema } from '../domain/inputs.js';
import { RateLimiter, type RateLimitOptions } from './rate-limit.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What a token needs for this route; routes under /projects/:name are checked against that project. */
    scope?: Scope;
    /** Served to anyone who passes the Host/Origin check: holds no data (docs, health). */
    public?: boolean;
    /** Handed to the mounted MCP handler as is; it applies the same rules itself. */
    mount?: boolean;
  }
  interface FastifyRequest {
    caller: Caller;
    /** The entity this request acts as (history records it). */
    actor: string | null;
  }
}

export interface GuardOptions {
  /** The address the server binds: off loopback, a token is needed even when none exists yet. */
  readonly host: string;
  readonly policy: () => OriginPolicy;
  readonly rateLimit: RateLimitOptions;
  /** How long "are tokens configured?" and token lookups are cached, in ms (revocation takes effect within it). */
  readonly cacheMs: number;
}

const EXPOSED = 'ETag, Location, Retry-After, Idempotent-Replayed';
const ALLOWED_HEADERS =
  'Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, Last-Event-ID, Docket-Actor';

/** The onRequest hook for one route, made once per route so the hot path reads no route options. */
export type Guard = (config: FastifyContextConfig) => (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * The access rules of `core/access.ts` for every route: Host/Origin (403), CORS for the listed
 * origins only, the caller (401), a per-caller rate limit (429) and the route's scope in its
 * project (404 for projects a token does not reach, 403 for a scope too small). Returns the hook
 * maker that `buildApp` attaches to each route.
 */
export function installGuard(app: FastifyInstance, docket: Docket, options: GuardOptions): Guard {
  const limiter = new RateLimiter(options.rateLimit);
  const offLoopback = !isLoopback(options.host);
  let tokensKnown: { value: boolean; until: number } | null = null;
  const tokenCache = new Map<string, { token: TokenInfo | null; until: number }>();

  const tokensConfigured = async (): Promise<boolean> => {
    const now = Date.now();
    if (!tokensKnown || tokensKnown.until < now) {
      tokensKnown = { value: await docket.hasTokens(), until: now + options.cacheMs };
    }
    return tokensKnown.value || offLoopback;
  };

  // Token lookups are a read transaction and a hash each; caching them keeps the hot path cheap.
  const cachedDocket = {
    authenticate: async (secret: string): Promise<TokenInfo | null> => {
      const now = Date.now();
      const hit = tokenCache.get(secret);
      if (hit && hit.until >= now) return hit.token;
      const token = await docket.authenticate(secret);
      if (tokenCache.size > 1000) tokenCache.clear();
      tokenCache.set(secret, { token, until: now + options.cacheMs });
      return token;
    },
  } as Docket;

  app.decorateRequest('caller', null as never);
  app.decorateRequest('actor', null);

  const guard: Guard = (config) => async (request, reply) => {
    if (config.mount) return;
    const origin = request.headers.origin;
    const refused = refuseHostOrOrigin(options.policy(), request.headers.host, origin);
    if (refused) throw new DocketError('forbidden', refused, { reason: 'host_or_origin' });
    if (origin !== undefined) {
      reply.header('access-control-allow-origin', origin);
      reply.header('vary', 'Origin');
      reply.header('access-control-expose-headers', EXPOSED);
    }
    if (config.public) return;

    const caller = await identify(cachedDocket, request.headers.authorization, await tokensConfigured());
    request.caller = caller;
    const wait = limiter.take(caller.kind === 'token' ? `token:${caller.token.id}` : `ip:${request.ip}`);
    if (wait > 0) {
      throw new DocketError('rate_limited', `too many requests; wait ${Math.ceil(wait)} s and retry`, {
        retryAfterSeconds: Math.ceil(wait),
      });
    }
    const named = request.headers['docket-actor'];
    const actorHeader =
      typeof named === 'string' && named !== '' ? parseInput(SlugSchema, named, 'Docket-Actor') : null;
    request.actor = caller.kind === 'token' ? caller.token.entity : actorHeader;

    const project = (request.params as { name?: unknown } | undefined)?.name;
    if (typeof project === 'string' && config.scope) authorize(caller, project, config.scope);
  };

  return guard;
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

import type { FastifyContextConfig, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Caller } from '../core/access.js';
import type { Docket } from '../core/docket.js';
import { Door } from '../core/door.js';
import { ChangeFeed } from '../core/feed.js';
import { knockOf } from './guard.js';
import { installIdempotency } from './idempotency.js';
import type { Streams } from './routes/events.js';
import { addRouteHooks, registerApiRoutes, useDocketCompilers, wakeFeed } from './pipeline.js';

export interface DocketRoutesOptions {
  readonly docket: Docket;
  /**
   * Who is calling, as the host decided (it authenticated the request): `{ kind: 'local', actor }`
   * may do anything, a token-shaped grant reaches only its projects with its scope. Default: local,
   * acting as the request's `Docket-Actor` header.
   */
  readonly caller?: (request: FastifyRequest) => Caller | Promise<Caller>;
  /** The change feed live streams follow (made here when absent, and closed with the host). */
  readonly feed?: ChangeFeed;
  /** SSE heartbeat interval in ms (default 15 s). */
  readonly heartbeatMs?: number;
}

const LOCAL: Caller = { kind: 'local', actor: null };

/**
 * Docket's REST routes as a Fastify plugin for a host's own app: register it with a prefix and the
 * routes answer under it (`/docket/projects/doc/tickets`), with Docket's validation, problem+json
 * errors, ETags, idempotency and live events, in their own encapsulated context. What `docket serve`
 * adds around them stays with the host: listening, Host/Origin checks, CORS, rate limits, tokens,
 * the board and the API reference.
 *
 * @example
 * await app.register(docketRoutes, { prefix: '/docket', docket, caller: (req) => ({ kind: 'local', actor: req.user }) });
 */
export const docketRoutes: FastifyPluginAsync<DocketRoutesOptions> = async (app, options) => {
  const { docket } = options;
  const identify = options.caller ?? (() => LOCAL);
  // Docket's own compilers and error handler, in this plugin's context only: the host's routes keep theirs.
  useDocketCompilers(app);

  const ownFeed = options.feed === undefined;
  const feed = options.feed ?? new ChangeFeed(docket);
  const streams: Streams = new Set();
  app.decorateRequest('caller', null as never);
  app.decorateRequest('actor', null);
  const idempotency = installIdempotency(app, docket);
  const door = Door.embedded(docket);
  const guard = (config: FastifyContextConfig) => async (request: FastifyRequest) => {
    const admission = await door.admit(knockOf(request, config, await identify(request)));
    if (!admission) return;
    request.caller = admission.caller;
    request.actor = admission.actor;
  };

  const hooks = { guard, idempotency, wake: wakeFeed(feed) };
  addRouteHooks(app, () => hooks);
  app.addHook('preClose', async () => {
    for (const end of streams) end();
  });
  app.addHook('onClose', async () => {
    if (ownFeed) feed.close();
  });

  const deps = { docket, feed, streams, heartbeatMs: options.heartbeatMs ?? 15_000 };
  await registerApiRoutes(app, deps);
};

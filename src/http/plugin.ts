import type { FastifyContextConfig, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { authorize, type Caller } from '../core/access.js';
import type { Docket } from '../core/docket.js';
import { ChangeFeed } from '../core/feed.js';
import { parseInput, SlugSchema } from '../domain/inputs.js';
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
  const guard = (config: FastifyContextConfig) => async (request: FastifyRequest) => {
    const caller = await identify(request);
    request.caller = caller;
    const named = request.headers['docket-actor'];
    const header = typeof named === 'string' && named !== '' ? parseInput(SlugSchema, named, 'Docket-Actor') : null;
    request.actor = caller.kind === 'token' ? caller.token.entity : (caller.actor ?? header);
    const project = (request.params as { name?: unknown } | undefined)?.name;
    if (typeof project === 'string' && config.scope) authorize(caller, project, config.scope);
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

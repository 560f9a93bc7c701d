import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Docket } from '../core/docket.js';
import { DEFAULT_RATE_LIMIT, Door } from '../core/door.js';
import { ChangeFeed } from '../core/feed.js';
import { installGuard, preflight } from './guard.js';
import { installIdempotency } from './idempotency.js';
import { openApiOptions } from './openapi.js';
import { addRouteHooks, registerApiRoutes, type RouteHooks, useDocketCompilers, wakeFeed } from './pipeline.js';
import { clientErrorHandler, HttpProblem, sendProblem } from './problem.js';
import type { RateLimitOptions } from '../core/rate-limit.js';
import { boardRoutes } from './routes/board.js';
import type { Streams } from './routes/events.js';
import { metaRoutes } from './routes/meta.js';
import { type Mount, mountRoutes } from './routes/mount.js';

export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface AppOptions {
  /** The address the server binds (for the Host/Origin policy and the token rule). Default 127.0.0.1. */
  readonly host?: string;
  /** The port it binds; 0 or absent: whatever the server ends up listening on. */
  readonly port?: number;
  /** Browser origins allowed besides the server's own, e.g. http://localhost:5173. Never a wildcard. */
  readonly cors?: readonly string[];
  /** Largest request body in bytes (default 1 MiB). */
  readonly bodyLimit?: number;
  /**
   * Per-caller rate limit (default 200 requests/s, bursts of 800). Local callers without a token
   * share one bucket per address, so the default leaves room for a board and a few agents at once.
   */
  readonly rateLimit?: RateLimitOptions;
  /** The change feed to follow; one per server (made here when absent, and closed with the app). */
  readonly feed?: ChangeFeed;
  /** The MCP HTTP handler, answered at /mcp, /sse and /messages. */
  readonly mount?: Mount;
  /** SSE heartbeat interval in ms (default 15 s). */
  readonly heartbeatMs?: number;
  /** How long token lookups are cached, in ms (default 2 s). */
  readonly authCacheMs?: number;
  /**
   * The door to admit callers with, when the server shares one with its mounted MCP handler (one
   * rate limit per caller across both); made from the options above when absent.
   */
  readonly door?: Door;
  readonly logger?: boolean;
  /** The built web board served at / (`dist/web`); null for none; absent: found next to Docket. */
  readonly webRoot?: string | null;
}

/** Where the app keeps its route table. */
export const ROUTES = Symbol('docket.routes');

/**
 * The REST API as a Fastify instance, ready for `inject()` or `listen()`.
 *
 * @example
 * const app = await buildApp(docket, { port: 7420 });
 * await app.listen({ host: '127.0.0.1', port: 7420 });
 */
export async function buildApp(docket: Docket, options: AppOptions = {}): Promise<App> {
  const host = options.host ?? '127.0.0.1';
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    forceCloseConnections: true,
    clientErrorHandler,
    // Errors the router raises before any route runs (a malformed URL) get the same problem answer.
    frameworkErrors: (error, request, reply) => {
      sendProblem(request, reply, error);
    },
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();
  const routes: RouteInfo[] = [];
  (app as unknown as Record<symbol, unknown>)[ROUTES] = routes;
  // Bound below, before any route exists; onRoute gives each route only the hooks it needs.
  let hooks: RouteHooks;
  app.addHook('onRoute', (r) => {
    const response = (r.schema?.response ?? {}) as Record<string, z.ZodType>;
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url, response });
  });
  // The MCP endpoints pass through untouched: the MCP handler admits its callers through the same door.
  addRouteHooks(
    app,
    () => hooks,
    (config) => Boolean(config.mount),
  );
  useDocketCompilers(app);
  // Unknown routes pass the same checks first, so an unauthorised caller learns nothing about routes.
  app.setNotFoundHandler(async (request, reply) => {
    await hooks.guard({})(request, reply);
    return sendProblem(
      request,
      reply,
      new HttpProblem('not_found', `no route ${request.method} ${request.url.split('?')[0] ?? ''}; see /docs`),
    );
  });

  const door =
    options.door ??
    Door.server(docket, {
      host,
      port: options.port ?? 7420,
      cors: options.cors ?? [],
      rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
      cacheMs: options.authCacheMs ?? 2000,
    });
  // The server's own origin depends on the port it ends up on (0 in tests picks one).
  app.addHook('onListen', async () => {
    const address = app.server.address() as AddressInfo | null;
    if (address) door.serving(address.port);
  });

  await app.register(fastifySwagger, openApiOptions());

  const ownFeed = options.feed === undefined;
  const feed = options.feed ?? new ChangeFeed(docket);
  const streams: Streams = new Set();
  hooks = {
    guard: installGuard(app, door),
    idempotency: installIdempotency(app, docket),
    wake: wakeFeed(feed),
  };
  app.options('*', { config: { public: true }, schema: { hide: true } }, preflight);
  app.addHook('preClose', async () => {
    for (const end of streams) end();
    if (options.mount) await options.mount.close();
  });
  app.addHook('onClose', async () => {
    if (ownFeed) feed.close();
  });

  const deps = { docket, feed, streams, heartbeatMs: options.heartbeatMs ?? 15_000 };
  await app.register(metaRoutes);
  await app.register(boardRoutes, options.webRoot === undefined ? {} : { root: options.webRoot });
  await registerApiRoutes(app, deps);
  if (options.mount) await app.register(mountRoutes, { mount: options.mount });
  await app.ready();
  return app;
}

export interface RouteInfo {
  readonly method: string;
  readonly url: string;
  /** Response schemas by status (`200`, `4xx`), as documented in the OpenAPI document. */
  readonly response: Readonly<Record<string, z.ZodType>>;
}

/** The app's routes in registration order (the isolation test walks them; schemas check answers). */
export function routeTable(app: App): readonly RouteInfo[] {
  return (app as unknown as Record<symbol, RouteInfo[]>)[ROUTES] ?? [];
}

export { validationError } from './pipeline.js';

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Caller } from '../core/access.js';
import type { Docket } from '../core/docket.js';
import { DEFAULT_RATE_LIMIT, Door } from '../core/door.js';
import { ChangeFeed } from '../core/feed.js';
import type { RateLimitOptions } from '../core/rate-limit.js';
import { DocketError, isDocketError } from '../domain/errors.js';
import { HTTP_STATUS } from '../domain/http-status.js';
import { errorLine, httpStatusOf } from './errors.js';
import { DEFAULT_BODY_LIMIT, readJsonBody } from './http-body.js';
import { createMcpServer, type Extra, type ToolProfile } from './server.js';
import { StreamableTransport } from './streamable.js';

export interface McpHttpOptions {
  /** The address the server is bound to and its port: they decide which Host and Origin headers pass. */
  readonly host: string;
  readonly port: number;
  /** Extra browser origins allowed to call (exact, e.g. https://app.example). */
  readonly cors?: readonly string[];
  readonly profile?: ToolProfile;
  readonly project?: string;
  /** The entity local callers act as when no tokens are configured. */
  readonly actor?: string | null;
  /** Largest request body in bytes (default 1 MiB). */
  readonly bodyLimit?: number;
  /** Per-caller rate limit (default 200 requests/s, bursts of 800); ignored when `door` is given. */
  readonly rateLimit?: RateLimitOptions;
  /**
   * The door that admits callers, shared with the REST API when both are served on one port (one
   * rate limit per caller across both); made from the options above when absent.
   */
  readonly door?: Door;
  readonly name?: string;
  readonly onUnexpected?: (error: unknown) => void;
  /**
   * The change feed that resource subscriptions follow, shared with the REST API's live streams when
   * both are served on one port; one is made (and closed with the handler) when absent.
   */
  readonly feed?: ChangeFeed;
}

export interface McpHttpHandler {
  /**
   * Answers `/mcp` (Streamable HTTP) and `/sse` + `/messages` (legacy SSE); false for any other path.
   * A host that has already parsed the JSON body (Fastify) passes it as `parsedBody`.
   */
  handle(req: IncomingMessage, res: ServerResponse, parsedBody?: unknown): Promise<boolean>;
  /** Ends every open session. */
  close(): Promise<void>;
}

interface Session {
  readonly transport: StreamableTransport | SSEServerTransport;
  readonly server: McpServer;
  /** Who opened it: a session is never usable with another token. */
  readonly owner: string;
  lastSeen: number;
}

const PATHS = new Set(['/mcp', '/sse', '/messages']);
const IDLE_MS = 30 * 60_000;
const MAX_SESSIONS = 500;

const ownerOf = (caller: Caller) => (caller.kind === 'token' ? `token:${caller.token.id}` : 'local');
const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** A body that is not JSON: a JSON-RPC parse error (400, -32700), whatever code the reader gave it. */
class MalformedBody extends Error {}

function refuse(res: ServerResponse, status: number, message: string, code = -32000): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (status === 401) headers['www-authenticate'] = 'Bearer';
  if (status === 413) headers.connection = 'close';
  res.writeHead(status, headers).end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

/**
 * The MCP transports over HTTP, as one handler that a node:http server or Fastify (after
 * `reply.hijack()`) can mount. Every request passes the door (`core/door.ts`: Host/Origin 403,
 * token 401, rate limit 429, actor) and the body size check (413) before the SDK sees it.
 *
 * @example
 * const mcp = createMcpHttpHandler(docket, { host: '127.0.0.1', port: 7421 });
 * http.createServer(async (req, res) => { if (!(await mcp.handle(req, res))) res.writeHead(404).end(); });
 */
export function createMcpHttpHandler(docket: Docket, options: McpHttpOptions): McpHttpHandler {
  const door =
    options.door ??
    Door.server(docket, {
      host: options.host,
      port: options.port,
      cors: options.cors ?? [],
      rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
    });
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const sessions = new Map<string, Session>();
  // One feed for every session: one poll per followed project however many sessions subscribe.
  const feed = options.feed ?? new ChangeFeed(docket);
  const readBody = async (req: IncomingMessage): Promise<unknown> => {
    try {
      return await readJsonBody(req, bodyLimit);
    } catch (e) {
      if (isDocketError(e) && e.code === 'validation') throw new MalformedBody(e.message, { cause: e });
      throw e;
    }
  };

  const newServer = () =>
    createMcpServer(docket, {
      ...options,
      feed,
      callerOf: (extra: Extra) => {
        const caller = extra.authInfo?.extra?.caller as Caller | undefined;
        if (!caller)
          throw new DocketError('unauthorized', 'no caller on this request; send Authorization: Bearer <token>');
        return caller;
      },
    });

  const sweep = setInterval(() => {
    const stale = Date.now() - IDLE_MS;
    for (const [id, s] of sessions) if (s.lastSeen < stale) void end(id, s);
  }, 60_000);
  sweep.unref();

  async function end(id: string, s: Session) {
    sessions.delete(id);
    await s.transport.close().catch(() => {});
    await s.server.close().catch(() => {});
  }

  function session(id: string | undefined, caller: Caller, kind: 'streamable' | 'sse'): Session | undefined {
    const s = id === undefined ? undefined : sessions.get(id);
    const fits = s && (kind === 'sse') === s.transport instanceof SSEServerTransport && s.owner === ownerOf(caller);
    if (!fits) return undefined;
    s.lastSeen = Date.now();
    return s;
  }

  function roomForOne() {
    if (sessions.size < MAX_SESSIONS) return;
    const oldest = [...sessions].sort((a, b) => a[1].lastSeen - b[1].lastSeen)[0];
    if (oldest) void end(oldest[0], oldest[1]);
  }

  async function streamable(req: IncomingMessage, res: ServerResponse, caller: Caller, body: unknown, auth: AuthInfo) {
    const id = header(req, 'mcp-session-id');
    if (id !== undefined) {
      const s = session(id, caller, 'streamable');
      if (!s) return refuse(res, 404, 'session not found; start a new one with an initialize request', -32001);
      return (s.transport as StreamableTransport).handle(req, res, body, auth);
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      return refuse(res, 400, 'no session: send an initialize request first, then the Mcp-Session-Id it returns');
    }
    roomForOne();
    const server = newServer();
    const transport: StreamableTransport = new StreamableTransport(randomUUID, (sid) => {
      sessions.set(sid, { transport, server, owner: ownerOf(caller), lastSeen: Date.now() });
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handle(req, res, body, auth);
  }

  async function openSse(req: IncomingMessage, res: ServerResponse, caller: Caller) {
    if (req.method !== 'GET') return refuse(res, 405, 'open the SSE stream with GET /sse');
    roomForOne();
    const server = newServer();
    const transport = new SSEServerTransport('/messages', res);
    const id = transport.sessionId;
    sessions.set(id, { transport, server, owner: ownerOf(caller), lastSeen: Date.now() });
    transport.onclose = () => {
      sessions.delete(id);
    };
    await server.connect(transport);
  }

  async function postSse(req: IncomingMessage, res: ServerResponse, caller: Caller, body: unknown) {
    if (req.method !== 'POST') return refuse(res, 405, 'send messages with POST /messages?sessionId=…');
    const id = new URL(req.url ?? '/', 'http://x').searchParams.get('sessionId') ?? undefined;
    const s = session(id, caller, 'sse');
    if (!s) return refuse(res, 404, 'session not found; open a new stream with GET /sse', -32001);
    await (s.transport as SSEServerTransport).handlePostMessage(req, res, body);
  }

  function allowCors(req: IncomingMessage, res: ServerResponse) {
    const origin = header(req, 'origin');
    if (origin === undefined) return;
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');
    res.setHeader('access-control-expose-headers', 'mcp-session-id, mcp-protocol-version');
    if (req.method === 'OPTIONS') {
      res.setHeader('access-control-allow-methods', 'GET, POST, DELETE, OPTIONS');
      res.setHeader(
        'access-control-allow-headers',
        'content-type, authorization, mcp-session-id, mcp-protocol-version, last-event-id, docket-actor',
      );
      res.setHeader('access-control-max-age', '600');
    }
  }

  return {
    async handle(req, res, parsedBody) {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (!PATHS.has(path)) return false;
      try {
        let admission: Awaited<ReturnType<Door['admit']>>;
        try {
          admission = await door.admit({
            host: header(req, 'host'),
            origin: header(req, 'origin'),
            authorization: header(req, 'authorization'),
            actor: header(req, 'docket-actor') ?? options.actor ?? undefined,
            address: req.socket.remoteAddress,
          });
        } catch (e) {
          if (!(isDocketError(e) && e.code === 'forbidden' && e.details.reason === 'host_or_origin'))
            allowCors(req, res);
          throw e;
        }
        allowCors(req, res);
        if (req.method === 'OPTIONS') {
          res.writeHead(204).end();
          return true;
        }
        const caller = admission!.caller;
        const auth: AuthInfo = {
          token: caller.kind === 'token' ? caller.token.hint : '',
          clientId: ownerOf(caller),
          scopes: caller.kind === 'token' ? [caller.token.scope] : [],
          extra: { caller },
        };
        // The legacy SSE transport reads it from the request.
        (req as IncomingMessage & { auth?: AuthInfo }).auth = auth;
        const body = req.method === 'POST' ? (parsedBody ?? (await readBody(req))) : undefined;
        if (path === '/mcp') await streamable(req, res, caller, body, auth);
        else if (path === '/sse') await openSse(req, res, caller);
        else await postSse(req, res, caller, body);
      } catch (error) {
        const malformed = error instanceof MalformedBody;
        const status = malformed ? HTTP_STATUS.malformed : httpStatusOf(error);
        if (status === 500) options.onUnexpected?.(error);
        const retry =
          isDocketError(error) && error.code === 'rate_limited' ? error.details.retryAfterSeconds : undefined;
        if (typeof retry === 'number' && !res.headersSent) res.setHeader('retry-after', String(retry));
        refuse(res, status, errorLine(malformed ? error.cause : error), malformed ? -32700 : -32000);
      }
      return true;
    },
    async close() {
      clearInterval(sweep);
      await Promise.all([...sessions].map(([id, s]) => end(id, s)));
      if (!options.feed) feed.close();
    },
  };
}

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { type Caller, identify, originPolicy, refuseHostOrOrigin } from '../core/access.js';
import type { Docket } from '../core/docket.js';
import { DocketError } from '../domain/errors.js';
import { errorLine, httpStatusOf } from './errors.js';
import { DEFAULT_BODY_LIMIT, readJsonBody } from './http-body.js';
import { createMcpServer, type Extra, type ToolProfile } from './server.js';

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
  readonly name?: string;
  readonly onUnexpected?: (error: unknown) => void;
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
  readonly transport: StreamableHTTPServerTransport | SSEServerTransport;
  readonly server: McpServer;
  /** Who opened it: a session is never usable with another token. */
  readonly owner: string;
  lastSeen: number;
}

const PATHS = new Set(['/mcp', '/sse', '/messages']);
const TOKEN_CACHE_MS = 2000;
const IDLE_MS = 30 * 60_000;
const MAX_SESSIONS = 500;

const ownerOf = (caller: Caller) => (caller.kind === 'token' ? `token:${caller.token.id}` : 'local');
const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

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
 * `reply.hijack()`) can mount. It checks Host and Origin (403), the bearer token when tokens are
 * configured (401), and the body size (413) before the SDK sees a request.
 *
 * @example
 * const mcp = createMcpHttpHandler(docket, { host: '127.0.0.1', port: 7421 });
 * http.createServer(async (req, res) => { if (!(await mcp.handle(req, res))) res.writeHead(404).end(); });
 */
export function createMcpHttpHandler(docket: Docket, options: McpHttpOptions): McpHttpHandler {
  const policy = originPolicy(options.host, options.port, options.cors ?? []);
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const sessions = new Map<string, Session>();
  let tokens: { value: boolean; at: number } | undefined;

  // A token created or revoked elsewhere takes effect within a couple of seconds.
  const tokensConfigured = async () => {
    if (!tokens || Date.now() - tokens.at > TOKEN_CACHE_MS)
      tokens = { value: await docket.hasTokens(), at: Date.now() };
    return tokens.value;
  };

  const newServer = () =>
    createMcpServer(docket, {
      ...options,
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

  async function streamable(req: IncomingMessage, res: ServerResponse, caller: Caller, body: unknown) {
    const id = header(req, 'mcp-session-id');
    if (id !== undefined) {
      const s = session(id, caller, 'streamable');
      if (!s) return refuse(res, 404, 'session not found; start a new one with an initialize request', -32001);
      return (s.transport as StreamableHTTPServerTransport).handleRequest(req, res, body);
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      return refuse(res, 400, 'no session: send an initialize request first, then the Mcp-Session-Id it returns');
    }
    roomForOne();
    const server = newServer();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sid) => {
        sessions.set(sid, { transport, server, owner: ownerOf(caller), lastSeen: Date.now() });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
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
        'content-type, authorization, mcp-session-id, mcp-protocol-version, last-event-id',
      );
      res.setHeader('access-control-max-age', '600');
    }
  }

  return {
    async handle(req, res, parsedBody) {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (!PATHS.has(path)) return false;
      try {
        const refused = refuseHostOrOrigin(policy, header(req, 'host'), header(req, 'origin'));
        if (refused) {
          refuse(res, 403, refused);
          return true;
        }
        allowCors(req, res);
        if (req.method === 'OPTIONS') {
          res.writeHead(204).end();
          return true;
        }
        const caller = await identify(docket, header(req, 'authorization'), await tokensConfigured());
        (req as IncomingMessage & { auth?: unknown }).auth = {
          token: caller.kind === 'token' ? caller.token.hint : '',
          clientId: ownerOf(caller),
          scopes: caller.kind === 'token' ? [caller.token.scope] : [],
          extra: { caller },
        };
        const body = req.method === 'POST' ? (parsedBody ?? (await readJsonBody(req, bodyLimit))) : undefined;
        if (path === '/mcp') await streamable(req, res, caller, body);
        else if (path === '/sse') await openSse(req, res, caller);
        else await postSse(req, res, caller, body);
      } catch (error) {
        const status = httpStatusOf(error);
        if (status === 500) options.onUnexpected?.(error);
        refuse(res, status, errorLine(error), status === 400 ? -32700 : -32000);
      }
      return true;
    },
    async close() {
      clearInterval(sweep);
      await Promise.all([...sessions].map(([id, s]) => end(id, s)));
    },
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  isInitializeRequest,
  isJSONRPCErrorResponse,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  JSONRPCMessageSchema,
  type RequestId,
  SUPPORTED_PROTOCOL_VERSIONS,
} from '@modelcontextprotocol/sdk/types.js';

/** The most messages one POST may carry, as the SDK's own transport allows. */
const MAX_BATCH = 100;
const KEEP_ALIVE_MS = 15_000;
const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
} as const;

/** One POST that carries requests, open until every one of them is answered. */
interface Answer {
  readonly res: ServerResponse;
  /** true: answered as an SSE stream (the request asked for progress); false: one JSON body. */
  readonly sse: boolean;
  readonly ids: readonly RequestId[];
  readonly answers: Map<RequestId, JSONRPCMessage>;
  readonly keepAlive: NodeJS.Timeout | undefined;
}

const accepts = (req: IncomingMessage, type: string) => (req.headers.accept ?? '').includes(type);
const isJson = (req: IncomingMessage) => /^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '');
const event = (message: JSONRPCMessage) => `event: message\ndata: ${JSON.stringify(message)}\n\n`;
const wantsProgress = (m: JSONRPCMessage) =>
  isJSONRPCRequest(m) && (m.params?._meta as { progressToken?: unknown } | undefined)?.progressToken !== undefined;

function keepAlive(res: ServerResponse): NodeJS.Timeout {
  const timer = setInterval(() => res.write(': keepalive\n\n'), KEEP_ALIVE_MS);
  timer.unref();
  return timer;
}

/**
 * The server side of MCP Streamable HTTP (one session), written on node:http's request and response.
 * The SDK's StreamableHTTPServerTransport turns every request into a web Request and its answer into a
 * web Response and stream (through @hono/node-server), and answers every POST as an SSE stream; under
 * a swarm of agents that was most of the MCP handler's cost. Here a POST of requests is answered with
 * one JSON body (the spec lets the server choose), unless a request asks for progress
 * (`_meta.progressToken`): then its answer is an SSE stream carrying the progress notifications first.
 * GET opens the session's stream for server-initiated messages (resource updates, logs), DELETE ends
 * the session. The checks and error answers are the SDK transport's (406, 415, 400, 404, 409).
 */
export class StreamableTransport implements Transport {
  sessionId: string | undefined;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport['onmessage'];
  private readonly pending = new Map<RequestId, Answer>();
  private standalone: { res: ServerResponse; keepAlive: NodeJS.Timeout } | undefined;
  private started = false;
  private closed = false;

  constructor(
    private readonly newSessionId: () => string,
    private readonly onInitialized: (sessionId: string) => void,
  ) {}

  async start(): Promise<void> {
    if (this.started) throw new Error('Transport already started');
    this.started = true;
  }

  /** Answers one HTTP request of this session; `body` is the parsed JSON of a POST. */
  async handle(req: IncomingMessage, res: ServerResponse, body: unknown, authInfo: AuthInfo): Promise<void> {
    try {
      if (this.closed) refuse(404, -32001, 'Session not found');
      if (req.method === 'POST') return this.post(req, res, body, authInfo);
      if (req.method === 'GET') return this.get(req, res);
      if (req.method !== 'DELETE') {
        res.setHeader('allow', 'GET, POST, DELETE');
        refuse(405, -32000, 'Method not allowed.');
      }
      this.checkSession(req);
      res.writeHead(200).end();
      await this.close();
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      fail(res, e.status, e.code, e.message);
    }
  }

  private post(req: IncomingMessage, res: ServerResponse, body: unknown, authInfo: AuthInfo): void {
    if (!accepts(req, 'application/json') || !accepts(req, 'text/event-stream'))
      refuse(406, -32000, 'Not Acceptable: Client must accept both application/json and text/event-stream');
    if (!isJson(req)) refuse(415, -32000, 'Unsupported Media Type: Content-Type must be application/json');
    if (Array.isArray(body) && body.length > MAX_BATCH)
      refuse(400, -32600, `Invalid Request: Batch must not exceed ${MAX_BATCH} messages`);
    let messages: JSONRPCMessage[];
    try {
      messages = (Array.isArray(body) ? body : [body]).map((m) => JSONRPCMessageSchema.parse(m));
    } catch {
      refuse(400, -32700, 'Parse error: Invalid JSON-RPC message');
    }
    if (messages.some(isInitializeRequest)) {
      if (this.sessionId !== undefined) refuse(400, -32600, 'Invalid Request: Server already initialized');
      if (messages.length > 1) refuse(400, -32600, 'Invalid Request: Only one initialization request is allowed');
      this.sessionId = this.newSessionId();
      this.onInitialized(this.sessionId);
    } else this.checkSession(req);

    const extra = { authInfo, requestInfo: { headers: req.headers } };
    const ids = messages.filter(isJSONRPCRequest).map((m) => m.id);
    if (!ids.length) {
      res.writeHead(202).end();
      for (const m of messages) this.onmessage?.(m, extra);
      return;
    }
    const sse = messages.some(wantsProgress);
    if (sse) res.writeHead(200, this.withSession(SSE_HEADERS)).flushHeaders();
    const answer: Answer = { res, sse, ids, answers: new Map(), keepAlive: sse ? keepAlive(res) : undefined };
    for (const id of ids) this.pending.set(id, answer);
    res.on('close', () => {
      if (answer.keepAlive) clearInterval(answer.keepAlive);
      // A client gone before its answers: they have nowhere to go.
      for (const id of ids) if (this.pending.get(id) === answer) this.pending.delete(id);
    });
    for (const m of messages) this.onmessage?.(m, extra);
  }

  private get(req: IncomingMessage, res: ServerResponse): void {
    if (!accepts(req, 'text/event-stream')) refuse(406, -32000, 'Not Acceptable: Client must accept text/event-stream');
    this.checkSession(req);
    if (this.standalone) refuse(409, -32000, 'Conflict: Only one SSE stream is allowed per session');
    res.writeHead(200, this.withSession(SSE_HEADERS)).flushHeaders();
    const stream = { res, keepAlive: keepAlive(res) };
    this.standalone = stream;
    res.on('close', () => {
      clearInterval(stream.keepAlive);
      if (this.standalone === stream) this.standalone = undefined;
    });
  }

  /** The session and protocol version checks of every request but the first. */
  private checkSession(req: IncomingMessage): void {
    const id = req.headers['mcp-session-id'];
    if (this.sessionId === undefined) refuse(400, -32000, 'Bad Request: Server not initialized');
    if (!id) refuse(400, -32000, 'Bad Request: Mcp-Session-Id header is required');
    if (id !== this.sessionId) refuse(404, -32001, 'Session not found');
    const version = req.headers['mcp-protocol-version'];
    if (typeof version === 'string' && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
      const supported = SUPPORTED_PROTOCOL_VERSIONS.join(', ');
      refuse(400, -32000, `Bad Request: Unsupported protocol version: ${version} (supported versions: ${supported})`);
    }
  }

  private withSession<T extends object>(headers: T): T & { 'mcp-session-id'?: string } {
    return this.sessionId === undefined ? headers : { ...headers, 'mcp-session-id': this.sessionId };
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const isAnswer = isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message);
    const id = isAnswer ? message.id : options?.relatedRequestId;
    if (id === undefined) {
      if (isAnswer) throw new Error('Cannot send a response on a standalone SSE stream');
      this.standalone?.res.write(event(message));
      return;
    }
    const answer = this.pending.get(id);
    // Its client has gone, or (a notification about a request answered as JSON) it has no stream.
    if (!answer) return;
    if (answer.sse) answer.res.write(event(message));
    if (!isAnswer) return;
    this.pending.delete(id);
    answer.answers.set(id, message);
    if (answer.answers.size < answer.ids.length) return;
    if (answer.keepAlive) clearInterval(answer.keepAlive);
    if (answer.sse) {
      answer.res.end();
      return;
    }
    const all = answer.ids.map((i) => answer.answers.get(i));
    const text = JSON.stringify(all.length === 1 ? all[0] : all);
    answer.res.writeHead(200, this.withSession({ 'content-type': 'application/json' })).end(text);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const answer of new Set(this.pending.values())) {
      if (answer.res.headersSent) answer.res.end();
      else fail(answer.res, 404, -32001, 'Session closed');
    }
    this.pending.clear();
    this.standalone?.res.end();
    this.standalone = undefined;
    this.onclose?.();
  }
}

/** A request this transport turns down, answered as a JSON-RPC error with an HTTP status. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

function refuse(status: number, code: number, message: string): never {
  throw new Refusal(status, code, message);
}

function fail(res: ServerResponse, status: number, code: number, message: string): void {
  res
    .writeHead(status, { 'content-type': 'application/json' })
    .end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

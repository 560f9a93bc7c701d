import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem } from '../problem.js';
import { findWebRoot, loadWebAssets, type WebFile } from '../web-assets.js';

/**
 * The page may load its own script and stylesheet and talk to this server, nothing else: no inline
 * code, no other origin, no framing. Markdown links open elsewhere; images stay out.
 */
export const BOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': BOARD_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
} as const;

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Docket</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:640px;margin:48px auto;padding:0 16px;color:#1d2330}</style></head>
<body><h1>Docket</h1><p>This server speaks the Docket REST API, MCP and live events.</p><ul>
<li><a href="/docs">API reference</a></li><li><a href="/openapi.json">OpenAPI 3.1 document</a></li>
<li>MCP: <code>/mcp</code> (Streamable HTTP) and <code>/sse</code> (legacy)</li></ul>
<p>The web board is not built here: run <code>npm run build</code>, then reload.</p></body></html>`;

export interface BoardOptions {
  /** The built board's folder (`dist/web`); null serves the plain home page; absent: found next to Docket. */
  readonly root?: string | null;
}

/** Sends one file, gzipped when the client accepts it, answering 304 to a matching If-None-Match. */
function send(request: FastifyRequest, reply: FastifyReply, f: WebFile, cache: string) {
  reply.header('etag', f.etag).header('cache-control', cache).header('vary', 'Accept-Encoding').type(f.type);
  if (request.headers['if-none-match']?.split(',').some((t) => t.trim() === f.etag)) return reply.code(304).send();
  if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
    return reply.header('content-encoding', 'gzip').send(f.gzip);
  }
  return reply.send(f.body);
}

/** The web board at `/` and its hashed assets under `/assets/`: public files, no data in them. */
export const boardRoutes: FastifyPluginAsync<BoardOptions> = async (app, options) => {
  const root = options.root === undefined ? findWebRoot() : options.root;
  const web = root === null ? null : loadWebAssets(root);
  const open = { config: { public: true }, schema: { hide: true } };

  app.get('/', open, async (request, reply) => {
    if (!web) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(NOT_BUILT);
    // Always revalidated, so a new build's asset names reach the browser at once.
    return send(request, reply.headers(SECURITY_HEADERS), web.index, 'no-cache');
  });

  app.get<{ Params: { file: string } }>('/assets/:file', open, async (request, reply) => {
    const f = web?.assets.get(request.params.file);
    if (!f) throw new HttpProblem('not_found', 'no such board asset; reload the board at / to get the current ones');
    return send(request, reply.header('x-content-type-options', 'nosniff'), f, 'public, max-age=31536000, immutable');
  });
};

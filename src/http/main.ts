import type { Docket } from '../core/docket.js';
import { refuseOpenBind } from '../core/door.js';
import { DocketError } from '../domain/errors.js';
import { type App, type AppOptions, buildApp } from './app.js';
import type { Mount } from './routes/mount.js';

export type { Mount } from './routes/mount.js';
// Hosts that embed Docket (src/embed.ts) register its routes on their own Fastify app.
export { type DocketRoutesOptions, docketRoutes } from './plugin.js';

export interface ServeOptions extends Omit<AppOptions, 'host' | 'port' | 'mount'> {
  readonly docket: Docket;
  /** Default 127.0.0.1. Any other address needs at least one API token. */
  readonly host?: string;
  /** Default 7420; 0 picks a free port. */
  readonly port?: number;
  /** The MCP HTTP handler to serve at /mcp, /sse and /messages. */
  readonly mount?: Mount;
  /** Stop gracefully on SIGINT and SIGTERM (default true). */
  readonly signals?: boolean;
  /** Where the start-up line goes (default stderr). */
  readonly log?: (line: string) => void;
}

export interface RunningServer {
  readonly app: App;
  /** e.g. http://127.0.0.1:7420 */
  readonly url: string;
  /** Resolves once the server has stopped (by `close()` or a signal). */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts `docket serve`: the REST API, its OpenAPI document and reference page, live events, and
 * the mounted MCP endpoints, on one port. Refuses a non-loopback address while no token exists.
 *
 * @example
 * const server = await runServe({ docket, port: 7420 });
 * await server.closed;
 */
export async function runServe(options: ServeOptions): Promise<RunningServer> {
  const { docket, signals = true, log = (line: string) => process.stderr.write(`${line}\n`), ...rest } = options;
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 7420;
  await refuseOpenBind(docket, host);
  const app = await buildApp(docket, { ...rest, host, port });
  try {
    await app.listen({ host, port });
  } catch (e) {
    await app.close();
    const code = (e as { code?: string }).code;
    if (code === 'EADDRINUSE') {
      throw new DocketError('conflict', `port ${port} on ${host} is in use; pick another with --port`, { port });
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES') {
      throw new DocketError('validation', `cannot listen on ${host}:${port} (${code}); check --host and --port`, {
        host,
        port,
      });
    }
    throw e;
  }
  const address = app.server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  let closing: Promise<void> | null = null;
  const onSignal = () => {
    log('docket: stopping…');
    void close();
  };
  const close = () => {
    closing ??= (async () => {
      if (signals) {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      await app.close();
      resolveClosed();
    })();
    return closing;
  };
  if (signals) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  log(
    `docket: serving ${url} — API reference ${url}/docs, OpenAPI ${url}/openapi.json${options.mount ? `, MCP ${url}/mcp` : ''}`,
  );
  return { app, url, closed, close };
}

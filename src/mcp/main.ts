import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Docket } from '../core/docket.js';
import { refuseOpenBind } from '../core/door.js';
import { DocketError } from '../domain/errors.js';
import { openDocket } from '../open.js';
import { createMcpHttpHandler } from './http.js';
import { createMcpServer, type ToolProfile } from './server.js';

// Other faces reach MCP only through this file: `docket serve` mounts the HTTP handler on its port.
export { createMcpHttpHandler, type McpHttpHandler, type McpHttpOptions } from './http.js';
export { TOOL_PROFILES, type ToolProfile } from './server.js';
// Hosts that embed Docket (src/embed.ts) put its tools on their own MCP server.
export { type Extra as McpRequestExtra, type McpServerOptions, registerTools } from './server.js';

/** How `docket mcp` is started; the CLI command fills this from its flags and environment. */
export interface McpRunOptions {
  /** The store: a SQLite path (or a URL once other backends exist). */
  readonly database: string;
  readonly profile?: ToolProfile;
  readonly project?: string;
  readonly actor?: string | null;
  readonly name?: string;
  /** Print the stack of unexpected errors to stderr. */
  readonly debug?: boolean;
}

export interface McpHttpRunOptions extends McpRunOptions {
  readonly host?: string;
  /** 0 picks a free port (tests). */
  readonly port?: number;
  readonly cors?: readonly string[];
  readonly bodyLimit?: number;
  /** Close cleanly on SIGINT/SIGTERM (the CLI sets it; tests do not). */
  readonly handleSignals?: boolean;
}

export const DEFAULT_MCP_PORT = 7421;

const log = (line: string) => process.stderr.write(`docket mcp: ${line}\n`);

function reporter(debug: boolean | undefined) {
  return (error: unknown) => {
    const e = error instanceof Error ? error : new Error(String(error));
    log(`unexpected error: ${e.message}${debug ? `\n${e.stack}` : ' (run with --debug for the stack)'}`);
  };
}

async function open(database: string): Promise<Docket> {
  return openDocket(database, { create: false });
}

/**
 * Serves MCP over stdin/stdout until stdin closes; resolves then, with the store closed.
 *
 * @example
 * await runMcpStdio({ database: '.docket/docket.db', actor: 'claude' });
 */
export async function runMcpStdio(options: McpRunOptions): Promise<void> {
  const docket = await open(options.database);
  const server = createMcpServer(docket, { ...options, onUnexpected: reporter(options.debug) });
  const transport = new StdioServerTransport();
  const done = new Promise<void>((resolve) => {
    const finish = () => {
      process.stdin.off('end', finish);
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      void server
        .close()
        .catch(() => {})
        .then(() => docket.close())
        .finally(resolve);
    };
    process.stdin.once('end', finish);
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
  });
  await server.connect(transport);
  return done;
}

export interface RunningMcpHttp {
  /** The Streamable HTTP endpoint, e.g. http://127.0.0.1:7421/mcp (SSE is at /sse on the same origin). */
  readonly url: string;
  readonly port: number;
  /** Settles once the server has stopped (after `close()` or a signal). */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

/**
 * Serves MCP over Streamable HTTP (`/mcp`) and legacy SSE (`/sse`, `/messages`). Refuses to bind a
 * non-loopback address while no API token exists: that would hand the tickets to the network.
 */
export async function runMcpHttp(options: McpHttpRunOptions): Promise<RunningMcpHttp> {
  const host = options.host ?? '127.0.0.1';
  const docket = await open(options.database);
  try {
    await refuseOpenBind(docket, host, 'MCP');
  } catch (e) {
    await docket.close();
    throw e;
  }
  let handler: ReturnType<typeof createMcpHttpHandler> | undefined;
  const http = createServer((req, res) => {
    void (async () => {
      if (!handler || !(await handler.handle(req, res))) {
        res
          .writeHead(404, { 'content-type': 'text/plain' })
          .end('not found: MCP is at /mcp (or /sse for old clients)\n');
      }
    })();
  });
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port ?? DEFAULT_MCP_PORT, host, () => resolve());
    });
  } catch (e) {
    await docket.close();
    const code = (e as { code?: string }).code;
    if (code === 'EADDRINUSE')
      throw new DocketError('conflict', `port ${options.port} is in use; pick another with --port`);
    if (code === 'EADDRNOTAVAIL') throw new DocketError('validation', `cannot bind ${host}: no such address here`);
    throw e;
  }
  const port = (http.address() as AddressInfo).port;
  handler = createMcpHttpHandler(docket, { ...options, host, port, onUnexpected: reporter(options.debug) });
  const shown = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const url = `http://${shown}:${port}/mcp`;
  log(`Streamable HTTP at ${url}, SSE at http://${shown}:${port}/sse`);

  let stop: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    stop = resolve;
  });
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await handler?.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await docket.close();
      stop();
    })();
    return closing;
  };
  const onSignal = () => void close();
  if (options.handleSignals) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  return { url, port, closed, close };
}

import { UsageError } from '../errors.js';
import { intArg } from '../input.js';
import type { Session } from '../session.js';

export interface McpOptions {
  readonly http?: boolean;
  readonly host?: string;
  readonly port?: string;
  readonly tools?: string;
  readonly cors?: readonly string[];
  readonly name?: string;
}

/** BlinkDesk's transport words, and Docket's own. */
const TRANSPORTS = ['stdio', 'streamable-http', 'sse', 'http'] as const;

/**
 * `docket mcp`: serves the MCP tools on stdio (what agent configs start), or over HTTP with --http
 * (or BlinkDesk's `streamable-http` / `sse`): Streamable HTTP at /mcp and SSE at /sse, both at once.
 */
export async function mcp(s: Session, transport: string | undefined, o: McpOptions): Promise<void> {
  const mode = transport?.toLowerCase() ?? (o.http ? 'http' : 'stdio');
  if (!(TRANSPORTS as readonly string[]).includes(mode)) {
    throw new UsageError(`docket mcp serves stdio, streamable-http or sse, not '${transport}'`);
  }
  if (mode === 'stdio' && (o.http || o.host !== undefined || o.port !== undefined)) {
    throw new UsageError('stdio takes no --http, --host or --port; use docket mcp --http (or streamable-http)');
  }
  const { runMcpHttp, runMcpStdio, TOOL_PROFILES, DEFAULT_MCP_PORT } = await import('../../mcp/main.js');
  const profile = TOOL_PROFILES.find((p) => p === (o.tools ?? 'docket').toLowerCase());
  if (!profile) throw new UsageError(`--tools takes ${TOOL_PROFILES.join(' or ')}, not '${o.tools}'`);
  const project = s.globals.project ?? s.io.env.DOCKET_PROJECT;
  const base = {
    database: s.databasePath(),
    profile,
    actor: s.actor(),
    debug: s.debug,
    ...(project ? { project } : {}),
    ...(o.name ? { name: o.name } : {}),
  };
  if (mode === 'stdio') return runMcpStdio(base);
  const running = await runMcpHttp({
    ...base,
    host: o.host ?? '127.0.0.1',
    port: intArg(o.port, '--port') ?? DEFAULT_MCP_PORT,
    cors: o.cors ?? [],
    handleSignals: true,
  });
  await running.closed;
}

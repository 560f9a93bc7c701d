import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import { actorOf, authorize, type Caller } from '../core/access.js';
import type { Docket } from '../core/docket.js';
import { tokenReaches } from '../domain/access.js';
import { invalid, notFound } from '../domain/errors.js';
import { isUnexpected, toolError } from './errors.js';
import type { Call, Tool } from './tool.js';
import { BLINKDESK_TOOLS } from './tools/blinkdesk/index.js';
import { ticketTool } from './tools/ticket.js';
import { ticketAdminTool } from './tools/ticket-admin.js';
import { ticketBoardTool } from './tools/ticket-board.js';
import { ticketLinkTool } from './tools/ticket-link.js';
import { ticketSearchTool } from './tools/ticket-search.js';

/** `docket`: Docket's own five tools (stompy-ticketing's names); `blinkdesk`: BlinkDesk's eight documented ones. */
export const TOOL_PROFILES = ['docket', 'blinkdesk'] as const;
export type ToolProfile = (typeof TOOL_PROFILES)[number];

export const DOCKET_TOOLS: readonly Tool[] = [
  ticketTool,
  ticketBoardTool,
  ticketSearchTool,
  ticketLinkTool,
  ticketAdminTool,
];

export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface McpServerOptions {
  readonly profile?: ToolProfile;
  /** The project a call works on when it names none (else: the only project the caller can see). */
  readonly project?: string;
  /** The entity a local caller acts as (`--as` / `DOCKET_ACTOR`). */
  readonly actor?: string | null;
  /** The server name announced to clients. */
  readonly name?: string;
  /** Who made a call; over HTTP the handler derives it from the bearer token. Default: local. */
  readonly callerOf?: (extra: Extra) => Caller;
  /** Told about failures that are bugs, not refusals (the entry point logs them). */
  readonly onUnexpected?: (error: unknown) => void;
}

/** Set by the bundler (scripts/build.mjs) from package.json, as for the CLI. */
declare const DOCKET_VERSION: string | undefined;
const VERSION = typeof DOCKET_VERSION === 'string' ? DOCKET_VERSION : '0.0.0-dev';

/**
 * An MCP server over one Docket store, with the chosen tool profile; connect it to any transport.
 *
 * @example
 * await createMcpServer(docket, { actor: 'claude' }).connect(new StdioServerTransport());
 */
export function createMcpServer(docket: Docket, options: McpServerOptions = {}): McpServer {
  // Logging is declared so clients can set a level; the server uses it to report its own bugs.
  const server = new McpServer({ name: options.name ?? 'docket', version: VERSION }, { capabilities: { logging: {} } });
  registerTools(server, docket, options);
  return server;
}

/**
 * Registers Docket's tools (of the chosen profile) on an MCP server someone else made, e.g. a host
 * application's own; `callerOf` tells who each call comes from. Returns the tool names.
 *
 * @example
 * registerTools(hostServer, docket, { callerOf: (extra) => ({ kind: 'local', actor: userOf(extra) }) });
 */
export function registerTools(
  server: McpServer,
  docket: Docket,
  options: Omit<McpServerOptions, 'name'> = {},
): string[] {
  const local: Caller = { kind: 'local', actor: options.actor ?? null };
  const tools = options.profile === 'blinkdesk' ? BLINKDESK_TOOLS : DOCKET_TOOLS;
  for (const tool of tools) {
    server.registerTool(
      tool.name,
      { description: tool.description, inputSchema: tool.input, annotations: tool.annotations },
      async (args: Record<string, unknown>, extra: Extra) => {
        try {
          const caller = options.callerOf ? options.callerOf(extra) : local;
          const text = await tool.run(args, makeCall(docket, options, caller));
          return { content: [{ type: 'text' as const, text }] };
        } catch (error) {
          if (isUnexpected(error)) {
            options.onUnexpected?.(error);
            const data = `docket: ${error instanceof Error ? error.message : String(error)}`;
            void server.sendLoggingMessage({ level: 'error', logger: 'docket', data }, extra.sessionId).catch(() => {});
          }
          return toolError(error);
        }
      },
    );
  }
  return tools.map((t) => t.name);
}

function makeCall(docket: Docket, options: McpServerOptions, caller: Caller): Call {
  const projects = async () => {
    const all = await docket.projects();
    return caller.kind === 'token' ? all.filter((p) => tokenReaches(caller.token, p.key)) : all;
  };
  const defaultKey = async () => {
    if (options.project) return options.project;
    const visible = await projects();
    if (visible.length === 1) return visible[0]!.key;
    if (!visible.length) {
      if (caller.kind === 'token') throw notFound('project', 'this token reaches no project');
      throw notFound('project', 'none yet; create one with: docket init');
    }
    throw invalid(`say which project: project=KEY (projects: ${visible.map((p) => p.key).join(', ')})`, {
      field: 'project',
    });
  };
  return {
    docket,
    caller,
    projects,
    async project(key, needs, actor) {
      const chosen = (key?.trim() || (await defaultKey())).toLowerCase();
      authorize(caller, chosen, needs);
      return docket.project(chosen, { actor: actorOf(caller, actor ?? options.actor ?? null) });
    },
  };
}

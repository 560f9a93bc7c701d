import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Docket } from '../core/docket.js';
import { ChangeFeed } from '../core/feed.js';
import { callerFor, makeCall } from './call.js';
import { registerCompletions } from './completions.js';
import { isUnexpected, ProtocolError, protocolError, toolError } from './errors.js';
import { Subscriptions } from './live.js';
import type { Extra, McpServerOptions } from './options.js';
import { PROMPTS, registerPrompts } from './prompts/index.js';
import { registerResources } from './resources.js';
import type { Tool } from './tool.js';
import { BLINKDESK_TOOLS } from './tools/blinkdesk/index.js';
import { ticketTool } from './tools/ticket.js';
import { ticketAdminTool } from './tools/ticket-admin.js';
import { ticketBoardTool } from './tools/ticket-board.js';
import { ticketLinkTool } from './tools/ticket-link.js';
import { ticketSearchTool } from './tools/ticket-search.js';

export { type Extra, type McpServerOptions, TOOL_PROFILES, type ToolProfile } from './options.js';

export const DOCKET_TOOLS: readonly Tool[] = [
  ticketTool,
  ticketBoardTool,
  ticketSearchTool,
  ticketLinkTool,
  ticketAdminTool,
];

/** Set by the bundler (scripts/build.mjs) from package.json, as for the CLI. */
declare const DOCKET_VERSION: string | undefined;
const VERSION = typeof DOCKET_VERSION === 'string' ? DOCKET_VERSION : '0.0.0-dev';

/**
 * An MCP server over one Docket store: the chosen tool profile, the tickets as resources (with
 * subscriptions), the workflow prompts (default profile; their text names its tools) and completions.
 * Connect it to any transport.
 *
 * @example
 * await createMcpServer(docket, { actor: 'claude' }).connect(new StdioServerTransport());
 */
export function createMcpServer(docket: Docket, options: McpServerOptions = {}): McpServer {
  // Logging is declared so clients can set a level; the server uses it to report its own bugs.
  const server = new McpServer(
    { name: options.name ?? 'docket', version: VERSION },
    { capabilities: { logging: {}, resources: { subscribe: true, listChanged: true }, completions: {} } },
  );
  const feed = options.feed ?? new ChangeFeed(docket);
  const report = reporter(server, options);
  const live = new Subscriptions(server.server, feed, docket, report);
  const withFeed = { ...options, feed };
  const callOf = (extra: Extra) => makeCall(docket, withFeed, callerFor(withFeed, extra), extra);
  const guard = async <T>(run: () => Promise<T>, uri?: string): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (isUnexpected(error) && !(error instanceof ProtocolError)) report(error);
      throw protocolError(error, uri);
    }
  };
  registerTools(server, docket, withFeed);
  registerResources(server, withFeed, callOf, live, guard);
  const prompts = options.profile === 'blinkdesk' ? [] : PROMPTS;
  if (prompts.length) registerPrompts(server, callOf, guard);
  registerCompletions(server, prompts, callOf, guard);
  const closed = server.server.onclose;
  server.server.onclose = () => {
    closed?.();
    live.close();
    if (!options.feed) feed.close();
  };
  return server;
}

/** Logs a bug to the entry point and, as an MCP log message, to the client. */
function reporter(server: McpServer, options: McpServerOptions) {
  return (error: unknown, sessionId?: string) => {
    options.onUnexpected?.(error);
    const data = `docket: ${error instanceof Error ? error.message : String(error)}`;
    void server.sendLoggingMessage({ level: 'error', logger: 'docket', data }, sessionId).catch(() => {});
  };
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
  const tools = options.profile === 'blinkdesk' ? BLINKDESK_TOOLS : DOCKET_TOOLS;
  const report = reporter(server, options);
  for (const tool of tools) {
    server.registerTool(
      tool.name,
      { description: tool.description, inputSchema: tool.input, annotations: tool.annotations },
      async (args: Record<string, unknown>, extra: Extra) => {
        try {
          const text = await tool.run(args, makeCall(docket, options, callerFor(options, extra), extra));
          return { content: [{ type: 'text' as const, text }] };
        } catch (error) {
          if (isUnexpected(error)) report(error, extra.sessionId);
          return toolError(error);
        } finally {
          // A write here reaches this server's subscribers now rather than at the feed's next poll.
          if (!tool.annotations.readOnlyHint) options.feed?.wake();
        }
      },
    );
  }
  return tools.map((t) => t.name);
}

import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Caller } from '../core/access.js';
import type { ChangeFeed } from '../core/feed.js';

/** `docket`: Docket's own five tools (stompy-ticketing's names); `blinkdesk`: BlinkDesk's eight documented ones. */
export const TOOL_PROFILES = ['docket', 'blinkdesk'] as const;
export type ToolProfile = (typeof TOOL_PROFILES)[number];

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
  /**
   * The change feed subscriptions follow, shared by every session of one HTTP handler; a server
   * without one makes its own (stdio) and closes it with the server.
   */
  readonly feed?: ChangeFeed;
}

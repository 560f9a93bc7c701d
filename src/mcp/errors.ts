import { type CallToolResult, ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { isDocketError } from '../domain/errors.js';
import { withFix } from '../domain/fixes.js';
import { HTTP_STATUS } from '../domain/http-status.js';
import { MCP_FIXES } from './fixes.js';

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, 400);

/**
 * The one mapping from a failure to what an agent sees: a tool result with `isError` and one line,
 * `code: what went wrong; what to do`. Expected failures are DocketErrors; the remedy an error
 * carries is worded for an agent (a tool call), and an illegal move names the legal targets.
 */
export function toolError(error: unknown): CallToolResult {
  return { content: [{ type: 'text', text: errorLine(error) }], isError: true };
}

export function errorLine(error: unknown): string {
  if (isDocketError(error)) {
    let message = withFix(error, MCP_FIXES);
    const allowed = error.code === 'invalid_transition' ? error.details.allowed : undefined;
    if (allowed && !/legal targets|no move/.test(message)) {
      message += allowed.length ? `; legal targets: ${allowed.join(', ')}` : '; no move is possible from here';
    }
    return oneLine(`${error.code}: ${message}`);
  }
  const message = error instanceof Error ? error.message : String(error);
  return oneLine(`internal: ${message} (a bug in docket: please report it with the call that caused it)`);
}

/** Whether an error is a bug (worth logging with its stack) rather than an expected refusal. */
export function isUnexpected(error: unknown): boolean {
  return !isDocketError(error);
}

/** The status of a refusal that happens before any tool runs (auth, Host/Origin, body size), from the shared table. */
export function httpStatusOf(error: unknown): number {
  return isDocketError(error) ? HTTP_STATUS[error.code] : HTTP_STATUS.internal;
}

/** The specification's code for a resource that does not exist (the SDK's enum lacks it). */
export const RESOURCE_NOT_FOUND = -32002;

/**
 * A failed resource, prompt or completion request as a JSON-RPC error (these have no tool result to
 * carry it): for a resource (`uri` given) a Docket `not_found` or `validation` is the protocol's
 * resource-not-found; other refusals are invalid params; a bug is an internal error. Always one line,
 * never a stack.
 */
export function protocolError(error: unknown, uri?: string): ProtocolError {
  if (error instanceof ProtocolError) return error;
  const line = errorLine(error);
  if (!isDocketError(error)) return new ProtocolError(ErrorCode.InternalError, line);
  if (uri !== undefined && (error.code === 'not_found' || error.code === 'validation')) {
    return resourceNotFound(uri, line);
  }
  return new ProtocolError(ErrorCode.InvalidParams, line);
}

export const resourceNotFound = (uri: string, why: string) =>
  new ProtocolError(RESOURCE_NOT_FOUND, `resource not found: ${uri.slice(0, 200)} (${why})`, {
    uri: uri.slice(0, 200),
  });

/**
 * A JSON-RPC error as the SDK sends it (`code`, `message`, `data` of whatever a handler throws). Not
 * the SDK's McpError, which would put "MCP error N:" before the one line an agent should read.
 */
export class ProtocolError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
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

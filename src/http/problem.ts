import type { Duplex } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDocketError } from '../domain/errors.js';
import { withFix } from '../domain/fixes.js';
import { HTTP_STATUS as STATUS, type ProblemCode, TITLE } from '../domain/http-status.js';
import { REST_FIXES } from './fixes.js';

export type { ProblemCode } from '../domain/http-status.js';

/**
 * Errors as RFC 9457 `application/problem+json` answers, with the statuses of the shared table in
 * `domain/http-status.ts`. Clients branch on `code`: the library's error code, or an HTTP-only one.
 */

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: ProblemCode;
  readonly instance?: string;
  readonly details?: Record<string, unknown>;
}

/** Raised inside the HTTP face for failures the library does not know (bad JSON, stale If-Match). */
export class HttpProblem extends Error {
  constructor(
    readonly code: ProblemCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Fastify's own errors, by their `code`, as problems the client can act on. */
const FASTIFY: Readonly<Record<string, [ProblemCode, string]>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ['malformed', 'the body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['malformed', 'the body is empty; send a JSON object (or no Content-Type)'],
  FST_ERR_CTP_BODY_TOO_LARGE: ['too_large', 'the body is too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported_media_type', 'send the body as application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['malformed', 'Content-Length does not match the body'],
  FST_ERR_CTP_INVALID_TYPE: ['unsupported_media_type', 'the Content-Type header is not valid'],
  FST_ERR_BAD_URL: ['malformed', 'the URL is not valid (check its percent-encoding)'],
  FST_ERR_ASYNC_CONSTRAINT: ['malformed', 'the request could not be routed'],
};

/** Turns any error into a problem. `staleIfMatch` marks a version conflict caused by If-Match (412). */
export function toProblem(
  error: unknown,
  instance?: string,
  staleIfMatch = false,
): Problem & { headers: Record<string, string> } {
  let code: ProblemCode = 'internal';
  let detail = 'an unexpected error happened; it was logged, please report it';
  let details: Record<string, unknown> | undefined;
  const headers: Record<string, string> = {};
  if (isDocketError(error)) {
    code = error.code;
    detail = withFix(error, REST_FIXES);
    details = { ...error.details };
    if (code === 'conflict' && staleIfMatch && 'expected' in error.details) code = 'precondition_failed';
  } else if (error instanceof HttpProblem) {
    code = error.code;
    detail = error.message;
    details = error.details;
    Object.assign(headers, error.headers);
  } else if (typeof error === 'object' && error !== null) {
    const e = error as { code?: unknown; statusCode?: unknown; message?: unknown };
    const known = typeof e.code === 'string' ? FASTIFY[e.code] : undefined;
    if (known) [code, detail] = known;
    else if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      code = e.statusCode === 413 ? 'too_large' : e.statusCode === 415 ? 'unsupported_media_type' : 'malformed';
      detail = typeof e.message === 'string' ? e.message : 'the request is malformed';
    }
  }
  if (code === 'unauthorized') headers['www-authenticate'] = 'Bearer realm="docket"';
  if (code === 'rate_limited' || code === 'storage') {
    const wait = Number(details?.retryAfterSeconds ?? 1);
    headers['retry-after'] = String(Math.max(1, Math.ceil(wait)));
  }
  const status = STATUS[code];
  return {
    type: `/docs#problem-${code}`,
    title: TITLE[code],
    status,
    detail,
    code,
    ...(instance === undefined ? {} : { instance }),
    ...(details && Object.keys(details).length ? { details } : {}),
    headers,
  };
}

/** Sends `error` as application/problem+json. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const { headers, ...problem } = toProblem(
    error,
    request.url.split('?')[0],
    request.headers['if-match'] !== undefined,
  );
  if (problem.status >= 500 && problem.code === 'internal') request.log.error({ err: error }, 'unexpected error');
  return reply.code(problem.status).headers(headers).type('application/problem+json').send(problem);
}

export const problemStatus = (code: ProblemCode): number => STATUS[code];

/** Every code with its status and title, for the reference page. */
export const problemCodes = (): { code: ProblemCode; status: number; title: string }[] =>
  (Object.keys(STATUS) as ProblemCode[]).map((code) => ({ code, status: STATUS[code], title: TITLE[code] }));

/**
 * Bytes that are not HTTP at all (a broken request line, oversized headers) never reach a route:
 * answer them as problems too, then drop the connection, as Node does.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, code, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'too_large', 'the request headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'malformed', 'the request took too long to arrive']
        : [400, 'Bad Request', 'malformed', 'the request is not valid HTTP'];
  const body = JSON.stringify({ type: `/docs#problem-${code}`, title: reason, status, detail, code });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

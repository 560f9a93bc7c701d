import type { ErrorCode } from './errors.js';

/**
 * The one table from error codes to HTTP statuses, for every face that answers over HTTP: the REST
 * API's problem+json answers and MCP over Streamable HTTP / SSE refusing a request before any tool
 * runs. Pure data, so both faces share it without importing each other.
 */

/** Codes only HTTP has: a body that is not JSON, a stale If-Match, a media type we do not read. */
export type ProblemCode = ErrorCode | 'malformed' | 'precondition_failed' | 'unsupported_media_type' | 'internal';

export const HTTP_STATUS: Readonly<Record<ProblemCode, number>> = {
  malformed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  invalid_transition: 409,
  link_cycle: 409,
  conflict: 409,
  already_exists: 409,
  precondition_failed: 412,
  too_large: 413,
  unsupported_media_type: 415,
  validation: 422,
  schema: 422,
  rate_limited: 429,
  internal: 500,
  unsupported: 501,
  storage: 503,
};

export const TITLE: Readonly<Record<ProblemCode, string>> = {
  malformed: 'Malformed request',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  invalid_transition: 'Illegal transition',
  link_cycle: 'Link would make a cycle',
  conflict: 'Conflict',
  already_exists: 'Already exists',
  precondition_failed: 'Stale version',
  too_large: 'Too large',
  unsupported_media_type: 'Unsupported media type',
  validation: 'Invalid input',
  schema: 'Invalid schema',
  rate_limited: 'Too many requests',
  internal: 'Internal error',
  unsupported: 'Not supported',
  storage: 'Storage unavailable',
};

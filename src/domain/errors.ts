/**
 * Every expected failure in Docket is a DocketError with a literal `code`.
 * Faces map codes to exit codes, HTTP statuses and MCP tool errors in one table each.
 */
export const ERROR_CODES = [
  'not_found',
  'invalid_transition',
  'conflict',
  'validation',
  'forbidden',
  'unauthorized',
  'rate_limited',
  'too_large',
  'already_exists',
  'link_cycle',
  'schema',
  'unsupported',
  'storage',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class DocketError extends Error {
  override readonly name = 'DocketError';
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.details = Object.freeze({ ...details });
  }
}

export function isDocketError(value: unknown): value is DocketError {
  return value instanceof DocketError;
}

export const notFound = (what: string, hint = '', details: Record<string, unknown> = {}) =>
  new DocketError('not_found', hint ? `${what} not found: ${hint}` : `${what} not found`, details);

export const invalid = (message: string, details: Record<string, unknown> = {}) =>
  new DocketError('validation', message, details);

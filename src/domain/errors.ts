/**
 * Every expected failure in Docket is a DocketError with a literal `code` and the details that code
 * carries (typed per code, as zod types its issues). Faces map codes to exit codes, HTTP statuses
 * and MCP tool errors in one table each, and read details only after narrowing on `code`.
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

/**
 * What a caller can do about a refusal, as data in the error's `details.fix`. The core names the
 * remedy; each face words it in its own terms (a CLI command, an MCP tool call, a REST route), so an
 * agent is never told to run a command it cannot run.
 */
export type Fix =
  | { readonly kind: 'create_project'; readonly project: string }
  | { readonly kind: 'add_entity'; readonly entity: string }
  | { readonly kind: 'list_entities' }
  | { readonly kind: 'add_category'; readonly category: string }
  | { readonly kind: 'pick_ready' }
  | { readonly kind: 'name_actor' }
  | { readonly kind: 'get_token' };

/** Details every code may carry: the remedy a face words in its own terms (domain/fixes.ts). */
interface Common {
  readonly fix?: Fix;
}

/** What each code's details hold. Keys are optional unless every error of that code has them. */
export interface ErrorDetails {
  readonly not_found: Common & {
    readonly id?: string;
    readonly project?: string;
    readonly entity?: string;
    readonly linkId?: number;
    readonly tokenId?: number;
    readonly token?: number;
    readonly webhook?: number;
    readonly delivery?: number;
    readonly path?: string;
    readonly schema?: string;
    readonly milestone?: string;
    /** What git could not find: `no_repository`, or the git command that failed. */
    readonly git?: string;
  };
  readonly invalid_transition: Common & {
    readonly id?: string;
    readonly from?: string;
    readonly to?: string;
    /** The legal targets from `from`. */
    readonly allowed?: readonly string[];
  };
  readonly conflict: Common & {
    readonly id?: string;
    /** The ticket's version now, and the one the caller had (a stale write). */
    readonly version?: number;
    readonly expected?: number;
    readonly assignee?: string;
    readonly count?: number;
    readonly linkId?: number;
    readonly idempotencyKey?: string;
    readonly field?: string;
    /** When to try again (a request with the same key still running). */
    readonly retryAfterSeconds?: number;
    /** A port another program holds. */
    readonly port?: number;
    /** The driver's error code behind a clash of concurrent writes. */
    readonly code?: string;
    /** A git hook that cannot be installed beside the one already there. */
    readonly hook?: string;
  };
  readonly validation: Common & {
    readonly field?: string;
    readonly value?: unknown;
    /** The values that would have been accepted. */
    readonly allowed?: readonly unknown[];
    readonly issues?: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[];
    /** Which part of a request the issues are in (body, query, params). */
    readonly in?: string;
    readonly key?: string;
    readonly max?: number;
    readonly path?: string;
    readonly host?: string;
    readonly port?: string | number;
    readonly projects?: readonly string[];
    /** Where in an imported file: its line, or the source's ticket. */
    readonly line?: number;
    readonly ticket?: number | string;
    /** The import source (`github`, `jira`, …) and the mapping rule a value came from. */
    readonly kind?: string;
    readonly rule?: string;
    /** Where in the source a bad record stands (`line 5`, a file name), and what is wrong with it. */
    readonly origin?: string;
    readonly reason?: string;
    /** The driver's error code, or a value stored earlier that the request contradicts. */
    readonly code?: string;
    readonly stored?: string;
    readonly missing?: readonly string[] | string;
    /** The git command that failed. */
    readonly git?: string;
  };
  readonly forbidden: Common & {
    readonly operation?: string;
    readonly entity?: string;
    readonly id?: string;
    readonly project?: string;
    readonly scope?: string;
    /** The scope the request needed. */
    readonly needs?: string;
    readonly host?: string;
    /** Why a request was refused at the door (`host_or_origin`: a browser request from elsewhere). */
    readonly reason?: string;
  };
  readonly unauthorized: Common & { readonly reason?: string };
  readonly rate_limited: Common & { readonly retryAfterSeconds: number };
  readonly too_large: Common & { readonly limit?: number };
  readonly already_exists: Common & {
    readonly project?: string;
    readonly projects?: readonly string[];
    readonly entity?: string;
  };
  readonly link_cycle: Common & { readonly source: string; readonly target: string; readonly type: string };
  readonly schema: Common & { readonly problems?: readonly string[] };
  readonly unsupported: Common & {
    readonly store?: string;
    readonly backend?: string;
    readonly setting?: string;
    readonly feature?: string;
    readonly path?: string;
    readonly version?: number;
    /** `missing`: the git CLI is not installed. */
    readonly git?: string;
  };
  readonly storage: Common & {
    /** The driver's error code (SQLITE_BUSY, a PostgreSQL SQLSTATE, …). */
    readonly code?: string;
    readonly path?: string;
    /** What the file is, when it is not a Docket database (a usage error in the CLI). */
    readonly notDocket?: string;
    readonly projectId?: number;
    readonly project?: string;
    readonly target?: string;
    /** A PostgreSQL database (host:port/name) or schema. */
    readonly database?: string;
    readonly schema?: string;
    /** A database's schema version, and the newest this Docket knows. */
    readonly version?: number;
    readonly supported?: number;
    readonly missing?: readonly string[] | string;
  };
}

export class DocketError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name = 'DocketError';
  readonly code: C;
  readonly details: ErrorDetails[C];

  constructor(
    code: C,
    message: string,
    // Details may be left out where a code's details are all optional.
    ...[details]: Partial<ErrorDetails[C]> extends ErrorDetails[C] ? [ErrorDetails[C]?] : [ErrorDetails[C]]
  ) {
    super(message);
    this.code = code;
    this.details = Object.freeze({ ...(details ?? {}) }) as ErrorDetails[C];
  }
}

/** A DocketError of any code, narrowed by checking `code`: `if (e.code === 'validation') e.details.allowed`. */
export type AnyDocketError = { [C in ErrorCode]: DocketError<C> }[ErrorCode];

export function isDocketError(value: unknown): value is AnyDocketError {
  return value instanceof DocketError;
}

export const notFound = (what: string, hint = '', details: ErrorDetails['not_found'] = {}) =>
  new DocketError('not_found', hint ? `${what} not found: ${hint}` : `${what} not found`, details);

export const invalid = (message: string, details: ErrorDetails['validation'] = {}) =>
  new DocketError('validation', message, details);

import type { AnyDocketError, ErrorCode } from '../domain/errors.js';
import { isDocketError } from '../domain/errors.js';
import { fixOf, withFix } from '../domain/fixes.js';
import { CLI_FIXES } from './fixes.js';

/** Exit codes: 0 success, 1 a user error (the message says how to fix it), 2 a usage error. */
export const EXIT_OK = 0;
export const EXIT_USER = 1;
export const EXIT_USAGE = 2;

interface Row {
  readonly exit: number;
  readonly hint?: string;
  /** True when the details show a wrong argument rather than a wrong action: exit 2 instead. */
  readonly usage?: (e: AnyDocketError) => boolean;
}

/**
 * The one table from DocketError codes to exit codes, with a hint appended when the core's message
 * does not already say what to do next.
 */
const CODES: Readonly<Record<ErrorCode, Row>> = {
  not_found: { exit: EXIT_USER, hint: 'check the id or name; docket ls lists tickets' },
  invalid_transition: { exit: EXIT_USER },
  conflict: { exit: EXIT_USER },
  validation: { exit: EXIT_USER },
  forbidden: { exit: EXIT_USER },
  already_exists: { exit: EXIT_USER },
  link_cycle: { exit: EXIT_USER },
  schema: { exit: EXIT_USER, hint: 'fix the schema file and run the command again' },
  unsupported: { exit: EXIT_USER },
  // -d (or DOCKET_DB) naming a file that is not a Docket database is a flag value of the wrong kind
  storage: { exit: EXIT_USER, usage: (e) => e.code === 'storage' && typeof e.details.notDocket === 'string' },
  unauthorized: { exit: EXIT_USER },
  rate_limited: { exit: EXIT_USER, hint: 'wait a moment and try again' },
  too_large: { exit: EXIT_USER },
};

/** A mistake in how the command was typed (bad flag value, missing argument): exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The command has already said what went wrong (a bulk run with failures): exit 1, print nothing more. */
export class AlreadyReported extends Error {
  override readonly name = 'AlreadyReported';
  constructor(readonly exit: number = EXIT_USER) {
    super('already reported');
  }
}

export interface Reported {
  readonly exit: number;
  /** What goes to stderr (one line, or one JSON object with --json). */
  readonly text: string;
}

/**
 * `serve` and `mcp` run from a bundle of their own (server-commands.ts) with its own copy of the
 * error classes, so errors are known by name and shape as well as by `instanceof`.
 */
const named = (e: unknown, name: string): e is Error => e instanceof Error && e.name === name;

function anyDocketError(e: unknown): e is AnyDocketError {
  const code = (e as { code?: unknown } | null)?.code;
  return isDocketError(e) || (named(e, 'DocketError') && typeof code === 'string' && Object.hasOwn(CODES, code));
}

/** Turns any error into an exit code and one line for stderr; the stack only with `debug`. */
export function reportError(e: unknown, options: { json: boolean; debug: boolean }): Reported {
  if (e instanceof AlreadyReported || named(e, 'AlreadyReported')) {
    return { exit: (e as AlreadyReported).exit, text: '' };
  }
  if (anyDocketError(e)) {
    const row = CODES[e.code] ?? { exit: EXIT_USER };
    // The core names a remedy as data (details.fix); the CLI words it as the command to run.
    const fixed = fixOf(e) ? withFix(e, CLI_FIXES) : e.message;
    const hinted =
      fixed === e.message && row.hint && !/\bdocket\s|--|;/.test(e.message) ? `${e.message} (${row.hint})` : fixed;
    const text = options.json
      ? JSON.stringify({ error: { code: e.code, message: fixed, details: e.details } })
      : `docket: ${oneLine(hinted)}`;
    return { exit: row.usage?.(e) ? EXIT_USAGE : row.exit, text: withStack(text, e, options.debug) };
  }
  if (e instanceof UsageError || named(e, 'UsageError')) {
    const text = options.json
      ? JSON.stringify({ error: { code: 'usage', message: e.message } })
      : `docket: ${oneLine(e.message)} (see docket --help)`;
    return { exit: EXIT_USAGE, text: withStack(text, e, options.debug) };
  }
  const message = e instanceof Error ? e.message : String(e);
  const text = options.json
    ? JSON.stringify({ error: { code: 'internal', message } })
    : `docket: unexpected error: ${oneLine(message)}${options.debug ? '' : ' (run again with --debug for details, and please report it)'}`;
  return { exit: EXIT_USER, text: withStack(text, e, options.debug) };
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ').trim();

function withStack(text: string, e: unknown, debug: boolean): string {
  return debug && e instanceof Error && e.stack ? `${text}\n${e.stack}` : text;
}

import { DocketError, isDocketError } from '../../domain/errors.js';

/** SQLSTATEs after which re-running the whole transaction can succeed. */
export const RETRYABLE = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '23505', // unique_violation: under READ COMMITTED, another writer inserted the same key after our check
]);

/**
 * Thrown when a write wants its project's row exclusively while other writes hold it shared: the
 * write runs again from the start, taking the row exclusively at once (PostgresStore.withRetries).
 */
export class ProjectRowBusy extends Error {
  constructor() {
    super('other writes hold the project row; running again with it taken first');
  }
}

export function sqlState(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** The Node network error code of a failed connection (pg may wrap several attempts in one error). */
function networkCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
  const inner = (e as { errors?: unknown[] } | null)?.errors;
  return Array.isArray(inner) ? networkCode(inner[0]) : undefined;
}

const NETWORK: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused; is the server running, and are host and port in the URL right?',
  ENOTFOUND: 'unknown host; check the host name in the URL',
  EAI_AGAIN: 'the host name could not be resolved right now; check the URL and your DNS',
  ETIMEDOUT: 'the connection timed out; is the server reachable from here?',
  ECONNRESET: 'the server closed the connection; try again',
  EHOSTUNREACH: 'the host is unreachable from here',
  ENOENT: 'no server socket at that path; is the server running?',
};

/**
 * Turns driver errors into DocketErrors that say what to do, without a stack; lets DocketErrors
 * through, and programming errors (no SQLSTATE, no network code) too, so they stay visible as bugs.
 */
export function pgError(e: unknown, label: string): unknown {
  if (isDocketError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  const net = networkCode(e);
  if (net) {
    const why = NETWORK[net] ?? message;
    return new DocketError('storage', `cannot reach PostgreSQL at ${label}: ${why}`, { code: net, database: label });
  }
  const state = sqlState(e);
  if (!state) {
    if (/timeout exceeded when trying to connect/i.test(message)) {
      return new DocketError(
        'storage',
        `every pooled connection to PostgreSQL at ${label} stayed busy; try again, or raise the pool size`,
        { database: label },
      );
    }
    if (/connection timeout/i.test(message)) {
      return new DocketError('storage', `cannot reach PostgreSQL at ${label}: the connection timed out`, {
        database: label,
      });
    }
    if (/Connection terminated|Client has encountered a connection error/i.test(message)) {
      return new DocketError('storage', `lost the connection to PostgreSQL at ${label} (${message}); try again`, {
        database: label,
      });
    }
    return e;
  }
  const details = { code: state, database: label };
  switch (state) {
    case '28P01':
    case '28000':
      return new DocketError(
        'storage',
        `PostgreSQL at ${label} refused the login (${message}); check the user and password in the URL, or pg_hba.conf`,
        details,
      );
    case '3D000':
      return new DocketError(
        'storage',
        `${message} at ${label}; create it first (createdb NAME, or CREATE DATABASE in psql) or fix the URL`,
        details,
      );
    case '42501':
      return new DocketError(
        'storage',
        `the database user lacks a privilege Docket needs (${message}); grant it, or connect as the schema's owner`,
        details,
      );
    case '53300':
      return new DocketError(
        'storage',
        `PostgreSQL at ${label} has too many connections; lower the pool size or raise max_connections`,
        details,
      );
    case '55P03':
      return new DocketError(
        'storage',
        'the database is busy (another transaction held the rows this change needs too long); try again',
        details,
      );
    case '57P01':
    case '57P02':
    case '57P03':
      return new DocketError(
        'storage',
        `PostgreSQL at ${label} is shutting down or starting up; try again shortly`,
        details,
      );
    case '23505':
    case '23503':
    case '40001':
    case '40P01':
      return new DocketError(
        'conflict',
        `the change clashes with data written at the same time (${message}); try again`,
        details,
      );
    case '22021':
    case '22P05':
      return new DocketError(
        'validation',
        'text must not contain NUL (\\u0000) characters, which PostgreSQL cannot store; remove them and retry',
        { code: state },
      );
    default:
      if (state.startsWith('08')) {
        return new DocketError(
          'storage',
          `lost the connection to PostgreSQL at ${label} (${message}); try again`,
          details,
        );
      }
      return new DocketError('storage', `database error on ${label}: ${message} (SQLSTATE ${state})`, details);
  }
}

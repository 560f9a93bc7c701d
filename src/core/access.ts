import { type Scope, scopeAllows, type TokenInfo, tokenReaches } from '../domain/access.js';
import { DocketError } from '../domain/errors.js';
import type { Docket } from './docket.js';

/**
 * The access rules every network face shares (REST, MCP over HTTP, live streams): which Host and
 * Origin headers are accepted, who the caller is, and what a caller may do in a project.
 */

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|::1|\[::1\]|localhost)$/i;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

export interface OriginPolicy {
  /** Host names the server answers to (no port), e.g. 127.0.0.1, localhost. */
  readonly hosts: readonly string[];
  /** Exact origins allowed to call from a browser, e.g. http://localhost:7420. */
  readonly origins: readonly string[];
}

/** The policy for a server bound to `host:port`: its own names and origins, plus any extra CORS origins. */
export function originPolicy(host: string, port: number, extraOrigins: readonly string[] = []): OriginPolicy {
  const names = isLoopback(host) || host === '0.0.0.0' || host === '::' ? ['127.0.0.1', 'localhost', '[::1]'] : [];
  if (!names.includes(host)) names.push(host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);
  const origins = names.flatMap((n) => [`http://${n}:${port}`, `https://${n}:${port}`]);
  return { hosts: names, origins: [...origins, ...extraOrigins.map((o) => o.replace(/\/+$/, ''))] };
}

/** Why a request's Host or Origin is refused (403), or null when it may proceed. */
export function refuseHostOrOrigin(
  policy: OriginPolicy,
  host: string | undefined,
  origin: string | undefined,
): string | null {
  if (!host) return 'missing Host header';
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
  if (!policy.hosts.includes(name.toLowerCase())) return `Host '${host.slice(0, 100)}' is not served here`;
  if (origin !== undefined && !policy.origins.includes(origin)) {
    return `Origin '${origin.slice(0, 100)}' is not allowed (add it with --cors ORIGIN)`;
  }
  return null;
}

/** Who is calling: a local caller (no tokens configured, loopback only) or a token's holder. */
export type Caller =
  | { readonly kind: 'local'; readonly actor: string | null }
  | { readonly kind: 'token'; readonly token: TokenInfo };

/**
 * Works out the caller from an `Authorization: Bearer …` header. With tokens configured every
 * request needs a live one; without any, requests are local (the server refuses non-loopback binds).
 */
export async function identify(
  docket: Docket,
  authorization: string | undefined,
  tokensConfigured: boolean,
): Promise<Caller> {
  const match = authorization?.match(/^Bearer\s+(\S+)\s*$/i);
  if (match) {
    const token = await docket.authenticate(match[1]!);
    if (!token)
      throw new DocketError('unauthorized', 'the bearer token is unknown or revoked', { fix: { kind: 'get_token' } });
    return { kind: 'token', token };
  }
  if (authorization) throw new DocketError('unauthorized', 'use an Authorization header of the form: Bearer <token>');
  if (tokensConfigured)
    throw new DocketError('unauthorized', 'this server requires a token: send Authorization: Bearer <token>');
  return { kind: 'local', actor: null };
}

/**
 * Checks that `caller` may act on `project` with `needs`. A project the token does not reach is
 * reported as not found, so a token learns nothing about other projects.
 */
export function authorize(caller: Caller, project: string, needs: Scope): void {
  if (caller.kind === 'local') return;
  if (!tokenReaches(caller.token, project)) {
    throw new DocketError('not_found', `project not found: '${project.slice(0, 64)}'`, { project });
  }
  if (!scopeAllows(caller.token.scope, needs)) {
    throw new DocketError('forbidden', `this token's scope is ${caller.token.scope}; this needs ${needs}`, {
      scope: caller.token.scope,
      needs,
    });
  }
}

/** The entity a caller acts as: the token's, else the one the caller names (local use). */
export function actorOf(caller: Caller, named?: string | null): string | null {
  return caller.kind === 'token' ? caller.token.entity : (named ?? caller.actor);
}

import type { Scope, TokenInfo } from '../domain/access.js';
import { DocketError } from '../domain/errors.js';
import { parseInput, SlugSchema } from '../domain/inputs.js';
import {
  authorize,
  type Caller,
  identify,
  isLoopback,
  type OriginPolicy,
  originPolicy,
  refuseHostOrOrigin,
} from './access.js';
import type { Docket } from './docket.js';
import { RateLimiter, type RateLimitOptions } from './rate-limit.js';

/**
 * The one door every network caller passes: REST routes, MCP over Streamable HTTP and SSE, live
 * event streams and the embedding plugin all call `admit()`, which decides in one fixed order:
 * Host/Origin (403), who is calling (401), the rate limit (429), the actor, then the project and
 * scope (404 for a project a token does not reach, 403 for a scope too small).
 */

/** What a transport knows about one request, before anything is decided. */
export interface Knock {
  readonly host?: string | undefined;
  readonly origin?: string | undefined;
  readonly authorization?: string | undefined;
  /** Whom a local caller acts as: the `Docket-Actor` header, else the transport's default (`--as`). */
  readonly actor?: string | undefined;
  /** The client's address: local callers share one rate-limit bucket per address. */
  readonly address?: string | undefined;
  /** The project the request works on, when the transport knows it (REST paths do). */
  readonly project?: string | undefined;
  /** What the request needs in `project`. */
  readonly needs?: Scope | undefined;
  /** The request holds no data (docs, health, the board's files): only Host/Origin is checked. */
  readonly public?: boolean | undefined;
  /** Who calls, as an embedding host decided it (it authenticated the request); ignored by a server's door. */
  readonly hostCaller?: Caller | undefined;
}

/** Who was let in, and as whom they act (history records it). */
export interface Admission {
  readonly caller: Caller;
  readonly actor: string | null;
}

export interface DoorOptions {
  /** The address the server binds: off loopback a token is needed even when none exists yet. */
  readonly host: string;
  /** The port it listens on (decides the server's own origins); `serving()` updates it. */
  readonly port: number;
  /** Browser origins allowed besides the server's own. */
  readonly cors?: readonly string[];
  /** Per caller; default 200 requests/s in bursts of 800. `{ rate: 0 }` turns it off. */
  readonly rateLimit?: RateLimitOptions;
  /** How long token lookups and "are tokens configured?" are cached, in ms (revocation takes effect within it). */
  readonly cacheMs?: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { rate: 200, burst: 800 };

const LOCAL: Caller = { kind: 'local', actor: null };

export class Door {
  private policy: OriginPolicy | null;
  private readonly limiter: RateLimiter | null;
  private tokensKnown: { value: boolean; until: number } | null = null;
  private readonly tokenCache = new Map<string, { token: TokenInfo | null; until: number }>();
  private readonly cached: Pick<Docket, 'authenticate'>;

  private constructor(
    private readonly docket: Docket,
    /** Null for an embedded door: the host checks Host/Origin, tokens and rates itself. */
    private readonly options: DoorOptions | null,
  ) {
    this.policy = options ? originPolicy(options.host, options.port, options.cors ?? []) : null;
    this.limiter = options ? new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT) : null;
    const cacheMs = options?.cacheMs ?? 2000;
    // Token lookups are a read transaction and a hash each; caching them keeps the hot path cheap.
    this.cached = {
      authenticate: async (secret) => {
        const now = Date.now();
        const hit = this.tokenCache.get(secret);
        if (hit && hit.until >= now) return hit.token;
        const token = await docket.authenticate(secret);
        if (this.tokenCache.size > 1000) this.tokenCache.clear();
        this.tokenCache.set(secret, { token, until: now + cacheMs });
        return token;
      },
    };
  }

  /** The door of a Docket server (`docket serve`, `docket mcp --http`): tokens, Host/Origin, rate limit. */
  static server(docket: Docket, options: DoorOptions): Door {
    return new Door(docket, options);
  }

  /**
   * The door of Docket's routes inside another application: the host decides who calls (the
   * knock's `hostCaller`, default a local caller acting as its `Docket-Actor`) and limits rates.
   */
  static embedded(docket: Docket): Door {
    return new Door(docket, null);
  }

  /** Tells the door the port the server ended up on (port 0 picks one), for its own origins. */
  serving(port: number): void {
    if (this.options) this.policy = originPolicy(this.options.host, port, this.options.cors ?? []);
  }

  /**
   * Lets a request in or throws the DocketError that says why not. Returns null for a public
   * request, which passed the Host/Origin check and carries no identity.
   */
  async admit(knock: Knock): Promise<Admission | null> {
    if (this.policy) {
      const refused = refuseHostOrOrigin(this.policy, knock.host, knock.origin);
      if (refused) throw new DocketError('forbidden', refused, { reason: 'host_or_origin' });
    }
    if (knock.public) return null;

    const caller = !this.options
      ? (knock.hostCaller ?? LOCAL)
      : await identify(this.cached as Docket, knock.authorization, await this.tokensRequired());
    if (this.limiter) {
      const wait = this.limiter.take(caller.kind === 'token' ? `token:${caller.token.id}` : `ip:${knock.address}`);
      if (wait > 0) {
        throw new DocketError('rate_limited', `too many requests; wait ${Math.ceil(wait)} s and retry`, {
          retryAfterSeconds: Math.ceil(wait),
        });
      }
    }
    const named = knock.actor ? parseInput(SlugSchema, knock.actor, 'Docket-Actor') : null;
    const actor = caller.kind === 'token' ? caller.token.entity : (caller.actor ?? named);
    if (knock.project !== undefined && knock.needs) authorize(caller, knock.project, knock.needs);
    return { caller: caller.kind === 'local' ? { kind: 'local', actor } : caller, actor };
  }

  /** With tokens configured every request needs a live one; off loopback always, even before the first exists. */
  private async tokensRequired(): Promise<boolean> {
    if (this.options && !isLoopback(this.options.host)) return true;
    const now = Date.now();
    if (!this.tokensKnown || this.tokensKnown.until < now) {
      this.tokensKnown = { value: await this.docket.hasTokens(), until: now + (this.options?.cacheMs ?? 2000) };
    }
    return this.tokensKnown.value;
  }
}

/**
 * Refuses to start a server on a non-loopback address while no token exists: anyone who could
 * reach it could change tickets.
 */
export async function refuseOpenBind(docket: Docket, host: string, what = ''): Promise<void> {
  if (isLoopback(host) || (await docket.hasTokens())) return;
  throw new DocketError(
    'forbidden',
    `refusing to serve ${what ? `${what} ` : ''}on ${host} without an API token: anyone who can reach it could change tickets. Create one first (docket token create --project P --scope write) or bind 127.0.0.1`,
    { host },
  );
}

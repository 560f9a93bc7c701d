import { createHmac } from 'node:crypto';
import { lookup } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * One webhook request: the signature receivers check, where Docket refuses to send, and a POST with
 * a hard timeout, no redirects followed and a bounded read of the answer.
 */

/** `t=UNIX_SECONDS,v1=HEX`, HEX being HMAC-SHA256 of the secret over `t + "." + body` (Stripe's scheme). */
export function signature(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** Never a target: link-local addresses and the cloud metadata services that live there. */
const ALWAYS_REFUSED = new BlockList();
ALWAYS_REFUSED.addSubnet('169.254.0.0', 16, 'ipv4');
ALWAYS_REFUSED.addSubnet('fe80::', 10, 'ipv6');
ALWAYS_REFUSED.addAddress('fd00:ec2::254', 'ipv6');

/** Loopback, private and unspecified ranges: only where the project sets `webhook_allow_private`. */
const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv4');
}
PRIVATE.addSubnet('fc00::', 7, 'ipv6');
PRIVATE.addAddress('::1', 'ipv6');
PRIVATE.addAddress('::', 'ipv6');

/** Why Docket will not send to this address, or null when it may. */
export function refusedAddress(address: string, allowPrivate: boolean): string | null {
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is checked as the IPv4 address it is.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (ALWAYS_REFUSED.check(ip, family)) {
    return `${address} is link-local or a cloud metadata address; webhooks never go there`;
  }
  if (!allowPrivate && PRIVATE.check(ip, family)) {
    return `${address} is a loopback or private address; allow it with: docket config set webhook_allow_private true`;
  }
  return null;
}

/** A resolver for the request that refuses forbidden addresses as it connects (no DNS rebinding window). */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const list = addresses as unknown as { address: string; family: number }[];
      for (const a of list) {
        const why = refusedAddress(a.address, allowPrivate);
        if (why) return callback(Object.assign(new Error(why), { code: 'EREFUSEDTARGET' }), '', 4);
      }
      if (options.all) return (callback as unknown as (e: null, a: typeof list) => void)(null, list);
      const first = list[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/**
 * Connections kept open between deliveries (a busy subscription would otherwise pay a TCP and TLS
 * handshake per event), one pool per protocol and target rule: a socket is checked when it connects,
 * so one opened where private targets are allowed must never serve a project that forbids them.
 */
const AGENTS = new Map<string, HttpAgent>();
function agentFor(https: boolean, allowPrivate: boolean): HttpAgent {
  const key = `${https}:${allowPrivate}`;
  let agent = AGENTS.get(key);
  if (!agent) {
    const options = { keepAlive: true, maxSockets: 16, maxFreeSockets: 4, lookup: guardedLookup(allowPrivate) };
    agent = https ? new HttpsAgent(options) : new HttpAgent(options);
    AGENTS.set(key, agent);
  }
  return agent;
}

export interface PostOptions {
  readonly timeoutMs: number;
  readonly allowPrivate: boolean;
  /** Bytes of the answer read at most (the rest is dropped). */
  readonly maxResponseBytes?: number;
  /** Aborting cuts the request off (the result then says so). */
  readonly signal?: AbortSignal;
}

export interface PostResult {
  /** The HTTP status, or null when no answer came (timeout, connection error, refused target). */
  readonly status: number | null;
  readonly error: string | null;
  /** The start of the answer's body, for the delivery log. */
  readonly body: string;
  /** Seconds (or a date) the receiver asked to wait before the next try. */
  readonly retryAfterMs: number | null;
  /** True when Docket refused the target itself: retrying would not help. */
  readonly refused: boolean;
}

/** Reads `Retry-After` (seconds, or an HTTP date) as milliseconds from `now`. */
export function retryAfterMs(value: string | undefined, now: number): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** POSTs `body` to `url`; never throws, every failure is in the result. */
export function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: PostOptions,
): Promise<PostResult> {
  const limit = options.maxResponseBytes ?? 64 * 1024;
  return new Promise((resolve) => {
    let settled = false;
    let onAbort: (() => void) | undefined;
    const done = (r: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (onAbort) options.signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const fail = (error: string, refused = false) =>
      done({ status: null, error, body: '', retryAfterMs: null, refused });
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      fail(`'${url}' is not a URL`, true);
      return;
    }
    const literal = target.hostname.replace(/^\[|\]$/g, '');
    if (isIP(literal)) {
      const why = refusedAddress(literal, options.allowPrivate);
      if (why) {
        fail(why, true);
        return;
      }
    }
    const https = target.protocol === 'https:';
    const send = https ? httpsRequest : httpRequest;
    const req = send(target, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: guardedLookup(options.allowPrivate),
      agent: agentFor(https, options.allowPrivate),
    });
    const timer = setTimeout(() => {
      req.destroy();
      fail(`no answer within ${Math.round(options.timeoutMs / 1000)} s`);
    }, options.timeoutMs);
    onAbort = () => {
      req.destroy();
      fail('stopped before an answer came');
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e: NodeJS.ErrnoException) => {
      fail(e.code === 'EREFUSEDTARGET' ? e.message : `${e.code ?? 'error'}: ${e.message}`, e.code === 'EREFUSEDTARGET');
    });
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => {
        const status = res.statusCode ?? 0;
        const header = res.headers['retry-after'];
        done({
          status,
          error: status >= 200 && status < 300 ? null : describeStatus(status, res.headers.location),
          body: Buffer.concat(chunks).toString('utf8').slice(0, 500),
          retryAfterMs: retryAfterMs(Array.isArray(header) ? header[0] : header, Date.now()),
          refused: false,
        });
        res.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        if (size < limit) chunks.push(chunk.subarray(0, limit - size));
        size += chunk.length;
        if (size >= limit) finish();
      });
      res.on('end', finish);
      res.on('error', finish);
    });
    req.end(body);
  });
}

function describeStatus(status: number, location: string | undefined): string {
  if (status >= 300 && status < 400) {
    return `the receiver answered ${status} (redirect${location ? ` to ${location}` : ''}); Docket follows no redirects: point the webhook at the final URL`;
  }
  return `the receiver answered ${status}`;
}

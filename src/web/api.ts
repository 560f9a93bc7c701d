/**
 * The board's only way to the server: `fetch` against the REST API. Every failure becomes an
 * ApiError carrying the server's problem+json (its `code` and its message), so the UI can show
 * the server's own words.
 */

export interface Problem {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }

  get code(): string {
    return this.problem.code;
  }

  get status(): number {
    return this.problem.status;
  }

  /**
   * The message for each field a validation problem names (`title` → `must not be empty`), from
   * the zod issues the API attaches, else from its `field: message; …` wording.
   */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    const issues = this.problem.details?.issues;
    if (Array.isArray(issues)) {
      for (const issue of issues as { path?: unknown; message?: unknown }[]) {
        const field = Array.isArray(issue.path) ? String(issue.path[0] ?? '') : '';
        if (field && typeof issue.message === 'string' && !(field in out)) out[field] = issue.message;
      }
    }
    if (!Object.keys(out).length) {
      for (const part of this.problem.detail.split('; ')) {
        const m = /^([a-zA-Z]+(?:\.[a-z][a-z0-9_]*)?)(?:\.\d+)?: (.+)$/.exec(part);
        if (m?.[1] && m[2] && !(m[1] in out)) out[m[1]] = m[2];
      }
    }
    return out;
  }
}

const TOKEN = 'docket.token';
const ACTOR = 'docket.actor';

function stored(key: string): string {
  try {
    return localStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

/** The API token and the entity to act as, kept in this browser only. */
export const credentials = {
  token: (): string => stored(TOKEN),
  actor: (): string => stored(ACTOR),
  save(token: string, actor: string): void {
    for (const [key, value] of [
      [TOKEN, token.trim()],
      [ACTOR, actor.trim()],
    ] as const) {
      if (value) localStorage.setItem(key, value);
      else localStorage.removeItem(key);
    }
  },
};

/** Headers every request carries: the token when one is set, and who is acting (local use). */
export function authHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const token = credentials.token();
  const actor = credentials.actor();
  if (token) headers.authorization = `Bearer ${token}`;
  else if (actor) headers['docket-actor'] = actor;
  return headers;
}

export type Query = Readonly<Record<string, string | number | boolean | null | undefined>>;

export interface RequestOptions {
  readonly query?: Query;
  readonly body?: unknown;
  /** The version the change is based on, sent as If-Match: the server refuses a stale write (412). */
  readonly version?: number;
  readonly signal?: AbortSignal;
}

/** `/projects/KEY/…` with each segment encoded. */
export const projectPath = (project: string, ...rest: readonly string[]): string =>
  ['/projects', project, ...rest].map((s, i) => (i === 0 ? s : encodeURIComponent(s))).join('/');

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** One API call; resolves to the JSON body (undefined for 204) or throws an ApiError. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...authHeaders() };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.version !== undefined) headers['if-match'] = `"${options.version}"`;
  let res: Response;
  try {
    res = await fetch(withQuery(path, options.query), {
      method,
      headers,
      cache: 'no-store',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError({
      status: 0,
      code: 'network',
      title: 'Offline',
      detail: 'cannot reach the Docket server; check that `docket serve` is running, then retry',
    });
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) throw new ApiError(asProblem(res.status, body));
  return body as T;
}

function asProblem(status: number, body: unknown): Problem {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Partial<Problem>;
  return {
    status,
    code: typeof b.code === 'string' ? b.code : 'http_' + status,
    title: typeof b.title === 'string' ? b.title : 'Request failed',
    detail: typeof b.detail === 'string' ? b.detail : `the server answered ${status}`,
    ...(typeof b.details === 'object' && b.details !== null ? { details: b.details } : {}),
  };
}

/** Every page of a cursor-paged list (`after=<next>`), up to `maxPages`. */
export async function allPages<T>(
  path: string,
  query: Query,
  maxPages = 20,
  signal?: AbortSignal,
): Promise<{ items: T[]; complete: boolean }> {
  const items: T[] = [];
  let after: number | null = null;
  for (let page = 0; page < maxPages; page++) {
    const res: { items: readonly T[]; next: number | null } = await request('GET', path, {
      query: { ...query, ...(after !== null ? { after } : {}) },
      ...(signal ? { signal } : {}),
    });
    items.push(...res.items);
    if (res.next === null) return { items, complete: true };
    after = res.next;
  }
  return { items, complete: false };
}

/** A message for any thrown value, for toasts. */
export const messageOf = (e: unknown): string =>
  e instanceof ApiError ? e.message : e instanceof Error ? e.message : String(e);

import { request } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { z } from 'zod';
import type { Docket } from '../../src/core/docket.js';
import { type App, type AppOptions, buildApp, routeTable } from '../../src/http/app.js';
import { openDocket } from '../../src/open.js';
import { tempDir } from '../support/temp.js';

/** An answer's JSON, as tests read it (its shape is checked against the route's schema separately). */
// biome-ignore lint/suspicious/noExplicitAny: tests read answers by path; expectDocumented checks their shape
export type Json = any;

/**
 * Strings that exist only in project beta's data (never in a request of the isolation test, which
 * echoes back at most the ids it sent): none may ever appear in an answer to an alpha token.
 */
export const BETA_SECRETS = [
  'beta-secret-title',
  'beta-secret-description',
  'beta-secret-comment',
  'beta-person',
  'beta-cat',
  'beta-label',
  'beta-milestone',
] as const;

export interface World {
  readonly docket: Docket;
  readonly app: App;
  readonly path: string;
  /** Closes the app and the store and removes the folder. */
  close(): Promise<void>;
}

/** A fresh store in a temp folder with the app on top; rate limiting off unless asked for. */
export async function world(options: AppOptions = {}, setup?: (docket: Docket) => Promise<void>): Promise<World> {
  const tmp = tempDir('docket-http-');
  const path = join(tmp.dir, 'docket.db');
  const docket = await openDocket(path);
  if (setup) await setup(docket);
  const app = await buildApp(docket, { rateLimit: { rate: 0 }, ...options });
  return {
    docket,
    app,
    path,
    async close() {
      await app.close();
      await docket.close();
      tmp.cleanup();
    },
  };
}

/** Two projects with a little of everything: alpha (ALP-) and beta (BET-), beta's data marked secret. */
export async function twoProjects(docket: Docket): Promise<void> {
  await docket.createProject({ key: 'alpha', prefix: 'ALP-' });
  await docket.createProject({ key: 'beta', prefix: 'BET-' });
  const a = docket.project('alpha', { actor: 'alice' });
  await a.addCategory('alpha-cat');
  const a1 = await a.create({ title: 'Alpha one', labels: ['alpha-label'], category: 'alpha-cat' });
  const a2 = await a.create({ title: 'Alpha two', type: 'bug' });
  await a.link(a1.id, 'blocks', a2.id);
  await a.comment(a1.id, 'alpha comment');
  const b = docket.project('beta', { actor: 'beta-person' });
  await b.addCategory('beta-cat');
  await b.addMilestone({ key: 'beta-milestone' });
  const b1 = await b.create({
    title: 'beta-secret-title one',
    description: 'beta-secret-description',
    labels: ['beta-label'],
    category: 'beta-cat',
    assignee: 'beta-person',
  });
  const b2 = await b.create({ title: 'beta-secret-title two', type: 'bug' });
  await b.link(b1.id, 'blocks', b2.id);
  await b.comment(b1.id, 'beta-secret-comment');
}

/** The body of an answer as JSON (undefined for an empty one). */
export const body = (res: { body: string }): unknown => (res.body === '' ? undefined : JSON.parse(res.body));

/** Matches a concrete URL to a route pattern of the app (`/projects/:name/tickets/:id`). */
function routeFor(app: App, method: string, url: string) {
  const path = url.split('?')[0]!;
  const candidates = routeTable(app).filter((r) => {
    if (r.method !== method) return false;
    const pattern = new RegExp(`^${r.url.replace(/:[A-Za-z]+/g, '[^/]+').replace(/\*/g, '.*')}$`);
    return pattern.test(path);
  });
  // Static segments win over parameters, as in the router: prefer the pattern with fewest parameters.
  return candidates.sort((x, y) => (x.url.match(/:/g)?.length ?? 0) - (y.url.match(/:/g)?.length ?? 0))[0];
}

/**
 * Checks an answer against the response schema its route documents in the OpenAPI document
 * (exact status, else `4xx`/`5xx`), so the reference never drifts from what the server sends.
 */
export function expectDocumented(app: App, method: string, url: string, res: { statusCode: number; body: string }) {
  const route = routeFor(app, method, url);
  expect(route, `${method} ${url} has a route`).toBeDefined();
  const schema: z.ZodType | undefined =
    route!.response[String(res.statusCode)] ?? route!.response[`${String(res.statusCode)[0]}xx`];
  expect(schema, `${method} ${url} documents status ${res.statusCode}`).toBeDefined();
  if (res.body === '') return;
  const parsed = schema!.safeParse(JSON.parse(res.body));
  expect(parsed.success ? null : parsed.error.issues, `${method} ${url} answer matches its schema`).toBeNull();
}

/** Calls the app in process, checks the answer against its documented schema, returns status and JSON. */
export async function call(
  app: App,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await app.inject({
    method,
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  expectDocumented(app, method, url, res);
  return { status: res.statusCode, headers: res.headers, json: body(res) as Json, raw: res.body };
}

/** Starts the app on a free loopback port; returns its base URL. */
export async function listen(app: App): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

export const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

export interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly json: Json;
}

/**
 * One request over real HTTP with node:http, which lets a test send any Host, method or body.
 * An answer still streaming after `timeoutMs` (an event stream) is cut and returned as it stands.
 */
export function raw(
  base: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | Buffer; timeoutMs?: number } = {},
): Promise<RawAnswer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        // node:http sends a GET or DELETE body without a length unless told: say it, as real clients do.
        headers: {
          ...(options.body !== undefined ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}),
          ...(options.headers ?? {}),
        },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        const finish = () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        };
        const timer = setTimeout(() => {
          res.destroy();
          finish();
        }, options.timeoutMs ?? 5000);
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', finish);
        res.on('error', () => {});
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

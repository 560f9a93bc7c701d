import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Door } from '../../src/core/door.js';
import { routeTable } from '../../src/http/app.js';
import { type RunningServer, runServe } from '../../src/http/main.js';
import { MOUNT_PATHS } from '../../src/http/routes/mount.js';
import { createMcpHttpHandler } from '../../src/mcp/http.js';
import { call as mcpCall, ok } from '../mcp/support.js';
import { httpClient, INITIALIZE } from '../mcp/http-support.js';
import { bearer, raw, twoProjects, type World, world } from './harness.js';

/**
 * Every network caller passes one door (`core/door.ts`). These tests start the server as
 * `docket serve` does (REST and the mounted MCP endpoints sharing one door) and walk every REST
 * route and every mounted MCP path, so a transport added beside the door fails here.
 */

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const INIT = JSON.stringify(INITIALIZE);

interface Serving {
  readonly w: World;
  readonly server: RunningServer;
  readonly base: string;
}

async function serve(host: string, setup: (w: World['docket']) => Promise<void>, rate = 0): Promise<Serving> {
  const w = await world({}, setup);
  const door = Door.server(w.docket, { host, port: 0, rateLimit: { rate, burst: Math.max(1, rate) } });
  const mount = createMcpHttpHandler(w.docket, { door, host, port: 0 });
  const server = await runServe({ docket: w.docket, host, port: 0, door, mount, signals: false, log: () => {} });
  const port = new URL(server.url).port;
  return { w, server, base: `http://127.0.0.1:${port}` };
}

/** One request per REST route (with its path parameters filled in) and per mounted MCP path. */
interface Attempt {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly body?: string;
}

function everyDoor(s: Serving): Attempt[] {
  const rest: Attempt[] = routeTable(s.server.app)
    .filter((r) => r.url.startsWith('/projects') && r.method !== 'OPTIONS')
    .map((r) => ({
      name: `${r.method} ${r.url}`,
      method: r.method,
      path: r.url
        .replace(':name', 'alpha')
        .replace(':id', 'ALP-1')
        .replace(/:[A-Za-z]+/g, 'x'),
      ...(r.method === 'POST' || r.method === 'PUT' ? { body: '{}' } : {}),
    }));
  const mcp = MOUNT_PATHS.flatMap((p): Attempt[] =>
    p === '/sse'
      ? [{ name: 'GET /sse', method: 'GET', path: p }]
      : [{ name: `POST ${p}`, method: 'POST', path: p === '/messages' ? `${p}?sessionId=x` : p, body: INIT }],
  );
  return [...rest, ...mcp];
}

const send = (s: Serving, d: Omit<Attempt, 'name'>, headers: Record<string, string> = {}) =>
  raw(s.base, d.method, d.path, {
    headers: { ...JSON_HEADERS, ...headers },
    ...(d.body !== undefined ? { body: d.body } : {}),
    timeoutMs: 1500,
  });

describe('one door: off loopback, after the last token is revoked', () => {
  let s: Serving;
  let tokenId = 0;
  let secret = '';
  beforeAll(async () => {
    s = await serve('0.0.0.0', async (docket) => {
      await twoProjects(docket);
      const t = await docket.createToken({ projects: ['*'], scope: 'admin', entity: 'root' });
      tokenId = t.id;
      secret = t.secret;
    });
  });
  afterAll(async () => {
    await s.server.close();
    await s.w.close();
  });

  it('refuses tokenless callers on every REST route and every MCP path, and writes nothing', async () => {
    expect((await send(s, { method: 'GET', path: '/projects/alpha' }, bearer(secret))).status).toBe(200);
    await s.w.docket.revokeToken(tokenId);
    expect(await s.w.docket.hasTokens()).toBe(false);
    const before = await s.w.docket.project('alpha').changes(0, 1000);
    const doors = everyDoor(s);
    expect(doors.map((d) => d.name)).toEqual(expect.arrayContaining(['POST /mcp', 'GET /sse', 'POST /messages']));
    for (const d of doors) {
      const a = await send(s, d);
      expect(a.status, `${d.name}: ${a.text.slice(0, 200)}`).toBe(401);
      // The revoked token is refused too, once the door's short cache has passed.
    }
    await new Promise((r) => setTimeout(r, 2100));
    for (const d of doors) expect((await send(s, d, bearer(secret))).status, d.name).toBe(401);
    expect(await s.w.docket.project('alpha').changes(0, 1000)).toEqual(before);
  });
});

describe('one door: on loopback with tokens', () => {
  let s: Serving;
  let alphaWrite = '';
  let alphaRead = '';
  beforeAll(async () => {
    s = await serve('127.0.0.1', async (docket) => {
      await twoProjects(docket);
      alphaWrite = (await docket.createToken({ projects: ['alpha'], scope: 'write', entity: 'writer' })).secret;
      alphaRead = (await docket.createToken({ projects: ['alpha'], scope: 'read', entity: 'reader' })).secret;
    });
  });
  afterAll(async () => {
    await s.server.close();
    await s.w.close();
  });

  it('needs a token and the server’s own Host on every REST route and MCP path', async () => {
    for (const d of everyDoor(s)) {
      expect((await send(s, d)).status, `${d.name} without a token`).toBe(401);
      const foreignHost = await send(s, d, { ...bearer(alphaWrite), host: 'evil.example' });
      expect(foreignHost.status, `${d.name} with a foreign Host`).toBe(403);
      const foreignOrigin = await send(s, d, { ...bearer(alphaWrite), origin: 'http://evil.example' });
      expect(foreignOrigin.status, `${d.name} with a foreign Origin`).toBe(403);
    }
  });

  it('keeps a token to its project and scope over Streamable HTTP and over SSE', async () => {
    const url = `${s.base}/mcp`;
    for (const sse of [false, true]) {
      const writer = await httpClient(url, { token: alphaWrite, sse });
      const reader = await httpClient(url, { token: alphaRead, sse });
      try {
        const hidden = await mcpCall(writer, 'ticket', { action: 'get', project: 'beta', ticket_id: 1 });
        expect(hidden, `sse=${sse}`).toEqual({ text: "not_found: project not found: 'beta'", isError: true });
        const search = await mcpCall(writer, 'ticket_search', { project: 'beta', query: 'secret' });
        expect(search.isError).toBe(true);
        expect(search.text).not.toContain('beta-secret');
        const denied = await mcpCall(reader, 'ticket', { action: 'create', title: 'sneak' });
        expect(denied.text).toBe("forbidden: this token's scope is read; this needs write");
        expect(await ok(writer, 'ticket', { action: 'create', title: `by writer sse=${sse}` })).toContain('ALP-');
      } finally {
        await Promise.all([writer.close(), reader.close()]);
      }
    }
    const made = (await s.w.docket.project('alpha').list()).items.filter((t) => t.title.startsWith('by writer'));
    expect(made.map((t) => t.createdBy)).toEqual(['writer', 'writer']);
    expect((await s.w.docket.project('beta').list()).items.map((t) => t.title)).not.toContain('sneak');
  });
});

describe('one door: one rate limit per caller across REST and MCP', () => {
  let s: Serving;
  let secret = '';
  beforeAll(async () => {
    s = await serve(
      '127.0.0.1',
      async (docket) => {
        await twoProjects(docket);
        secret = (await docket.createToken({ projects: ['alpha'], scope: 'read' })).secret;
      },
      1,
    );
  });
  afterAll(async () => {
    await s.server.close();
    await s.w.close();
  });

  it('answers 429 with Retry-After on /mcp once REST has spent the bucket', async () => {
    expect((await send(s, { method: 'GET', path: '/projects/alpha' }, bearer(secret))).status).toBe(200);
    const limited = await send(s, { method: 'POST', path: '/mcp', body: INIT }, bearer(secret));
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.text).toContain('too many requests');
    const sse = await send(s, { method: 'GET', path: '/sse' }, bearer(secret));
    expect(sse.status).toBe(429);
  });
});

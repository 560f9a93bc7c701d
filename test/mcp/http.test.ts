import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningMcpHttp, runMcpHttp } from '../../src/mcp/main.js';
import { httpClient, INITIALIZE, jsonHeaders, raw } from './http-support.js';
import { call, ok, tempDocket } from './support.js';

type Env = Awaited<ReturnType<typeof tempDocket>>;

describe('MCP over HTTP', () => {
  let env: Env;
  let server: RunningMcpHttp;
  beforeEach(async () => {
    env = await tempDocket(['doc', 'ops']);
    server = await runMcpHttp({ database: env.path, port: 0, project: 'doc', actor: 'alice', bodyLimit: 64 * 1024 });
  });
  afterEach(async () => {
    await server.close();
    await env.cleanup();
  });

  it('serves the tools over Streamable HTTP with sessions', async () => {
    const client = await httpClient(server.url);
    try {
      expect((await client.listTools()).tools).toHaveLength(5);
      expect(await ok(client, 'ticket', { action: 'create', title: 'Over HTTP' })).toBe(
        'DOC-1 task backlog medium v1: Over HTTP',
      );
      expect(await ok(client, 'ticket', { action: 'get', ticket_id: 1 })).toContain('created');
      const history = await env.docket.project('doc').history(1);
      expect(history[0]?.actor).toBe('alice');
    } finally {
      await client.close();
    }
  });

  it('serves the legacy SSE transport', async () => {
    const client = await httpClient(server.url, { sse: true });
    try {
      expect(await ok(client, 'ticket', { action: 'create', title: 'Over SSE' })).toContain('DOC-1');
      expect(await ok(client, 'ticket_board', { view: 'summary' })).toBe('task: backlog 1\nopen 1, closed 0');
    } finally {
      await client.close();
    }
  });

  it('refuses foreign origins (null included) and hosts, on every path', async () => {
    const port = server.port;
    const init = JSON.stringify(INITIALIZE);
    const evil = await raw(port, 'POST', '/mcp', jsonHeaders({ origin: 'http://evil.example' }), init);
    expect(evil.status).toBe(403);
    expect(evil.body).toContain("Origin 'http://evil.example' is not allowed");
    expect((await raw(port, 'POST', '/mcp', jsonHeaders({ origin: 'null' }), init)).status).toBe(403);
    expect((await raw(port, 'GET', '/sse', { origin: 'http://evil.example' })).status).toBe(403);
    expect((await raw(port, 'POST', '/messages?sessionId=x', jsonHeaders({ origin: 'null' }), '{}')).status).toBe(403);
    const host = await raw(port, 'POST', '/mcp', jsonHeaders({ host: `evil.example:${port}` }), init);
    expect(host.status).toBe(403);
    expect(host.body).toContain("Host 'evil.example");
    const rebind = await raw(port, 'GET', '/sse', { host: 'attacker.test' });
    expect(rebind.status).toBe(403);

    const good = await raw(port, 'POST', '/mcp', jsonHeaders({ origin: `http://127.0.0.1:${port}` }), init);
    expect(good.status).toBe(200);
    expect(good.headers['mcp-session-id']).toBeTruthy();
    expect(good.headers['access-control-allow-origin']).toBe(`http://127.0.0.1:${port}`);
    expect((await raw(port, 'POST', '/mcp', jsonHeaders({ host: `localhost:${port}` }), init)).status).toBe(200);
    const sse = await raw(port, 'GET', '/sse', { accept: 'text/event-stream' });
    expect(sse.status).toBe(200);
    expect(sse.body).toMatch(/event: endpoint\ndata: \/messages\?sessionId=/);
  });

  it('answers a CORS preflight only for allowed origins', async () => {
    const port = server.port;
    const pre = await raw(port, 'OPTIONS', '/mcp', { origin: `http://localhost:${port}` });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-headers']).toContain('mcp-session-id');
    expect((await raw(port, 'OPTIONS', '/mcp', { origin: 'https://elsewhere.example' })).status).toBe(403);
  });

  it('limits the body size, needs a session and leaves other paths alone', async () => {
    const port = server.port;
    const big = JSON.stringify({ ...INITIALIZE, pad: 'x'.repeat(70 * 1024) });
    const r = await raw(port, 'POST', '/mcp', jsonHeaders(), big);
    expect(r.status).toBe(413);
    expect(r.body).toContain('over 65536 bytes');
    const junk = await raw(port, 'POST', '/mcp', jsonHeaders(), '{not json');
    expect(junk.status).toBe(400);
    const list = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    expect((await raw(port, 'POST', '/mcp', jsonHeaders(), list)).status).toBe(400);
    expect((await raw(port, 'POST', '/mcp', jsonHeaders({ 'mcp-session-id': 'made-up' }), list)).status).toBe(404);
    expect((await raw(port, 'GET', '/elsewhere')).status).toBe(404);
  });
});

describe('MCP over HTTP with tokens', () => {
  let env: Env;
  let server: RunningMcpHttp;
  let write: string;
  let read: string;
  let opsOnly: string;
  beforeEach(async () => {
    env = await tempDocket(['doc', 'ops']);
    write = (await env.docket.createToken({ projects: ['doc'], scope: 'write', entity: 'claude' })).secret;
    read = (await env.docket.createToken({ projects: ['doc'], scope: 'read', entity: 'reader' })).secret;
    opsOnly = (await env.docket.createToken({ projects: ['ops'], scope: 'admin', entity: 'opsbot' })).secret;
    server = await runMcpHttp({ database: env.path, port: 0, actor: 'ignored' });
  });
  afterEach(async () => {
    await server.close();
    await env.cleanup();
  });

  it('needs a valid bearer token', async () => {
    const init = JSON.stringify(INITIALIZE);
    const none = await raw(server.port, 'POST', '/mcp', jsonHeaders(), init);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(none.body).toContain('this server requires a token');
    const bad = await raw(server.port, 'POST', '/mcp', jsonHeaders({ authorization: 'Bearer dkt_nope' }), init);
    expect(bad.status).toBe(401);
    expect((await raw(server.port, 'GET', '/sse', {})).status).toBe(401);
    // A good token does not excuse a foreign origin.
    const evil = jsonHeaders({ authorization: `Bearer ${write}`, origin: 'http://evil.example' });
    expect((await raw(server.port, 'POST', '/mcp', evil, init)).status).toBe(403);
  });

  it('acts as the token entity, only in its projects, within its scope', async () => {
    const writer = await httpClient(server.url, { token: write });
    const reader = await httpClient(server.url, { token: read });
    const other = await httpClient(server.url, { token: opsOnly, sse: true });
    try {
      // The token reaches one project, so it is the default.
      expect(await ok(writer, 'ticket', { action: 'create', title: 'By token' })).toContain('DOC-1');
      expect((await env.docket.project('doc').get(1)).createdBy).toBe('claude');
      expect(await ok(reader, 'ticket', { action: 'get', ticket_id: 1 })).toContain('by claude');
      const denied = await call(reader, 'ticket', { action: 'close', ticket_id: 1 });
      expect(denied).toEqual({ text: "forbidden: this token's scope is read; this needs write", isError: true });
      const hidden = await call(other, 'ticket', { action: 'get', project: 'doc', ticket_id: 1 });
      expect(hidden).toEqual({ text: "not_found: project not found: 'doc'", isError: true });
      expect(await ok(other, 'ticket_admin', { action: 'projects' })).toBe('ops OPS-: ops');
      const admin = await call(writer, 'ticket_admin', { action: 'category_add', name: 'x' });
      expect(admin.text).toBe("forbidden: this token's scope is write; this needs admin");
    } finally {
      await Promise.all([writer.close(), reader.close(), other.close()]);
    }
  });

  it('keeps a session to the token that opened it', async () => {
    const init = JSON.stringify(INITIALIZE);
    const opened = await raw(server.port, 'POST', '/mcp', jsonHeaders({ authorization: `Bearer ${write}` }), init);
    const sid = String(opened.headers['mcp-session-id']);
    const list = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    const stolen = jsonHeaders({
      authorization: `Bearer ${read}`,
      'mcp-session-id': sid,
      'mcp-protocol-version': '2025-06-18',
    });
    expect((await raw(server.port, 'POST', '/mcp', stolen, list)).status).toBe(404);
  });

  it('binds a non-loopback address only when tokens exist', async () => {
    const open = await runMcpHttp({ database: env.path, host: '0.0.0.0', port: 0 });
    await open.close();
    const bare = await tempDocket();
    try {
      await expect(runMcpHttp({ database: bare.path, host: '0.0.0.0', port: 0 })).rejects.toThrow(
        /refusing to serve MCP on 0\.0\.0\.0 without an API token/,
      );
    } finally {
      await bare.cleanup();
    }
  });
});

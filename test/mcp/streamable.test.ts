import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningMcpHttp, runMcpHttp } from '../../src/mcp/main.js';
import { httpClient, INITIALIZE, jsonHeaders, raw } from './http-support.js';
import { ok, tempDocket } from './support.js';

type Env = Awaited<ReturnType<typeof tempDocket>>;

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** How Docket's Streamable HTTP transport answers (src/mcp/streamable.ts): JSON, or SSE when asked for progress. */
describe('MCP Streamable HTTP answers', () => {
  let env: Env;
  let server: RunningMcpHttp;
  let port: number;
  beforeEach(async () => {
    env = await tempDocket(['doc']);
    server = await runMcpHttp({ database: env.path, port: 0, project: 'doc', actor: 'alice' });
    port = Number(new URL(server.url).port);
  });
  afterEach(async () => {
    await server.close();
    await env.cleanup();
  });

  /** A raw session: the initialize answer's headers, then the headers every later request carries. */
  async function session() {
    const init = await raw(port, 'POST', '/mcp', jsonHeaders(), JSON.stringify(INITIALIZE));
    expect(init.status).toBe(200);
    expect(init.headers['content-type']).toBe('application/json');
    const headers: Record<string, string> = jsonHeaders({
      'mcp-session-id': String(init.headers['mcp-session-id']),
      'mcp-protocol-version': '2025-06-18',
    });
    const note = { jsonrpc: '2.0', method: 'notifications/initialized' };
    expect((await raw(port, 'POST', '/mcp', headers, JSON.stringify(note))).status).toBe(202);
    return headers;
  }
  const create = (id: number, title: string) => ({
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: { name: 'ticket', arguments: { action: 'create', title } },
  });

  it('answers a call as one JSON body, and a batch as an array in request order', async () => {
    const headers = await session();
    const one = await raw(port, 'POST', '/mcp', headers, JSON.stringify(create(2, 'First')));
    expect(one.status).toBe(200);
    expect(one.headers['content-type']).toBe('application/json');
    expect(one.headers['mcp-session-id']).toBe(headers['mcp-session-id']);
    expect(JSON.parse(one.body)).toMatchObject({
      id: 2,
      result: { content: [{ text: expect.stringMatching(/^DOC-1 /) }] },
    });

    const both = await raw(port, 'POST', '/mcp', headers, JSON.stringify([create(4, 'Second'), create(3, 'Third')]));
    const answers = JSON.parse(both.body) as { id: number }[];
    expect(answers.map((a) => a.id)).toEqual([4, 3]);
  });

  it('refuses what the SDK transport refuses, and ends the session on DELETE', async () => {
    const headers = await session();
    const body = JSON.stringify(create(2, 'x'));
    const onlyJson = await raw(port, 'POST', '/mcp', { ...headers, accept: 'application/json' }, body);
    expect(onlyJson.status).toBe(406);
    const text = await raw(port, 'POST', '/mcp', { ...headers, 'content-type': 'text/plain' }, body);
    expect(text.status).toBe(415);
    const version = await raw(port, 'POST', '/mcp', { ...headers, 'mcp-protocol-version': '1999-01-01' }, body);
    expect(version.status).toBe(400);
    expect(JSON.parse(version.body).error.message).toMatch(/Unsupported protocol version: 1999-01-01/);
    const notRpc = await raw(port, 'POST', '/mcp', headers, JSON.stringify({ hello: 1 }));
    expect(notRpc.status).toBe(400);
    expect(JSON.parse(notRpc.body).error.code).toBe(-32700);
    const again = await raw(port, 'POST', '/mcp', headers, JSON.stringify({ ...INITIALIZE, id: 9 }));
    expect(again.status).toBe(400);
    expect((await raw(port, 'PUT', '/mcp', headers, body)).status).toBe(405);

    expect((await raw(port, 'DELETE', '/mcp', headers)).status).toBe(200);
    expect((await raw(port, 'POST', '/mcp', headers, body)).status).toBe(404);
    expect((await env.docket.project('doc').list()).items).toHaveLength(0);
  });

  it('streams progress to an SDK client that asks for it, then the answer', async () => {
    const client = await httpClient(server.url);
    try {
      for (const title of ['a', 'b', 'c']) await ok(client, 'ticket', { action: 'create', title });
      const progress: number[] = [];
      const r = await client.callTool(
        { name: 'ticket', arguments: { action: 'move', ticket_id: '1,2,3', status: 'done' } },
        undefined,
        { onprogress: (p) => progress.push(p.progress) },
      );
      expect(r.isError).toBeFalsy();
      expect((r.content as { text: string }[])[0]?.text.split('\n')).toHaveLength(3);
      expect(progress[0]).toBe(0);
      expect(progress.at(-1)).toBe(3);
    } finally {
      await client.close();
    }
  });

  it('delivers resource updates on the session stream to an SDK client, with calls in parallel', async () => {
    const watcher = await httpClient(server.url);
    const writer = await httpClient(server.url);
    try {
      await ok(writer, 'ticket', { action: 'create', title: 'Watched' });
      const got: string[] = [];
      watcher.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
        got.push(n.params.uri);
      });
      await watcher.subscribeResource({ uri: 'docket://doc/1' });
      // A write through a tool wakes the feed, which tells every session that follows the ticket.
      await ok(writer, 'ticket', { action: 'comment', ticket_id: 1, comment: 'seen?' });
      await until(() => got.includes('docket://doc/1'));

      const titles = Array.from({ length: 8 }, (_, i) => `Parallel ${i}`);
      const made = await Promise.all(titles.map((title) => ok(watcher, 'ticket', { action: 'create', title })));
      expect(new Set(made.map((m) => m.split(' ')[0])).size).toBe(8);
    } finally {
      await watcher.close();
      await writer.close();
    }
  });
});

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureBuilt, inspector, spawnHttp } from './binary.js';
import { httpClient } from './http-support.js';
import { call, ok, tempDocket } from './support.js';

/** The built binary end to end: SDK clients over stdio and HTTP, and the MCP Inspector as an outside client. */

type Env = Awaited<ReturnType<typeof tempDocket>>;

async function stdioClient(args: readonly string[]) {
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, ...args], stderr: 'pipe' });
  const client = new Client({ name: 'docket-e2e', version: '0.0.0' });
  await client.connect(transport);
  return client;
}

describe('docket mcp, the built binary', () => {
  let env: Env;
  beforeAll(async () => {
    ensureBuilt();
    env = await tempDocket();
  });
  afterAll(() => env.cleanup());

  it('serves the default tools over stdio as the --as entity', async () => {
    const client = await stdioClient(['-d', env.path, '--as', 'claude', 'mcp']);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual([
        'ticket',
        'ticket_board',
        'ticket_search',
        'ticket_link',
        'ticket_admin',
      ]);
      expect(await ok(client, 'ticket', { action: 'create', title: 'From stdio', type: 'bug' })).toBe(
        'DOC-1 bug triage medium v1: From stdio',
      );
      const bad = await call(client, 'ticket', { action: 'move', ticket_id: 'DOC-1', status: 'resolved' });
      expect(bad).toEqual({
        text: 'invalid_transition: cannot move a bug from triage to resolved; legal targets: confirmed, wont_fix',
        isError: true,
      });
    } finally {
      await client.close();
    }
    expect((await env.docket.project('doc').get(1)).createdBy).toBe('claude');
  });

  it("serves the blinkdesk profile over stdio (BlinkDesk's own command shape)", async () => {
    const client = await stdioClient(['--database-path', env.path, 'mcp', 'stdio', '--tools', 'blinkdesk']);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual([
        'ticket_list',
        'ticket_get',
        'ticket_create',
        'ticket_update',
        'ticket_comment_add',
        'count_tickets_by_entity',
        'entity_list',
        'entity_get',
      ]);
      const created = await ok(client, 'ticket_create', { title: 'Login bug', assignee: 'alice', operator: 'alice' });
      const id = Number(created.match(/^DOC-(\d+)/)![1]);
      expect(await ok(client, 'ticket_update', { ticket_id: id, state: 'in_progress' })).toContain(
        'in_progress medium @alice',
      );
      expect(
        await ok(client, 'ticket_comment_add', { ticket_id: id, entity: 'alice', comment: 'Investigating' }),
      ).toMatch(/^comment #1 on /);
      expect(await ok(client, 'count_tickets_by_entity', { states: ['in_progress'] })).toBe('alice 1');
      expect(await ok(client, 'entity_get', { slug: 'alice' })).toMatch(/^alice person: alice/);
    } finally {
      await client.close();
    }
  });

  it("serves Streamable HTTP and SSE from `docket mcp --http` and BlinkDesk's `streamable-http -H -P`", async () => {
    const server = await spawnHttp(['-d', env.path, '--as', 'web', 'mcp', '--http', '--port', '0']);
    const bd = await spawnHttp([
      '-d',
      env.path,
      'mcp',
      'streamable-http',
      '-H',
      '127.0.0.1',
      '-P',
      '0',
      '--tools',
      'blinkdesk',
    ]);
    try {
      const streamable = await httpClient(server.url);
      const sse = await httpClient(server.url, { sse: true });
      const blink = await httpClient(bd.url);
      expect(await ok(streamable, 'ticket', { action: 'create', title: 'Via HTTP' })).toMatch(/v1: Via HTTP$/);
      expect(await ok(sse, 'ticket_search', { query: 'HTTP' })).toMatch(/Via HTTP/);
      expect((await blink.listTools()).tools).toHaveLength(8);
      await Promise.all([streamable.close(), sse.close(), blink.close()]);
    } finally {
      await Promise.all([server.stop(), bd.stop()]);
    }
    expect(server.child.exitCode).toBe(0);
  });

  it('works with the MCP Inspector CLI over stdio and HTTP (exit 5 on a tool error)', async () => {
    const target = [process.execPath, CLI, '-d', env.path, 'mcp'];
    const list = await inspector(['--method', 'tools/list', ...target]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.out).tools.map((t: { name: string }) => t.name)).toContain('ticket_link');
    const create = ['--tool-name', 'ticket', '--tool-arg', 'action=create', 'title=Inspected'];
    const made = await inspector([...create, '--method', 'tools/call', ...target]);
    expect(made.code).toBe(0);
    expect(JSON.parse(made.out).content[0].text).toMatch(/^DOC-\d+ task backlog medium v1: Inspected$/);
    const move = ['--tool-name', 'ticket', '--tool-arg', 'action=move', 'ticket_id=DOC-1', 'status=nowhere'];
    const refused = await inspector([...move, '--method', 'tools/call', ...target]);
    expect(refused.code).toBe(5);

    const server = await spawnHttp(['-d', env.path, 'mcp', '--http', '--port', '0']);
    try {
      const board = ['--tool-name', 'ticket_board', '--tool-arg', 'view=summary'];
      const overHttp = await inspector([...board, '--method', 'tools/call', '--transport', 'http', server.url]);
      expect(overHttp.code).toBe(0);
      expect(JSON.parse(overHttp.out).content[0].text).toMatch(/^task: backlog \d+/);
      const sseUrl = server.url.replace(/\/mcp$/, '/sse');
      const overSse = await inspector(['--method', 'tools/list', '--transport', 'sse', sseUrl]);
      expect(overSse.code).toBe(0);
    } finally {
      await server.stop();
    }
  });

  it('refuses a non-loopback bind without tokens, with a clear message and exit 1', async () => {
    await expect(spawnHttp(['-d', env.path, 'mcp', '--http', '--host', '0.0.0.0', '--port', '0'])).rejects.toThrow(
      /exited 1: .*refusing to serve MCP on 0\.0\.0\.0 without an API token/,
    );
  });
});

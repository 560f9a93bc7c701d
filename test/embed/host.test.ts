import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHost, startHost } from '../../examples/host/host.js';
import { docketMigrations } from '../../src/postgres.js';
import { freshDatabase } from '../postgres/fresh-database.js';
import { PG_ENABLED } from '../support/postgres.js';

/** An MCP client of the host, signed in as `user` the host's way. */
async function mcpClient(host: RunningHost, user: string): Promise<Client> {
  const client = new Client({ name: 'embed-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${host.url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${user}` } },
    }),
  );
  return client;
}

const text = (r: unknown) => ((r as { content: { text: string }[] }).content[0]?.text ?? '') as string;

describe.skipIf(!PG_ENABLED)('the example host embedding Docket (examples/host)', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let host: RunningHost;
  let sql: pg.Pool;
  const clients: Client[] = [];

  beforeAll(async () => {
    db = await freshDatabase('embed');
    host = await startHost(db.url);
    sql = new pg.Pool({ connectionString: db.url, max: 2 });
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    await host?.close();
    await sql?.end();
    await db?.drop();
  });

  it("runs Docket's DDL with the host's own migrations", async () => {
    expect(host.migrations).toEqual(docketMigrations({ schema: 'tickets' }));
    const ran = await sql.query<{ id: string }>('SELECT id FROM host_migrations ORDER BY id');
    expect(ran.rows.map((r) => r.id)).toEqual(['docket-001', 'host-001-notes']);
  });

  it("answers Docket's tools beside the host's own on the host's MCP server, acting as the host's user", async () => {
    const ann = await mcpClient(host, 'ann');
    clients.push(ann);
    const tools = (await ann.listTools()).tools.map((t) => t.name);
    expect(tools).toEqual(expect.arrayContaining(['note_add', 'ticket', 'ticket_board', 'ticket_search']));
    const created = await ann.callTool({ name: 'ticket', arguments: { action: 'create', title: 'Made over MCP' } });
    expect(created.isError).toBeFalsy();
    expect(text(created)).toMatch(/WORK-\d+/);
    await ann.callTool({ name: 'note_add', arguments: { body: 'host tool still works' } });
    // The grant pins every request to the host's project: another one is not found.
    const other = await ann.callTool({ name: 'ticket', arguments: { action: 'list', project: 'elsewhere' } });
    expect(other.isError).toBe(true);
    expect(text(other)).toMatch(/not found/);

    const rows = await sql.query<{ title: string; created_by: string }>(
      "SELECT title, created_by FROM tickets.tickets WHERE title = 'Made over MCP'",
    );
    expect(rows.rows).toEqual([{ title: 'Made over MCP', created_by: 'ann' }]);
    expect((await sql.query('SELECT author, body FROM notes')).rows).toEqual([
      { author: 'ann', body: 'host tool still works' },
    ]);
  });

  it("serves Docket's REST routes under the host's prefix and behind the host's authentication", async () => {
    const post = (user: string | null, path: string, body: unknown) =>
      fetch(`${host.url}/docket/projects/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(user ? { authorization: `Bearer ${user}` } : {}) },
        body: JSON.stringify(body),
      });
    const made = await post('bob', 'work/tickets', { title: 'Made over REST', type: 'bug' });
    expect(made.status).toBe(201);
    const ticket = (await made.json()) as { id: string; number: number; createdBy: string; status: string };
    expect(ticket).toMatchObject({ createdBy: 'bob', status: 'triage' });
    // Docket's own errors keep their problem+json shape inside the host.
    const bad = await post('bob', 'work/tickets', { title: '' });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await bad.json()) as { code: string }).code).toBe('validation');
    expect((await post(null, 'work/tickets', { title: 'Anonymous' })).status).toBe(401);
    expect((await post('bob', 'elsewhere/tickets', { title: 'Other project' })).status).toBe(404);
    // scope: () => 'write' in the host: setup changes need admin.
    expect((await post('bob', 'work/entities', { slug: 'carol' })).status).toBe(403);
    // The host's own route is untouched by Docket's compilers and error handler.
    const note = await fetch(`${host.url}/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer bob' },
      body: JSON.stringify({ body: 'from REST' }),
    });
    expect(note.status).toBe(201);

    const read = await fetch(`${host.url}/docket/projects/work/tickets/${ticket.id}`, {
      headers: { authorization: 'Bearer ann' },
    });
    expect(((await read.json()) as { title: string }).title).toBe('Made over REST');
    const rows = await sql.query<{ number: string; created_by: string }>(
      "SELECT number, created_by FROM tickets.tickets WHERE title = 'Made over REST'",
    );
    expect(rows.rows).toEqual([{ number: String(ticket.number), created_by: 'bob' }]);
    const history = await sql.query<{ actor: string; field: string }>(
      'SELECT h.actor, h.field FROM tickets.history h JOIN tickets.tickets t ON t.id = h.ticket_id WHERE t.number = $1',
      [ticket.number],
    );
    expect(history.rows).toEqual([{ actor: 'bob', field: 'created' }]);
  });
});

/**
 * A small host application with Docket embedded, as stompy-ticketing's plugin SDK is embedded in
 * Stompy: the host owns its PostgreSQL pool and migrations, its Fastify app, its MCP servers and its
 * users; Docket brings tools, routes and tables. Run it: `npx tsx examples/host/host.ts postgres://…`.
 *
 * A published host imports from the package (`docket/embed`, `docket/postgres`); inside this
 * repository the example imports the sources, so it runs without a build.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import Fastify from 'fastify';
import pg from 'pg';
import { z } from 'zod';
import { registerDocket } from '../../src/embed.js'; // a published host: 'docket/embed'
import { docketMigrations, openPostgresStore } from '../../src/postgres.js'; // 'docket/postgres'

/** The host's users; its "authentication" is `Authorization: Bearer <name>`. */
const USERS = new Set(['ann', 'bob']);
/** Every user of this host works in one Docket project. */
const PROJECT = 'work';
const SCHEMA = 'tickets';

export interface RunningHost {
  readonly url: string;
  /** Docket's DDL as registerDocket returned it: the host checks it ran all of it. */
  readonly migrations: readonly string[];
  close(): Promise<void>;
}

/** The host's own migration runner: each migration once, by id, in order. Docket's are two of the list. */
async function migrate(pool: pg.Pool, migrations: readonly { id: string; sql: string }[]): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(42)');
    await client.query('CREATE TABLE IF NOT EXISTS host_migrations (id text PRIMARY KEY)');
    const done = new Set((await client.query<{ id: string }>('SELECT id FROM host_migrations')).rows.map((r) => r.id));
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO host_migrations (id) VALUES ($1)', [m.id]);
    }
    await client.query('COMMIT');
    return (await client.query<{ id: string }>('SELECT id FROM host_migrations ORDER BY id')).rows.map((r) => r.id);
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
}

export async function startHost(databaseUrl: string, port = 0): Promise<RunningHost> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 5 });
  const docketDdl = docketMigrations({ schema: SCHEMA });
  await migrate(pool, [
    {
      id: 'host-001-notes',
      sql: 'CREATE TABLE notes (id serial PRIMARY KEY, author text NOT NULL, body text NOT NULL)',
    },
    ...docketDdl.map((sql, i) => ({ id: `docket-${String(i + 1).padStart(3, '0')}`, sql })),
  ]);
  // Docket's store on the host's pool; `create: false` because the host's migrations made the tables.
  const store = await openPostgresStore(pool, { schema: SCHEMA, create: false });

  const app = Fastify();
  app.addHook('onRequest', async (request, reply) => {
    const user = /^Bearer (\w+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!user || !USERS.has(user)) return reply.code(401).send({ error: 'send Authorization: Bearer <user>' });
    // The MCP SDK's convention: what authentication found goes on `req.auth`.
    (request.raw as IncomingMessage & { auth?: AuthInfo }).auth = { token: user, clientId: user, scopes: [] };
  });
  // The host's own route, on its own table.
  app.post<{ Body: { body: string } }>('/notes', async (request, reply) => {
    const author = (request.raw as IncomingMessage & { auth: AuthInfo }).auth.clientId;
    await pool.query('INSERT INTO notes (author, body) VALUES ($1, $2)', [author, request.body.body]);
    return reply.code(201).send({ ok: true });
  });

  const embedded = await registerDocket({
    store,
    mcp: true, // one McpServer per session below, each given Docket's tools
    http: app, // Docket's REST routes under /docket
    prefix: '/docket',
    project: () => PROJECT,
    actor: (req) => req.auth?.clientId ?? null,
    scope: () => 'write',
  });
  if (embedded.migrations.join('\n') !== docketDdl.join('\n')) {
    throw new Error('Docket asks for migrations this host did not run: add them to its list');
  }
  if (!(await embedded.docket.projects()).some((p) => p.key === PROJECT)) {
    await embedded.docket.createProject({ key: PROJECT, name: 'Work' }).catch((e: { code?: string }) => {
      if (e.code !== 'already_exists') throw e; // another instance of the host made it meanwhile
    });
  }

  // MCP over Streamable HTTP: one McpServer per session, with the host's tool and Docket's.
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const newSession = async () => {
    const server = new McpServer({ name: 'example-host', version: '1.0.0' });
    server.registerTool(
      'note_add',
      { description: 'Add a note to the host', inputSchema: { body: z.string().min(1) } },
      async ({ body }, extra) => {
        await pool.query('INSERT INTO notes (author, body) VALUES ($1, $2)', [extra.authInfo?.clientId, body]);
        return { content: [{ type: 'text', text: 'noted' }] };
      },
    );
    embedded.registerTools(server);
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (id) => {
        sessions.set(id, transport);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    return transport;
  };
  app.route({
    method: ['GET', 'POST', 'DELETE'],
    url: '/mcp',
    handler: async (request, reply) => {
      const id = request.headers['mcp-session-id'];
      let transport = typeof id === 'string' ? sessions.get(id) : undefined;
      if (!transport && request.method === 'POST' && isInitializeRequest(request.body)) transport = await newSession();
      if (!transport) return reply.code(404).send({ error: 'no such MCP session; initialize first' });
      reply.hijack();
      await transport.handleRequest(request.raw, reply.raw, request.body);
    },
  });

  const address = await app.listen({ host: '127.0.0.1', port });
  return {
    url: address,
    migrations: embedded.migrations,
    async close() {
      for (const t of sessions.values()) await t.close();
      await app.close();
      await store.close();
      await pool.end();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const host = await startHost(url, 8080);
  process.stderr.write(`example host at ${host.url}: REST under /docket, MCP at /mcp (Bearer ann or bob)\n`);
  process.once('SIGINT', () => void host.close());
}

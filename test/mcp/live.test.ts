import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDocket } from '../../src/open.js';
import { docket as runCli } from '../cli/harness.js';
import { freshDatabase } from '../postgres/fresh-database.js';
import { PG_ENABLED } from '../support/postgres.js';
import { tempDir } from '../support/temp.js';
import { CLI, ensureBuilt, inspector, ROOT, spawnHttp } from './binary.js';
import { httpClient } from './http-support.js';
import { ok, readText, tempDocket } from './support.js';

/**
 * Resources and subscriptions end to end, every party a real process: the built binary serves MCP
 * (stdio and Streamable HTTP), a client reads, lists with the cursor and subscribes, and a separate
 * `docket` CLI process (SQLite) or a second server (PostgreSQL) makes the change it must hear about.
 */

type Env = Awaited<ReturnType<typeof tempDocket>>;

async function stdioClient(args: readonly string[]) {
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, ...args], stderr: 'pipe' });
  const client = new Client({ name: 'docket-live', version: '0.0.0' });
  await client.connect(transport);
  return client;
}

/** The URIs of `resources/updated` notifications the client receives, with when each arrived. */
function updates(client: Client) {
  const got: { uri: string; at: number }[] = [];
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
    got.push({ uri: n.params.uri, at: Date.now() });
  });
  return got;
}

async function arrival(got: readonly { uri: string; at: number }[], uri: string, ms = 3000): Promise<number> {
  const end = Date.now() + ms;
  for (;;) {
    const hit = got.find((g) => g.uri === uri);
    if (hit) return hit.at;
    if (Date.now() > end) throw new Error(`no resources/updated for ${uri} within ${ms} ms: ${JSON.stringify(got)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Every page of resources/list, following nextCursor. */
async function listAll(client: Client) {
  const names: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await client.listResources(cursor ? { cursor } : {});
    names.push(...page.resources.map((r) => r.name));
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { names, pages };
}

/** A separate `docket` process writing to the store, as another agent's CLI would. */
async function cli(path: string, args: readonly string[]): Promise<number> {
  const r = await runCli(['-d', path, '--as', 'carol', ...args]);
  if (r.code !== 0) throw new Error(`docket ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return Date.now();
}

describe('resources and subscriptions across processes (SQLite)', () => {
  let env: Env;
  beforeAll(async () => {
    ensureBuilt();
    env = await tempDocket(['web']);
    const web = env.docket.project('web', { actor: 'alice' });
    for (let i = 1; i <= 70; i++) await web.create({ title: `Ticket ${i}` });
  });
  afterAll(() => env.cleanup());

  it('over stdio: reads a ticket, lists with the cursor, and hears of a change made by a CLI process', async () => {
    const client = await stdioClient(['-d', env.path, '--as', 'claude', 'mcp']);
    try {
      expect(await readText(client, 'docket://web/WEB-5')).toBe(
        await ok(client, 'ticket', { action: 'get', ticket_id: 'WEB-5' }),
      );
      const { names, pages } = await listAll(client);
      expect(pages).toBe(2);
      expect(names.filter((n) => n.startsWith('WEB-'))).toHaveLength(70);
      const got = updates(client);
      await client.subscribeResource({ uri: 'docket://web/WEB-5' });
      const wrote = await cli(env.path, ['comment', 'WEB-5', 'from another process']);
      expect((await arrival(got, 'docket://web/WEB-5')) - wrote).toBeLessThan(1000);
      expect(await readText(client, 'docket://web/WEB-5')).toContain('carol');
    } finally {
      await client.close();
    }
  });

  it('over Streamable HTTP: the same, from `docket mcp --http`', async () => {
    const server = await spawnHttp(['-d', env.path, 'mcp', '--http', '--port', '0']);
    try {
      const client = await httpClient(server.url);
      const got = updates(client);
      await client.subscribeResource({ uri: 'docket://web/6' });
      await client.subscribeResource({ uri: 'docket://web/board' });
      const wrote = await cli(env.path, ['move', 'WEB-6', 'in_progress']);
      expect((await arrival(got, 'docket://web/6')) - wrote).toBeLessThan(1000);
      await arrival(got, 'docket://web/board');
      expect(await readText(client, 'docket://web/board')).toMatch(/^task: backlog 69, in_progress 1$/m);
      await client.close();
    } finally {
      await server.stop();
    }
  });

  it('with the MCP Inspector CLI (--cli): reads a ticket and lists every page by the cursor', async () => {
    const target = [process.execPath, CLI, '-d', env.path, 'mcp'];
    const read = await inspector(['--method', 'resources/read', '--uri', 'docket://web/WEB-7', ...target]);
    expect(read.code, read.err).toBe(0);
    expect(JSON.parse(read.out).contents[0]).toMatchObject({ uri: 'docket://web/WEB-7', mimeType: 'text/markdown' });
    expect(JSON.parse(read.out).contents[0].text).toMatch(/^WEB-7 task backlog medium v1: Ticket 7\n/);
    const list = await inspector(['--method', 'resources/list', ...target]);
    expect(list.code, list.err).toBe(0);
    const listed: string[] = JSON.parse(list.out).resources.map((r: { name: string }) => r.name);
    expect(listed.filter((n) => n.startsWith('WEB-'))).toHaveLength(70); // it followed nextCursor
    const missing = await inspector(['--method', 'resources/read', '--uri', 'docket://web/WEB-700', ...target]);
    expect(missing.code).not.toBe(0);
    expect(`${missing.out}${missing.err}`).toMatch(/resource not found: docket:\/\/web\/WEB-700/);
  });

  it('with the Inspector connection CLI (mcpdo): subscribes and streams an update made by a CLI process', async () => {
    // `--cli` 2.12 runs one-shot methods only; the same package's mcpdo holds a connection and streams.
    const tmp = tempDir('docket-mcpdo-');
    const home = {
      HOME: tmp.dir,
      MCP_CATALOG_PATH: join(tmp.dir, 'mcp.json'),
      MCP_INSPECTOR_SECRET_STORE: 'file',
      MCP_INSPECTOR_DAEMON_DIR: join(tmp.dir, 'daemon'),
      MCP_INSPECTOR_DAEMON_TOKEN: randomBytes(24).toString('base64url'),
    };
    try {
      const connected = await mcpdo(
        ['--format', 'json', 'connect', '--', process.execPath, CLI, '-d', env.path, 'mcp'],
        home,
      );
      expect(connected.code, connected.err).toBe(0);
      const name = JSON.parse(connected.out).name as string;
      const stream = streamLines(
        `${ROOT}node_modules/.bin/mcpdo`,
        ['--format', 'json', '--connection', name, 'resources/subscribe', 'docket://web/WEB-8'],
        home,
      );
      try {
        await stream.waitFor(/"type": "subscribed"/);
        const wrote = await cli(env.path, ['comment', 'WEB-8', 'seen by the inspector']);
        await stream.waitFor(/"type": "resources\/updated",\s*"uri": "docket:\/\/web\/WEB-8"/);
        expect(Date.now() - wrote).toBeLessThan(1500);
      } finally {
        await stream.stop();
      }
    } finally {
      await mcpdo(['daemon', 'stop'], home);
      tmp.cleanup();
    }
  });
});

/** Runs the Inspector's connection CLI (mcpdo) with a private daemon and catalog (`env`). */
function mcpdo(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      `${ROOT}node_modules/.bin/mcpdo`,
      args,
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: stdout, err: stderr });
      },
    );
  });
}

/** A long-running command (an mcpdo `resources/subscribe` stream), read as it prints. */
function streamLines(command: string, args: readonly string[], env: Record<string, string>) {
  const child: ChildProcess = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  return {
    async waitFor(pattern: RegExp, ms = 15_000) {
      const end = Date.now() + ms;
      while (!pattern.test(out)) {
        if (Date.now() > end || child.exitCode !== null) throw new Error(`no ${pattern} from ${command}:\n${out}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGINT');
      }),
  };
}

describe.skipIf(!PG_ENABLED)('subscriptions across two servers on one PostgreSQL database', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  const servers: Awaited<ReturnType<typeof spawnHttp>>[] = [];

  beforeAll(async () => {
    ensureBuilt();
    db = await freshDatabase('mcplive');
    const setup = await openDocket(db.url);
    await setup.createProject({ key: 'web' });
    const web = setup.project('web', { actor: 'alice' });
    for (let i = 1; i <= 55; i++) await web.create({ title: `Ticket ${i}` });
    await setup.close();
    for (const _ of [1, 2])
      servers.push(await spawnHttp(['-d', db.url, '--as', 'agent', 'mcp', '--http', '--port', '0']));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await db?.drop();
  });

  it('a client of one server hears within a second of a change made through the other', async () => {
    const watcher = await httpClient(servers[0]!.url);
    const writer = await httpClient(servers[1]!.url);
    try {
      const { names } = await listAll(watcher);
      expect(names.filter((n) => n.startsWith('WEB-'))).toHaveLength(55);
      const got = updates(watcher);
      await watcher.subscribeResource({ uri: 'docket://web/WEB-3' });
      const started = Date.now();
      await ok(writer, 'ticket', { action: 'comment', ticket_id: 'WEB-3', comment: 'through the other server' });
      expect((await arrival(got, 'docket://web/WEB-3')) - started).toBeLessThan(1000);
      expect(await readText(watcher, 'docket://web/WEB-3')).toContain('through the other server');
    } finally {
      await Promise.all([watcher.close(), writer.close()]);
    }
  });
});

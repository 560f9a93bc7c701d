import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, docket, sandbox } from '../cli/harness.js';

/** `docket serve` as a real process: waits for its start-up line and returns its URL. */
function serve(args: readonly string[], cwd: string) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      const m = /serving (http:\/\/\S+) /.exec(stderr);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`docket serve exited ${code}: ${stderr}`)));
  });
  return { child, url, exited, stderr: () => stderr };
}

describe('docket serve and docket token (the built binary)', () => {
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('creates, lists and revokes tokens, showing the secret once', async () => {
    const s = sandbox();
    dirs.push(s.dir);
    await s.ok(['init', '--project', 'web']);
    const made = await s.run([
      '--project',
      'web',
      '--as',
      'ci-bot',
      'token',
      'create',
      '--scope',
      'write',
      '--note',
      'ci',
    ]);
    expect(made.code).toBe(0);
    const secret = made.stdout.trim();
    expect(secret).toMatch(/^dkt_[A-Za-z0-9_-]{40,}$/);
    expect(made.stderr).toMatch(/only time the secret is shown/);
    const listed = await s.json<{ id: number; scope: string; entity: string; projects: string[]; revokedAt: null }[]>([
      'token',
      'list',
    ]);
    expect(listed).toEqual([
      expect.objectContaining({ scope: 'write', entity: 'ci-bot', projects: ['web'], revokedAt: null }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(await s.ok(['token', 'list'])).toMatch(/write\s+ci-bot\s+web/);
    const bad = await s.run(['token', 'create', '--scope', 'root']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--scope takes read, write, admin/);
    await s.ok(['token', 'revoke', String(listed[0]!.id)]);
    expect((await s.json<{ revokedAt: string | null }[]>(['token', 'list']))[0]!.revokedAt).not.toBeNull();
    const again = await s.run(['token', 'revoke', String(listed[0]!.id)]);
    expect(again.code).toBe(1);
  });

  it('serves REST, docs and MCP on one port with a fresh database, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docket-serve-'));
    dirs.push(dir);
    const server = serve(['serve', '--port', '0'], dir);
    children.push(server.child);
    const url = await server.url;
    expect(existsSync(join(dir, '.docket/docket.db'))).toBe(true);
    const projects = (await (await fetch(`${url}/projects`)).json()) as { items: { key: string }[] };
    expect(projects.items).toHaveLength(1);
    const key = projects.items[0]!.key;
    const created = await fetch(`${url}/projects/${key}/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'from the binary' }),
    });
    expect(created.status).toBe(201);
    const docs = await fetch(`${url}/docs`);
    expect(await docs.text()).toContain(`/projects/{name}/tickets`);
    const mcp = await fetch(`${url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'test', version: '1' } },
      }),
    });
    expect(mcp.status).toBe(200);
    expect(await mcp.text()).toContain('"serverInfo"');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const list = await docket(['-d', join(dir, '.docket/docket.db'), 'ls', '--json'], { cwd: dir });
    expect(list.stdout).toContain('from the binary');
  });

  it('needs a token once one exists, and refuses a public address without any', async () => {
    const s = sandbox();
    dirs.push(s.dir);
    await s.ok(['init', '--project', 'web']);
    const refused = await s.run(['serve', '--host', '0.0.0.0', '--port', '0']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/refusing to serve on 0\.0\.0\.0 without an API token/);
    const secret = (await s.ok(['--project', 'web', 'token', 'create', '--scope', 'read'])).trim();
    const server = serve(['-d', s.db, 'serve', '--port', '0', '--no-mcp'], s.dir);
    children.push(server.child);
    const url = await server.url;
    expect((await fetch(`${url}/projects/web/tickets`)).status).toBe(401);
    const ok = await fetch(`${url}/projects/web/tickets`, { headers: { authorization: `Bearer ${secret}` } });
    expect(ok.status).toBe(200);
    const write = await fetch(`${url}/projects/web/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: '{"title":"no"}',
    });
    expect(write.status).toBe(403);
    // --no-mcp: /mcp is an unknown route like any other (and, without a token, unauthorized first).
    expect((await fetch(`${url}/mcp`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${url}/mcp`, { method: 'POST', headers: { authorization: `Bearer ${secret}` } })).status).toBe(
      404,
    );
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
  });
});

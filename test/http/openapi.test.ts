import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { routeTable } from '../../src/http/app.js';
import { MOUNT_PATHS } from '../../src/http/routes/mount.js';
import { tempDir } from '../support/temp.js';
import { listen, raw, twoProjects, type World, world, type Json } from './harness.js';

const METHODS = ['get', 'post', 'put', 'delete'];

/** Each operation of the served document with its path and method. */
const operations = (doc: Json): { where: string; op: Json }[] =>
  Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ where: `${m} ${path}`, op: item[m] })),
  );

interface LintReport {
  readonly totals: { readonly errors: number; readonly warnings: number };
  readonly problems: readonly { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
}

/** Runs the pinned Redocly CLI (a devDependency) on `file` with its recommended rules, offline. */
function redoclyLint(dir: string, file: string): Promise<{ report: LintReport | null; output: string }> {
  const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
  writeFileSync(join(dir, 'redocly.yaml'), 'extends:\n  - recommended\ntelemetry: off\n');
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true', NO_COLOR: '1' };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, 'lint', file, '--format=json'],
      { cwd: dir, env, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        let report: LintReport | null = null;
        try {
          report = JSON.parse(stdout) as LintReport;
        } catch {}
        resolve({ report, output: `${error ? `${error.message}\n` : ''}${stderr}\n${stdout.slice(0, 20_000)}` });
      },
    );
  });
}

describe('REST: OpenAPI document, reference page, CORS and the MCP mount', () => {
  let w: World;
  afterEach(() => w.close());

  it('documents every route in OpenAPI 3.1, each with a summary, tags and a problem answer', async () => {
    w = await world({}, twoProjects);
    const res = await w.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = JSON.parse(res.body);
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => METHODS.includes(m))
        .map((m) => `${m.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`),
    );
    const routes = routeTable(w.app)
      .filter(
        (r) =>
          !['OPTIONS *', 'GET /', 'GET /assets/:file', 'GET /openapi.json', 'GET /docs', 'GET /health'].includes(
            `${r.method} ${r.url}`,
          ),
      )
      .map((r) => `${r.method} ${r.url}`);
    expect(documented.sort()).toEqual(routes.sort());
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
      for (const m of METHODS) {
        const op = item[m];
        if (!op) continue;
        expect(op.summary, `${m} ${path}`).toBeTruthy();
        expect(op.tags?.length, `${m} ${path}`).toBe(1);
        expect(op.responses['4XX']?.content?.['application/json']?.schema, `${m} ${path}`).toBeDefined();
      }
    }
    // Every reference resolves to a schema the document holds.
    const refs = [...res.body.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(20);
    for (const name of new Set(refs)) expect(doc.components.schemas[name], name).toBeDefined();
    const ticket = doc.components.schemas.TicketOutput ?? doc.components.schemas.Ticket;
    expect(Object.keys(ticket.properties)).toEqual(expect.arrayContaining(['id', 'version', 'status', 'labels']));
  });

  it('names every operation (unique camelCase operationId), declares its server, types numbers as integers', async () => {
    w = await world({}, twoProjects);
    const doc = JSON.parse((await w.app.inject({ method: 'GET', url: '/openapi.json' })).body);
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(40);
    for (const { where, op } of ops) expect(op.operationId, where).toMatch(/^[a-z][a-zA-Z0-9]*$/);
    const ids = ops.map(({ op }) => op.operationId as string);
    expect(new Set(ids).size, 'operationIds are unique').toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['listTickets', 'createTicket', 'getTicket', 'moveTicket']));
    // Counts and cursors are whole numbers (`after` is the `next` of the previous page, a number).
    const numeric = ops.flatMap(({ where, op }) =>
      ((op.parameters ?? []) as Json[])
        .filter((p) => ['limit', 'after', 'linkId'].includes(p.name))
        .map((p) => ({ where: `${where} ${p.in} ${p.name}`, schema: p.schema })),
    );
    expect(numeric.filter((p) => p.where.endsWith('query after')).length).toBeGreaterThan(4);
    expect(numeric.filter((p) => p.where.endsWith('query limit')).length).toBeGreaterThan(6);
    for (const p of numeric) expect(p.schema, p.where).toMatchObject({ type: 'integer', minimum: expect.any(Number) });
    expect(doc.paths['/projects/{name}/tickets'].get.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'limit', schema: expect.objectContaining({ minimum: 1, maximum: 500 }) }),
      ]),
    );
    // …and the server still reads them from the query string as before.
    const page = await w.app.inject({ method: 'GET', url: '/projects/alpha/tickets?limit=1' });
    expect(JSON.parse(page.body).next).toEqual(expect.any(Number));
    const bad = await w.app.inject({ method: 'GET', url: '/projects/alpha/tickets?limit=1.5' });
    expect(bad.statusCode).toBe(422);
    expect(JSON.parse(bad.body).detail).toBe('limit: must be a whole number');
  });

  it("lints clean with Redocly's recommended rules: no errors", { timeout: 150_000 }, async () => {
    w = await world({}, twoProjects);
    const tmp = tempDir('docket-openapi-');
    try {
      const served = await w.app.inject({ method: 'GET', url: '/openapi.json' });
      writeFileSync(join(tmp.dir, 'openapi.json'), served.body);
      const { report, output } = await redoclyLint(tmp.dir, 'openapi.json');
      expect(report, output).not.toBeNull();
      const errors = report!.problems.filter((p) => p.severity === 'error');
      expect(errors, output).toEqual([]);
      expect(report!.totals.errors, output).toBe(0);
      // The cheap warnings are fixed too: every operation is named, every schema used.
      const rules = new Set(report!.problems.map((p) => p.ruleId));
      expect(
        [...rules].filter((r) => ['operation-operationId', 'no-unused-components', 'info-license'].includes(r)),
      ).toEqual([]);
    } finally {
      tmp.cleanup();
    }
  });

  it('serves a self-contained reference page listing every operation and error code', async () => {
    w = await world({}, twoProjects);
    const page = await w.app.inject({ method: 'GET', url: '/docs' });
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const html = page.body;
    const doc = JSON.parse((await w.app.inject({ method: 'GET', url: '/openapi.json' })).body);
    for (const path of Object.keys(doc.paths)) expect(html).toContain(`<code>${path.replace(/&/g, '&amp;')}</code>`);
    for (const code of [
      'malformed',
      'unauthorized',
      'not_found',
      'invalid_transition',
      'precondition_failed',
      'too_large',
      'validation',
      'rate_limited',
    ]) {
      expect(html).toContain(`id="problem-${code}"`);
    }
    expect(html).not.toMatch(/<script|https?:\/\/(?!json-schema)/); // offline: no scripts, no outside resources
    const home = await w.app.inject({ method: 'GET', url: '/' });
    expect(home.body).toContain('href="/docs"');
  });

  it('answers CORS only for listed origins, never with a wildcard', async () => {
    const allowed = 'http://localhost:5173';
    w = await world({ cors: [allowed] }, twoProjects);
    const base = await listen(w.app);
    const pre = await raw(base, 'OPTIONS', '/projects/alpha/tickets', {
      headers: {
        origin: allowed,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(allowed);
    expect(pre.headers['access-control-allow-methods']).toContain('POST');
    expect(pre.headers['access-control-allow-headers']).toMatch(/If-Match/);
    const real = await raw(base, 'GET', '/projects/alpha/tickets', { headers: { origin: allowed } });
    expect(real.status).toBe(200);
    expect(real.headers['access-control-allow-origin']).toBe(allowed);
    expect(real.headers['access-control-expose-headers']).toMatch(/ETag/);
    const own = await raw(base, 'GET', '/projects/alpha/tickets', { headers: { origin: base } });
    expect(own.status).toBe(200);
    const evil = await raw(base, 'OPTIONS', '/projects/alpha/tickets', {
      headers: { origin: 'http://localhost:5174' },
    });
    expect(evil.status).toBe(403);
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('hands /mcp, /sse and /messages to the mount with the body unread', async () => {
    const seen: { url: string; method: string; body: string }[] = [];
    let closed = false;
    const mount = {
      async handle(req: IncomingMessage, res: ServerResponse) {
        if (req.url?.startsWith('/messages') && req.url.includes('decline')) return false;
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        seen.push({ url: req.url ?? '', method: req.method ?? '', body: Buffer.concat(chunks).toString() });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"jsonrpc":"2.0","result":{},"id":1}');
        return true;
      },
      async close() {
        closed = true;
      },
    };
    w = await world({ mount }, twoProjects);
    const base = await listen(w.app);
    expect(routeTable(w.app).map((r) => r.url)).toEqual(expect.arrayContaining([...MOUNT_PATHS]));
    const body = '{"jsonrpc":"2.0","method":"initialize","id":1}';
    const a = await raw(base, 'POST', '/mcp', { headers: { 'content-type': 'application/json' }, body });
    expect(a.status).toBe(200);
    expect(seen[0]).toEqual({ url: '/mcp', method: 'POST', body });
    const sse = await raw(base, 'GET', '/sse');
    expect(sse.status).toBe(200);
    const declined = await raw(base, 'POST', '/messages?decline=1', {
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(declined.status).toBe(404);
    expect(declined.json.code).toBe('not_found');
    await w.app.close();
    expect(closed).toBe(true);
  });
});

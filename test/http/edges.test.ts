import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Docket } from '../../src/core/docket.js';
import { Door } from '../../src/core/door.js';
import { type App, buildApp } from '../../src/http/app.js';
import { createMcpHttpHandler } from '../../src/mcp/http.js';
import { openDocket } from '../../src/open.js';
import { sendBigBody } from '../support/big-body.js';
import { tempDir } from '../support/temp.js';
import { listen, raw, twoProjects, type World, world } from './harness.js';

const T = '/projects/alpha/tickets';
const LIMIT = 1024 * 1024;
const jsonType = { 'content-type': 'application/json' };

/** HTTP edges that real clients hit: a JSON Content-Type on every request, and bodies far too big. */
describe('REST edges over real HTTP', () => {
  let w: World;
  let base: string;

  beforeAll(async () => {
    w = await world({ bodyLimit: LIMIT }, twoProjects);
    base = await listen(w.app);
  });
  afterAll(() => w.close());

  it('takes an empty body sent as application/json as no body (DELETE, and POSTs whose body is optional)', async () => {
    const del = await raw(base, 'DELETE', `${T}/ALP-1/links/1`, { headers: jsonType, body: '' });
    expect(del.status, del.text).toBe(200);
    expect(del.json).toEqual({ removed: 1 });
    const closed = await raw(base, 'POST', `${T}/ALP-2/close`, { headers: jsonType, body: '' });
    expect(closed.status, closed.text).toBe(200);
    expect(closed.json.closedAt).toEqual(expect.any(String));
    const reopened = await raw(base, 'POST', `${T}/ALP-2/reopen`, {
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: ' \r\n',
    });
    expect(reopened.status, reopened.text).toBe(200);
    expect(reopened.json.closedAt).toBeNull();
    // Where a body is required, no body is still refused, naming what to send.
    const create = await raw(base, 'POST', T, { headers: jsonType, body: '' });
    expect(create.status, create.text).toBe(422);
    expect(create.json.code).toBe('validation');
  });

  for (const chunked of [false, true]) {
    it(`answers 413 to every body ten times the limit (${chunked ? 'chunked' : 'Content-Length'}), never a broken pipe`, async () => {
      for (let i = 0; i < 6; i++) {
        const a = await sendBigBody(base, T, 10 * LIMIT, { chunked });
        expect({ attempt: i, status: a.status, error: a.error }).toEqual({ attempt: i, status: 413, error: null });
        expect(JSON.parse(a.body).code).toBe('too_large');
      }
      // The server still answers normally afterwards.
      expect((await raw(base, 'GET', T)).status).toBe(200);
    });
  }
});

describe('/mcp mounted on the REST server, as docket serve does it', () => {
  let docket: Docket;
  let app: App;
  let base: string;
  let tmp: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    tmp = tempDir('docket-http-edges-');
    docket = await openDocket(join(tmp.dir, 'docket.db'));
    await docket.createProject({ key: 'alpha' });
    const door = Door.server(docket, { host: '127.0.0.1', port: 0, rateLimit: { rate: 0 } });
    const mount = createMcpHttpHandler(docket, { door, host: '127.0.0.1', port: 0, bodyLimit: LIMIT });
    app = await buildApp(docket, { door, mount, bodyLimit: LIMIT, port: 0 });
    base = await listen(app);
  });
  afterAll(async () => {
    await app.close();
    await docket.close();
    tmp.cleanup();
  });

  for (const chunked of [false, true]) {
    it(`answers 413 to every body ten times the limit (${chunked ? 'chunked' : 'Content-Length'}), never a broken pipe`, async () => {
      for (let i = 0; i < 6; i++) {
        const a = await sendBigBody(base, '/mcp', 10 * LIMIT, { chunked });
        expect({ attempt: i, status: a.status, error: a.error }).toEqual({ attempt: i, status: 413, error: null });
      }
    });
  }
});

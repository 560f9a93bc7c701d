import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runServe } from '../../src/http/main.js';
import { bearer, expectDocumented, listen, raw, twoProjects, type World, world, type Json } from './harness.js';

const T = '/projects/alpha/tickets';
const json = (value: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });

/** Every error code over real HTTP, each as application/problem+json with its stable code. */
describe('REST errors over HTTP', () => {
  let w: World;
  let base: string;
  let writer: string;
  let reader: string;

  beforeAll(async () => {
    w = await world({ bodyLimit: 4096 }, async (docket) => {
      await twoProjects(docket);
      writer = (await docket.createToken({ projects: ['alpha'], scope: 'write', entity: 'wendy' })).secret;
      reader = (await docket.createToken({ projects: ['alpha'], scope: 'read' })).secret;
    });
    base = await listen(w.app);
  });
  afterAll(() => w.close());

  const expectProblem = (
    a: { status: number; headers: Record<string, unknown>; json: Json },
    status: number,
    code: string,
  ) => {
    expect(a.status, JSON.stringify(a.json)).toBe(status);
    expect(a.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(a.json).toMatchObject({ status, code, type: `/docs#problem-${code}`, title: expect.any(String) });
    expect(a.json.detail.length).toBeGreaterThan(10);
    expect(a.json.detail).not.toMatch(/\n\s+at /); // never a stack trace
  };
  const as = (secret: string, more: Record<string, string> = {}) => ({ ...bearer(secret), ...more });

  it('400 malformed: bad JSON, bad If-Match, bad Last-Event-ID, bad URL encoding', async () => {
    expectProblem(
      await raw(base, 'POST', T, { headers: as(writer, { 'content-type': 'application/json' }), body: '{"title":' }),
      400,
      'malformed',
    );
    expectProblem(
      await raw(base, 'PUT', `${T}/1`, {
        headers: as(writer, { 'content-type': 'application/json', 'if-match': 'yesterday' }),
        body: '{}',
      }),
      400,
      'malformed',
    );
    expectProblem(
      await raw(base, 'GET', '/projects/alpha/events', { headers: as(reader, { 'last-event-id': 'abc' }) }),
      400,
      'malformed',
    );
    expectProblem(await raw(base, 'GET', `${T}/%E0%A4%A`, { headers: as(reader) }), 400, 'malformed');
  });

  it('401 unauthorized without a token, with an unknown one, or with another scheme', async () => {
    const none = await raw(base, 'GET', T);
    expectProblem(none, 401, 'unauthorized');
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expectProblem(await raw(base, 'GET', T, { headers: bearer('dkt_not-a-real-token') }), 401, 'unauthorized');
    expectProblem(await raw(base, 'GET', T, { headers: { authorization: 'Basic YTpi' } }), 401, 'unauthorized');
  });

  it('403 forbidden for a foreign Origin or Host, a small scope, and a missing operator', async () => {
    expectProblem(
      await raw(base, 'GET', T, { headers: as(reader, { origin: 'http://evil.example' }) }),
      403,
      'forbidden',
    );
    expectProblem(await raw(base, 'GET', T, { headers: as(reader, { origin: 'null' }) }), 403, 'forbidden');
    expectProblem(await raw(base, 'GET', T, { headers: as(reader, { host: 'attacker.example' }) }), 403, 'forbidden');
    const scope = await raw(base, 'POST', T, {
      ...json({ title: 'no' }),
      headers: as(reader, { 'content-type': 'application/json' }),
    });
    expectProblem(scope, 403, 'forbidden');
    expect(scope.json.detail).toMatch(/scope is read; this needs write/);
    expectProblem(
      await raw(base, 'POST', '/projects', {
        ...json({ key: 'x' }),
        headers: as(writer, { 'content-type': 'application/json' }),
      }),
      403,
      'forbidden',
    );
  });

  it('404 for unknown routes, projects, tickets and links', async () => {
    expectProblem(await raw(base, 'GET', '/nowhere', { headers: as(reader) }), 404, 'not_found');
    expectProblem(await raw(base, 'GET', '/projects/zzz/tickets', { headers: as(reader) }), 404, 'not_found');
    expectProblem(await raw(base, 'GET', `${T}/999`, { headers: as(reader) }), 404, 'not_found');
    expectProblem(await raw(base, 'GET', `${T}/BET-1`, { headers: as(reader) }), 404, 'not_found');
    expectProblem(await raw(base, 'DELETE', `${T}/1/links/9999`, { headers: as(writer) }), 404, 'not_found');
  });

  it('409 for illegal moves, cycles, claim conflicts and duplicates', async () => {
    const h = as(writer, { 'content-type': 'application/json' });
    const move = await raw(base, 'POST', `${T}/ALP-2/move`, { ...json({ status: 'resolved' }), headers: h });
    expectProblem(move, 409, 'invalid_transition');
    expect(move.json.details.allowed).toEqual(['confirmed', 'wont_fix']);
    expectProblem(
      await raw(base, 'POST', `${T}/ALP-2/links`, { ...json({ type: 'blocks', target: 'ALP-1' }), headers: h }),
      409,
      'link_cycle',
    );
    await w.docket.project('alpha', { actor: 'someone-else' }).claim('ALP-1');
    expectProblem(await raw(base, 'POST', `${T}/ALP-1/claim`, { headers: as(writer) }), 409, 'conflict');
    const again = await raw(base, 'POST', '/projects/alpha/categories', {
      ...json({ slug: 'alpha-cat' }),
      headers: as(writer, { 'content-type': 'application/json' }),
    });
    expectProblem(again, 403, 'forbidden'); // categories need admin
    await w.docket.createToken({ projects: ['alpha'], scope: 'admin' }).then(async (admin) => {
      const dup = await raw(base, 'POST', '/projects/alpha/categories', {
        ...json({ slug: 'alpha-cat' }),
        headers: as(admin.secret, { 'content-type': 'application/json' }),
      });
      expectProblem(dup, 409, 'already_exists');
    });
  });

  it('412 when If-Match is stale, and the write is not made', async () => {
    const h = as(writer, { 'content-type': 'application/json', 'if-match': '"99"' });
    const stale = await raw(base, 'POST', `${T}/ALP-2/move`, { ...json({ status: 'confirmed' }), headers: h });
    expectProblem(stale, 412, 'precondition_failed');
    expect((await w.docket.project('alpha').get('ALP-2')).status).toBe('triage');
  });

  it('413 too large, 415 not JSON', async () => {
    const big = json({ title: 'x', description: 'y'.repeat(5000) });
    expectProblem(
      await raw(base, 'POST', T, { ...big, headers: as(writer, { 'content-type': 'application/json' }) }),
      413,
      'too_large',
    );
    expectProblem(
      await raw(base, 'POST', T, {
        body: 'title=x',
        headers: as(writer, { 'content-type': 'application/x-www-form-urlencoded' }),
      }),
      415,
      'unsupported_media_type',
    );
  });

  it('422 for invalid input and invalid workflows, naming the field', async () => {
    const h = as(writer, { 'content-type': 'application/json' });
    const empty = await raw(base, 'POST', T, { ...json({ title: '' }), headers: h });
    expectProblem(empty, 422, 'validation');
    expect(empty.json.detail).toMatch(/^title: /);
    const unknownType = await raw(base, 'POST', T, { ...json({ title: 'x', type: 'epic' }), headers: h });
    expectProblem(unknownType, 422, 'validation');
    expect(unknownType.json.detail).toMatch(/types: task, bug/);
    expectProblem(await raw(base, 'GET', `${T}?limit=0`, { headers: as(reader) }), 422, 'validation');
    expectProblem(
      await raw(base, 'GET', `${T}/not an id!`.replace(/ /g, '%20'), { headers: as(reader) }),
      422,
      'validation',
    );
  });

  it('documents every error answer in the OpenAPI schemas', async () => {
    const res = await w.app.inject({ method: 'GET', url: `${T}/999`, headers: as(reader) });
    expectDocumented(w.app, 'GET', `${T}/999`, res);
  });
});

describe('REST errors that need their own server', () => {
  it('429 with Retry-After once a caller spends its burst', async () => {
    const w = await world({ rateLimit: { rate: 1, burst: 3 } }, twoProjects);
    try {
      const codes: number[] = [];
      let last: Awaited<ReturnType<typeof w.app.inject>> | undefined;
      for (let i = 0; i < 5; i++) {
        last = await w.app.inject({ method: 'GET', url: T });
        codes.push(last.statusCode);
      }
      expect(codes).toEqual([200, 200, 200, 429, 429]);
      expect(Number(last!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(JSON.parse(last!.body)).toMatchObject({ code: 'rate_limited', status: 429 });
      // Docs and health are not rate limited: they cost nothing.
      expect((await w.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    } finally {
      await w.close();
    }
  });

  it('503 (not 500) when the store is gone, and refuses to serve off loopback without tokens', async () => {
    const w = await world({}, twoProjects);
    await expect(
      runServe({ docket: w.docket, host: '0.0.0.0', port: 0, signals: false, log: () => {} }),
    ).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/docket token create/),
    });
    await w.docket.close();
    const res = await w.app.inject({ method: 'GET', url: T });
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(res.body).code).toBe('storage');
    await w.close();
  });
});

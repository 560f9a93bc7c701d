import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { openDocket } from '../../src/open.js';
import { bearer, twoProjects, type World, world } from './harness.js';

const T = '/projects/alpha/tickets';
const post = (w: World, url: string, payload: unknown, headers: Record<string, string>) =>
  w.app.inject({ method: 'POST', url, payload: payload as Record<string, unknown>, headers });

describe('REST: Idempotency-Key', () => {
  let w: World;
  afterEach(() => w.close());

  it('replays the first answer (status, body, ETag, Location) and creates once', async () => {
    w = await world({}, twoProjects);
    const key = { 'idempotency-key': 'create-1' };
    const first = await post(w, T, { title: 'once' }, key);
    const retry = await post(w, T, { title: 'once' }, key);
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.body).toBe(first.body);
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const titles = (await w.docket.project('alpha').list()).items.map((t) => t.title);
    expect(titles.filter((t) => t === 'once')).toHaveLength(1);
  });

  it('refuses the same key for another request', async () => {
    w = await world({}, twoProjects);
    await post(w, T, { title: 'first' }, { 'idempotency-key': 'k' });
    const other = await post(w, T, { title: 'second' }, { 'idempotency-key': 'k' });
    expect(other.statusCode).toBe(409);
    expect(JSON.parse(other.body).detail).toMatch(/different request/);
    const elsewhere = await post(w, `${T}/ALP-1/comments`, { body: 'first' }, { 'idempotency-key': 'k' });
    expect(elsewhere.statusCode).toBe(409);
    const bad = await post(w, T, { title: 'x' }, { 'idempotency-key': 'x'.repeat(300) });
    expect(bad.statusCode).toBe(422);
  });

  it('replays error answers too: a retried move does not turn into an illegal move', async () => {
    w = await world({}, twoProjects);
    const key = { 'idempotency-key': 'move-1' };
    const first = await post(w, `${T}/ALP-1/move`, { status: 'in_progress' }, key);
    const retry = await post(w, `${T}/ALP-1/move`, { status: 'in_progress' }, key);
    expect(first.statusCode).toBe(200);
    expect(retry.statusCode).toBe(200);
    expect(retry.body).toBe(first.body);
    const plain = await post(w, `${T}/ALP-1/move`, { status: 'in_progress' }, {});
    expect(plain.statusCode).toBe(409); // without the key it is a second, illegal move
    const bad = { 'idempotency-key': 'bad-move' };
    const failed = await post(w, `${T}/ALP-2/move`, { status: 'resolved' }, bad);
    const failedAgain = await post(w, `${T}/ALP-2/move`, { status: 'resolved' }, bad);
    expect([failed.statusCode, failedAgain.statusCode]).toEqual([409, 409]);
    expect(failedAgain.headers['idempotent-replayed']).toBe('true');
  });

  it('replays across a restart and from another server on the same database', async () => {
    w = await world({}, async (docket) => {
      await twoProjects(docket);
    });
    const token = await w.docket.createToken({ projects: ['alpha'], scope: 'write' });
    const headers = { ...bearer(token.secret), 'idempotency-key': 'restart-1' };
    const first = await post(w, T, { title: 'survives' }, headers);
    expect(first.statusCode).toBe(201);
    // Keys belong to their caller: another token's same key is a new request.
    const someoneElse = await w.docket.createToken({ projects: ['alpha'], scope: 'write' });
    const theirs = await post(
      w,
      T,
      { title: 'theirs' },
      { ...bearer(someoneElse.secret), 'idempotency-key': 'restart-1' },
    );
    expect(theirs.statusCode).toBe(201);
    expect(JSON.parse(theirs.body).id).not.toBe(JSON.parse(first.body).id);

    // A second instance on the same file, running at the same time.
    const otherDocket = await openDocket(w.path);
    const other = await buildApp(otherDocket, { rateLimit: { rate: 0 } });
    const fromOther = await other.inject({ method: 'POST', url: T, payload: { title: 'survives' }, headers });
    expect(fromOther.statusCode).toBe(201);
    expect(fromOther.body).toBe(first.body);
    await other.close();
    await otherDocket.close();

    // The first instance stops; a new one starts on the same file.
    await w.app.close();
    await w.docket.close();
    const docket = await openDocket(w.path);
    const app = await buildApp(docket, { rateLimit: { rate: 0 } });
    const afterRestart = await app.inject({ method: 'POST', url: T, payload: { title: 'survives' }, headers });
    expect(afterRestart.statusCode).toBe(201);
    expect(afterRestart.body).toBe(first.body);
    expect((await docket.project('alpha').list()).items.filter((t) => t.title === 'survives')).toHaveLength(1);
    await app.close();
    await docket.close();
    w = { ...w, close: async () => {} };
  });

  it('lets concurrent retries create exactly one ticket', async () => {
    w = await world({}, twoProjects);
    const headers = { 'idempotency-key': 'race' };
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(w, T, { title: 'raced' }, headers)));
    const created = answers.filter((a) => a.statusCode === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const a of created) expect(a.body).toBe(created[0]!.body);
    for (const a of answers.filter((x) => x.statusCode !== 201)) {
      expect(a.statusCode).toBe(409);
      expect(JSON.parse(a.body).detail).toMatch(/still running/);
    }
    expect((await w.docket.project('alpha').list()).items.filter((t) => t.title === 'raced')).toHaveLength(1);
  });
});

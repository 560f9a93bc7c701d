import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '../../src/http/app.js';
import { listen, raw, twoProjects, type World, world } from './harness.js';

/** Hostile scalars: empty, blank, huge, control characters, unicode, prototype keys, numbers at the edges. */
const scalar = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u202e',
    'null',
    '__proto__',
    'constructor',
    '../../etc/passwd',
    '%00',
    "' OR 1=1 --",
  ),
  fc.constantFrom(
    'ALP-1',
    'BET-1',
    'alp-2',
    '#1',
    '0',
    '-1',
    '1e400',
    '9007199254740993',
    'task',
    'bug',
    'done',
    'in_progress',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ minLength: 490, maxLength: 600 }),
  fc.integer({ min: -10, max: 10 }),
  fc.constantFrom(0, -1, 2 ** 53 + 1, 1e308, -1e308, 0.5, Number.MAX_SAFE_INTEGER),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 60 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 4 }) },
);
const FIELDS = [
  'title',
  'description',
  'type',
  'priority',
  'assignee',
  'category',
  'labels',
  'tags',
  'status',
  'comment',
  'resolution',
  'ids',
  'dryRun',
  'leaseMinutes',
  'body',
  'target',
  'link_type',
  'target_id',
  'add',
  'remove',
  'slug',
  'name',
  'kind',
  'key',
  'prefix',
  'value',
  'state',
  'terminal',
  'from',
  'to',
  'position',
  'keepDays',
  'states',
  'initial',
  'transitions',
  'idempotencyKey',
  '__proto__',
  'constructor',
];
const PARAMS = [
  'limit',
  'after',
  'offset',
  'status',
  'type',
  'priority',
  'assignee',
  'category',
  'label',
  'state',
  'order',
  'q',
  'query',
  'view',
  'includeTerminal',
  'includeComments',
  'include',
  'force',
  'x',
];

/** Bodies: plausible objects with hostile values, any JSON at all, and text that is not JSON. */
/** Bodies some route accepts, so that runs also get past validation into the rules (409s, writes). */
const VALID = [
  { title: 'fuzzed' },
  { status: 'in_progress' },
  { status: 'done' },
  { status: 'confirmed' },
  {},
  { resolution: 'wont_fix' },
  { type: 'blocks', target: 'ALP-2' },
  { type: 'blocks', target: 'ALP-1' },
  { body: 'note' },
  { add: ['x'] },
  { ids: ['ALP-1', 'ALP-2'], status: 'done' },
  { slug: 'alpha-cat' },
  { slug: 'alice' },
  { value: true },
  { leaseMinutes: 5 },
  { state: 'review' },
  { from: 'backlog', to: 'done' },
  { priority: 'medium' },
  { key: 'alpha' },
  { name: 'high' },
];
const bodyArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(...VALID).map((o) => ({ text: JSON.stringify(o), type: 'application/json' })),
  },
  {
    weight: 4,
    arbitrary: fc
      .dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 5 })
      .map((o) => ({ text: JSON.stringify(o), type: 'application/json' })),
  },
  {
    weight: 1,
    arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => ({ text: JSON.stringify(v), type: 'application/json' })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        '{"title":',
        '{"__proto__":{"admin":true},"title":"x"}',
        '[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]',
        '{"constructor":{"prototype":{"x":1}}}',
        `{"title":"${'a'.repeat(2_000_000)}"}`,
        'null',
        '',
      )
      .map((text) => ({ text, type: 'application/json' })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.string({ maxLength: 50 }),
        fc.constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/json; charset=latin1',
          'multipart/form-data; boundary=x',
          '',
        ),
      )
      .map(([text, type]) => ({ text, type })),
  },
  { weight: 1, arbitrary: fc.constant(null) },
);
const segmentArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'ALP-1',
      'ALP-2',
      'BET-1',
      '1',
      '2',
      'task',
      'bug',
      'backlog',
      'done',
      'medium',
      'alice',
      'alpha-cat',
    ),
  },
  { weight: 3, arbitrary: scalar.map((v) => encodeURIComponent(String(v))) },
  { weight: 1, arbitrary: fc.constantFrom('%E0%A4%A', '%', '..', '%2e%2e', 'a%2Fb', '%FF%FE') },
);
const queryArb = fc.oneof(
  { weight: 2, arbitrary: fc.constant('') },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.tuple(fc.constantFrom(...PARAMS), scalar), { minLength: 1, maxLength: 4 })
      .map((pairs) => pairs.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&')),
  },
);
/** Each header now and then: mostly absent, so most requests get past the checks they trip. */
const sometimes = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
const headersArb = fc
  .record({
    'if-match': sometimes(fc.oneof(fc.constantFrom('"1"', '*', 'W/"2"', '"x"', ''), fc.string({ maxLength: 20 }))),
    'idempotency-key': sometimes(fc.oneof(fc.string({ maxLength: 10 }), fc.string({ minLength: 250, maxLength: 300 }))),
    'last-event-id': sometimes(
      fc.oneof(fc.constantFrom('0', '-1', '99999999999999999999'), fc.string({ maxLength: 10 })),
    ),
    'docket-actor': sometimes(fc.oneof(fc.constantFrom('alice', 'x'.repeat(80), ''), fc.string({ maxLength: 20 }))),
    authorization: fc.oneof(
      { weight: 15, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom('Bearer nope', 'Basic x', 'Bearer') },
    ),
  })
  .map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Record<string, string>);

/** Printable ASCII only: what node:http will put on the wire. */
const sendable = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).filter(([, v]) => /^[\x20-\x7e]*$/.test(v)));

describe('REST under hostile input (fast-check over real HTTP)', () => {
  let w: World;
  let base: string;
  beforeAll(async () => {
    w = await world({ bodyLimit: 256 * 1024, heartbeatMs: 1000 }, twoProjects);
    base = await listen(w.app);
  });
  afterAll(() => w.close());

  /** Tickets, changes and history rows of both projects: what a rejected request must leave alone. */
  const counts = async () => {
    const out: number[] = [];
    for (const key of ['alpha', 'beta']) {
      const p = w.docket.project(key);
      const changes = await p.changes(0, 1000);
      out.push(
        (await p.list({ limit: 500 })).items.length,
        changes.length,
        changes.reduce((n, c) => n + c.changes.length, 0),
      );
    }
    return out;
  };

  it('never answers 5xx, never crashes, never writes part of a rejected request', async () => {
    const routes = routeTable(w.app)
      .filter((r) => r.method !== 'OPTIONS')
      .map((r) => ({ method: r.method, url: r.url }));
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.array(segmentArb, { minLength: 8, maxLength: 8 }),
        queryArb,
        bodyArb,
        headersArb,
        fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
        async (route, segments, query, body, headers, realProject) => {
          let i = 0;
          const path = route.url.replace(/:([A-Za-z]+)/g, (_m, name: string) =>
            name === 'name' && realProject ? 'alpha' : segments[i++]!,
          );
          const before = await counts();
          const a = await raw(base, route.method, `${path}${query ? `?${query}` : ''}`, {
            headers: sendable({ ...(body ? { 'content-type': body.type } : {}), ...headers }),
            ...(body && route.method !== 'GET' ? { body: body.text } : {}),
            timeoutMs: route.url.endsWith('/events') ? 300 : 5000,
          });
          statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
          expect(a.status, `${route.method} ${path}?${query} → ${a.text.slice(0, 300)}`).toBeGreaterThanOrEqual(200);
          expect(a.status, `${route.method} ${path}?${query} → ${a.text.slice(0, 300)}`).toBeLessThan(500);
          if (a.status >= 400) {
            expect(a.headers['content-type']).toMatch(/^application\/problem\+json/);
            expect(await counts(), `${route.method} ${path} was refused (${a.status}) but wrote`).toEqual(before);
          }
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400), seed: Number(process.env.FUZZ_SEED ?? 20251121) },
    );
    // The server is still there, and the run reached handlers rather than bouncing off one check.
    expect((await raw(base, 'GET', '/health')).status).toBe(200);
    const reached = [...statuses.keys()];
    for (const code of [200, 400, 404, 422])
      expect(reached, `statuses seen: ${JSON.stringify([...statuses])}`).toContain(code);
  });
});

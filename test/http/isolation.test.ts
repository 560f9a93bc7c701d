import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '../../src/http/app.js';
import { BETA_SECRETS, bearer, listen, type RawAnswer, raw, twoProjects, type World, world } from './harness.js';

interface Req {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}

/**
 * One case per route of the app. `beta`: the route aimed at project beta, with a body that would
 * succeed there (so a missing check shows as a 2xx). `foreign`: beta's ids used inside alpha's own
 * paths. `global`: routes outside any project, with what they may answer. A route without a case
 * fails the test: add one when adding a route.
 */
type Case = { beta: Req; foreign?: Req } | { global: (a: RawAnswer) => void };

const B = '/projects/beta';
const A = '/projects/alpha';
let betaLink = 0;
let betaHook = 0;
/** Beta's webhook points here: an answer that carries it leaks beta's subscription. */
const BETA_HOOK_URL = 'https://hooks.example.com/beta-secret-hook';

/** No beta data in the answer, besides what the request itself named (an id it sent, echoed back). */
const noBetaData = (a: RawAnswer, sent?: Req) => {
  const asked = JSON.stringify(sent ?? {});
  for (const secret of [...BETA_SECRETS, BETA_HOOK_URL]) {
    if (!asked.includes(secret)) expect(a.text, `answer leaks ${secret}`).not.toContain(secret);
  }
};

const CASES: Record<string, Case> = {
  'OPTIONS *': { global: (a) => expect(a.status).toBe(204) },
  'GET /': { global: (a) => expect(a.status).toBe(200) },
  'GET /assets/:file': { global: (a) => expect(a.status).toBe(404) },
  'GET /openapi.json': { global: (a) => expect(a.status).toBe(200) },
  'GET /docs': { global: (a) => expect(a.status).toBe(200) },
  'GET /health': { global: (a) => expect(a.status).toBe(200) },
  'GET /projects': { global: (a) => expect(a.json.items.map((p: { key: string }) => p.key)).toEqual(['alpha']) },
  'POST /projects': { global: (a) => expect(a.status).toBe(403) },
  'GET /projects/:name': { beta: { method: 'GET', path: B } },
  'POST /projects/:name/tickets': { beta: { method: 'POST', path: `${B}/tickets`, body: { title: 'sneak' } } },
  'GET /projects/:name/tickets': { beta: { method: 'GET', path: `${B}/tickets` } },
  'GET /projects/:name/tickets/board': { beta: { method: 'GET', path: `${B}/tickets/board?view=kanban` } },
  'GET /projects/:name/tickets/search': { beta: { method: 'GET', path: `${B}/tickets/search?q=secret` } },
  'GET /projects/:name/tickets/ready': { beta: { method: 'GET', path: `${B}/tickets/ready` } },
  'GET /projects/:name/tickets/blocked': { beta: { method: 'GET', path: `${B}/tickets/blocked` } },
  'GET /projects/:name/tickets/labels': { beta: { method: 'GET', path: `${B}/tickets/labels` } },
  'GET /projects/:name/tickets/counts': { beta: { method: 'GET', path: `${B}/tickets/counts` } },
  'GET /projects/:name/tickets/flow': { beta: { method: 'GET', path: `${B}/tickets/flow` } },
  'POST /projects/:name/tickets/claim-next': { beta: { method: 'POST', path: `${B}/tickets/claim-next`, body: {} } },
  'POST /projects/:name/tickets/batch/move': {
    beta: { method: 'POST', path: `${B}/tickets/batch/move`, body: { ids: ['BET-1'], status: 'in_progress' } },
    foreign: { method: 'POST', path: `${A}/tickets/batch/move`, body: { ids: ['BET-1'], status: 'in_progress' } },
  },
  'POST /projects/:name/tickets/batch/close': {
    beta: { method: 'POST', path: `${B}/tickets/batch/close`, body: { ids: ['BET-1'] } },
    foreign: { method: 'POST', path: `${A}/tickets/batch/close`, body: { ids: ['BET-1'] } },
  },
  'GET /projects/:name/tickets/:id': {
    beta: { method: 'GET', path: `${B}/tickets/BET-1?include=links,comments,history` },
    foreign: { method: 'GET', path: `${A}/tickets/BET-1` },
  },
  'PUT /projects/:name/tickets/:id': {
    beta: { method: 'PUT', path: `${B}/tickets/BET-1`, body: { title: 'sneak' } },
    foreign: { method: 'PUT', path: `${A}/tickets/BET-1`, body: { title: 'sneak' } },
  },
  'POST /projects/:name/tickets/:id/move': {
    beta: { method: 'POST', path: `${B}/tickets/BET-1/move`, body: { status: 'in_progress' } },
    foreign: { method: 'POST', path: `${A}/tickets/BET-1/move`, body: { status: 'in_progress' } },
  },
  'POST /projects/:name/tickets/:id/close': {
    beta: { method: 'POST', path: `${B}/tickets/BET-1/close`, body: {} },
    foreign: { method: 'POST', path: `${A}/tickets/BET-1/close`, body: {} },
  },
  'POST /projects/:name/tickets/:id/reopen': {
    beta: { method: 'POST', path: `${B}/tickets/BET-1/reopen`, body: {} },
    foreign: { method: 'POST', path: `${A}/tickets/BET-1/reopen`, body: {} },
  },
  'POST /projects/:name/tickets/:id/labels': {
    beta: { method: 'POST', path: `${B}/tickets/BET-1/labels`, body: { add: ['x'] } },
    foreign: { method: 'POST', path: `${A}/tickets/BET-1/labels`, body: { add: ['x'] } },
  },
  'POST /projects/:name/tickets/:id/claim': {
    beta: { method: 'POST', path: `${B}/tickets/BET-2/claim`, body: {} },
    foreign: { method: 'POST', path: `${A}/tickets/BET-2/claim`, body: {} },
  },
  'POST /projects/:name/tickets/:id/release': {
    beta: { method: 'POST', path: `${B}/tickets/BET-1/release`, body: {} },
    foreign: { method: 'POST', path: `${A}/tickets/BET-1/release`, body: {} },
  },
  'GET /projects/:name/tickets/:id/comments': {
    beta: { method: 'GET', path: `${B}/tickets/BET-1/comments` },
    foreign: { method: 'GET', path: `${A}/tickets/BET-1/comments` },
  },
  'POST /projects/:name/tickets/:id/comments': {
    beta: { method: 'POST', path: `${B}/tickets/BET-1/comments`, body: { body: 'sneak' } },
    foreign: { method: 'POST', path: `${A}/tickets/BET-1/comments`, body: { body: 'sneak' } },
  },
  'GET /projects/:name/tickets/:id/history': {
    beta: { method: 'GET', path: `${B}/tickets/BET-1/history` },
    foreign: { method: 'GET', path: `${A}/tickets/BET-1/history` },
  },
  'POST /projects/:name/tickets/:id/links': {
    beta: { method: 'POST', path: `${B}/tickets/BET-2/links`, body: { type: 'related', target: 'BET-1' } },
    foreign: { method: 'POST', path: `${A}/tickets/ALP-1/links`, body: { type: 'related', target: 'BET-1' } },
  },
  'GET /projects/:name/tickets/:id/links': {
    beta: { method: 'GET', path: `${B}/tickets/BET-1/links` },
    foreign: { method: 'GET', path: `${A}/tickets/BET-1/links` },
  },
  'DELETE /projects/:name/tickets/:id/links/:linkId': {
    get beta() {
      return { method: 'DELETE', path: `${B}/tickets/BET-1/links/${betaLink}` };
    },
    get foreign() {
      return { method: 'DELETE', path: `${A}/tickets/ALP-1/links/${betaLink}` };
    },
  },
  'POST /projects/:name/schema/types': {
    beta: {
      method: 'POST',
      path: `${B}/schema/types`,
      body: { type: 'chore', states: ['a', 'b'], initial: 'a', terminal: ['b'], transitions: [['a', 'b']] },
    },
  },
  'POST /projects/:name/schema/types/:type/states': {
    beta: { method: 'POST', path: `${B}/schema/types/task/states`, body: { state: 'review' } },
  },
  'DELETE /projects/:name/schema/types/:type/states/:state': {
    beta: { method: 'DELETE', path: `${B}/schema/types/task/states/cancelled` },
  },
  'POST /projects/:name/schema/types/:type/transitions': {
    beta: { method: 'POST', path: `${B}/schema/types/task/transitions`, body: { from: 'done', to: 'cancelled' } },
  },
  'DELETE /projects/:name/schema/types/:type/transitions/:from/:to': {
    beta: { method: 'DELETE', path: `${B}/schema/types/task/transitions/backlog/done` },
  },
  'POST /projects/:name/schema/priorities': {
    beta: { method: 'POST', path: `${B}/schema/priorities`, body: { priority: 'p0' } },
  },
  'PUT /projects/:name/schema/priorities/:priority': {
    beta: { method: 'PUT', path: `${B}/schema/priorities/low`, body: { name: 'later' } },
  },
  'DELETE /projects/:name/schema/priorities/:priority': {
    beta: { method: 'DELETE', path: `${B}/schema/priorities/none` },
  },
  'GET /projects/:name/entities': { beta: { method: 'GET', path: `${B}/entities` } },
  'POST /projects/:name/entities': { beta: { method: 'POST', path: `${B}/entities`, body: { slug: 'sneak' } } },
  'GET /projects/:name/entities/:slug': {
    beta: { method: 'GET', path: `${B}/entities/beta-person` },
    foreign: { method: 'GET', path: `${A}/entities/beta-person` },
  },
  'PUT /projects/:name/entities/:slug': {
    beta: { method: 'PUT', path: `${B}/entities/beta-person`, body: { name: 'sneak' } },
  },
  'DELETE /projects/:name/entities/:slug': {
    beta: { method: 'DELETE', path: `${B}/entities/beta-person?force=true` },
    foreign: { method: 'DELETE', path: `${A}/entities/beta-person` },
  },
  'GET /projects/:name/categories': { beta: { method: 'GET', path: `${B}/categories` } },
  'POST /projects/:name/categories': { beta: { method: 'POST', path: `${B}/categories`, body: { slug: 'sneak' } } },
  'PUT /projects/:name/categories/:slug': {
    beta: { method: 'PUT', path: `${B}/categories/beta-cat`, body: { slug: 'sneak' } },
    foreign: { method: 'PUT', path: `${A}/categories/beta-cat`, body: { slug: 'sneak' } },
  },
  'DELETE /projects/:name/categories/:slug': {
    beta: { method: 'DELETE', path: `${B}/categories/beta-cat?force=true` },
    foreign: { method: 'DELETE', path: `${A}/categories/beta-cat` },
  },
  'GET /projects/:name/milestones': { beta: { method: 'GET', path: `${B}/milestones` } },
  'POST /projects/:name/milestones': { beta: { method: 'POST', path: `${B}/milestones`, body: { key: 'sneak' } } },
  'GET /projects/:name/milestones/:key': {
    beta: { method: 'GET', path: `${B}/milestones/beta-milestone` },
    foreign: { method: 'GET', path: `${A}/milestones/beta-milestone` },
  },
  'PUT /projects/:name/milestones/:key': {
    beta: { method: 'PUT', path: `${B}/milestones/beta-milestone`, body: { name: 'sneak' } },
    foreign: { method: 'PUT', path: `${A}/milestones/beta-milestone`, body: { name: 'sneak' } },
  },
  'POST /projects/:name/milestones/:key/close': {
    beta: { method: 'POST', path: `${B}/milestones/beta-milestone/close` },
    foreign: { method: 'POST', path: `${A}/milestones/beta-milestone/close` },
  },
  'POST /projects/:name/milestones/:key/reopen': {
    beta: { method: 'POST', path: `${B}/milestones/beta-milestone/reopen` },
    foreign: { method: 'POST', path: `${A}/milestones/beta-milestone/reopen` },
  },
  'DELETE /projects/:name/milestones/:key': {
    beta: { method: 'DELETE', path: `${B}/milestones/beta-milestone` },
    foreign: { method: 'DELETE', path: `${A}/milestones/beta-milestone` },
  },
  'GET /projects/:name/config': { beta: { method: 'GET', path: `${B}/config` } },
  'PUT /projects/:name/config/:key': { beta: { method: 'PUT', path: `${B}/config/audit_log`, body: { value: false } } },
  'GET /projects/:name/audit': { beta: { method: 'GET', path: `${B}/audit` } },
  'POST /projects/:name/audit/prune': { beta: { method: 'POST', path: `${B}/audit/prune`, body: { keepDays: 0 } } },
  'POST /projects/:name/imports': {
    beta: {
      method: 'POST',
      path: `${B}/imports?from=beads&dryRun=true`,
      body: { id: 'bd-1', title: 'sneak', status: 'open', priority: 2, issue_type: 'task' },
    },
  },
  'GET /projects/:name/webhooks': { beta: { method: 'GET', path: `${B}/webhooks` } },
  'POST /projects/:name/webhooks': {
    beta: { method: 'POST', path: `${B}/webhooks`, body: { url: 'https://hooks.example.com/sneak' } },
  },
  'GET /projects/:name/webhooks/:id': {
    get beta() {
      return { method: 'GET', path: `${B}/webhooks/${betaHook}` };
    },
    get foreign() {
      return { method: 'GET', path: `${A}/webhooks/${betaHook}` };
    },
  },
  'DELETE /projects/:name/webhooks/:id': {
    get beta() {
      return { method: 'DELETE', path: `${B}/webhooks/${betaHook}` };
    },
    get foreign() {
      return { method: 'DELETE', path: `${A}/webhooks/${betaHook}` };
    },
  },
  'POST /projects/:name/webhooks/:id/pause': {
    get beta() {
      return { method: 'POST', path: `${B}/webhooks/${betaHook}/pause`, body: {} };
    },
    get foreign() {
      return { method: 'POST', path: `${A}/webhooks/${betaHook}/pause`, body: {} };
    },
  },
  'POST /projects/:name/webhooks/:id/resume': {
    get beta() {
      return { method: 'POST', path: `${B}/webhooks/${betaHook}/resume`, body: {} };
    },
    get foreign() {
      return { method: 'POST', path: `${A}/webhooks/${betaHook}/resume`, body: {} };
    },
  },
  'POST /projects/:name/webhooks/:id/test': {
    get beta() {
      return { method: 'POST', path: `${B}/webhooks/${betaHook}/test`, body: {} };
    },
    get foreign() {
      return { method: 'POST', path: `${A}/webhooks/${betaHook}/test`, body: {} };
    },
  },
  'GET /projects/:name/webhooks/:id/deliveries': {
    get beta() {
      return { method: 'GET', path: `${B}/webhooks/${betaHook}/deliveries` };
    },
    get foreign() {
      return { method: 'GET', path: `${A}/webhooks/${betaHook}/deliveries` };
    },
  },
  // No delivery exists in this world: the case checks that the route answers 404 to a caller of another project.
  'POST /projects/:name/webhooks/deliveries/:delivery/redeliver': {
    beta: { method: 'POST', path: `${B}/webhooks/deliveries/1/redeliver`, body: {} },
  },
  'GET /projects/:name/events': { beta: { method: 'GET', path: `${B}/events?after=0` } },
  'GET /projects/:name/changes': { beta: { method: 'GET', path: `${B}/changes` } },
};

describe('REST tenant isolation and scopes, over every route', () => {
  let w: World;
  let base: string;
  let alphaAdmin: string;
  let alphaReader: string;
  let betaBefore: unknown;

  const send = (secret: string, r: Req) =>
    raw(base, r.method, r.path, {
      headers: { ...bearer(secret), ...(r.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(r.body !== undefined ? { body: JSON.stringify(r.body) } : {}),
    });
  const betaState = async () => {
    const beta = w.docket.project('beta');
    return {
      changes: await beta.changes(0, 1000),
      tickets: await beta.list(),
      schema: await beta.schema(),
      entities: await beta.entities(),
      categories: await beta.categories(),
      milestones: await beta.milestones(),
      audit: (await beta.audit(0, 1000)).length,
      webhooks: await beta.webhooks(),
    };
  };

  beforeAll(async () => {
    w = await world({}, async (docket) => {
      await twoProjects(docket);
      alphaAdmin = (await docket.createToken({ projects: ['alpha'], scope: 'admin', entity: 'mallory' })).secret;
      alphaReader = (await docket.createToken({ projects: ['alpha'], scope: 'read' })).secret;
    });
    betaLink = (await w.docket.project('beta').links('BET-1'))[0]!.linkId;
    betaHook = (await w.docket.project('beta', { actor: 'beta-person' }).addWebhook({ url: BETA_HOOK_URL })).id;
    betaBefore = await betaState();
    base = await listen(w.app);
  });
  afterAll(() => w.close());

  it('has an isolation case for every route (add one with each new route)', () => {
    const routes = routeTable(w.app).map((r) => `${r.method} ${r.url}`);
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter((r) => !(r in CASES))).toEqual([]);
    expect(Object.keys(CASES).filter((c) => !routes.includes(c))).toEqual([]);
  });

  it('answers 404 with no beta data to an alpha admin token, on every route aimed at beta', async () => {
    for (const route of routeTable(w.app)) {
      const key = `${route.method} ${route.url}`;
      const c = CASES[key]!;
      if ('global' in c) {
        const path = route.url === '*' ? `${A}/tickets` : route.url;
        const body = route.method === 'POST' ? { key: 'sneaky' } : undefined;
        const a = await send(alphaAdmin, { method: route.method, path, ...(body ? { body } : {}) });
        c.global(a);
        noBetaData(a);
        continue;
      }
      const a = await send(alphaAdmin, c.beta);
      expect(a.status, `${key}: ${a.text}`).toBe(404);
      expect(a.json?.code, key).toBe('not_found');
      noBetaData(a, c.beta);
    }
    expect(await betaState()).toEqual(betaBefore);
  });

  it('finds none of beta’s tickets, links, entities or categories through alpha’s own paths', async () => {
    let checked = 0;
    for (const [key, c] of Object.entries(CASES)) {
      if (!('foreign' in c) || !c.foreign) continue;
      checked++;
      const a = await send(alphaAdmin, c.foreign);
      noBetaData(a, c.foreign);
      if (key.includes('/batch/')) {
        expect(a.status, key).toBe(200);
        expect(a.json.items).toEqual([
          expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'not_found' }) }),
        ]);
      } else {
        expect(a.status, `${key}: ${a.text}`).toBe(404);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(20);
    expect(await betaState()).toEqual(betaBefore);
  });

  it('refuses every write to a read token (403) and changes nothing', async () => {
    const alphaBefore = await w.docket.project('alpha').changes(0, 1000);
    let writes = 0;
    for (const route of routeTable(w.app)) {
      const c = CASES[`${route.method} ${route.url}`]!;
      if (route.method === 'GET' || route.method === 'OPTIONS' || 'global' in c) continue;
      writes++;
      const target = (c.foreign ?? c.beta) as Req;
      const r = { ...target, path: target.path.replace('/projects/beta', A).replace(/BET-/g, 'ALP-') };
      const a = await send(alphaReader, r);
      expect(a.status, `${route.method} ${route.url}: ${a.text}`).toBe(403);
      expect(a.json.code).toBe('forbidden');
    }
    expect(writes).toBeGreaterThan(25);
    expect(await w.docket.project('alpha').changes(0, 1000)).toEqual(alphaBefore);
    const own = await send(alphaReader, { method: 'GET', path: `${A}/tickets/ALP-1` });
    expect(own.status).toBe(200);
  });
});

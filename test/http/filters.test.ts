import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, twoProjects, type World, world } from './harness.js';

const T = '/projects/alpha/tickets';

describe('REST: filters with values the project does not have', () => {
  let w: World;
  beforeEach(async () => {
    w = await world({}, twoProjects);
  });
  afterEach(() => w.close());

  it('list, search, ready and claim-next answer 422 naming the valid values', async () => {
    const list = await call(w.app, 'GET', `${T}?status=opne`);
    expect(list.status).toBe(422);
    expect(JSON.stringify(list.json)).toMatch(/unknown status 'opne'; statuses: backlog/);
    const search = await call(w.app, 'GET', `${T}/search?q=anything&priority=hihg`);
    expect(search.status).toBe(422);
    expect(JSON.stringify(search.json)).toMatch(/unknown priority 'hihg'/);
    const ready = await call(w.app, 'GET', `${T}/ready?type=bugs`);
    expect(ready.status).toBe(422);
    expect(JSON.stringify(ready.json)).toMatch(/unknown ticket type 'bugs'; types: task, bug/);
    const next = await call(w.app, 'POST', `${T}/claim-next`, { label: 'no-such-label' }, { 'docket-actor': 'bob' });
    expect(next.status).toBe(422);
    expect(JSON.stringify(next.json)).toMatch(/unknown label 'no-such-label'/);
    expect((await call(w.app, 'GET', `${T}?type=bug`)).status).toBe(200);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Docket } from '../../src/core/docket.js';
import { parseSchemaFile } from '../../src/domain/schema-file.js';
import { call, type Json, type World, world } from './harness.js';

const P = '/projects/plan';
const T = `${P}/tickets`;

async function planProject(docket: Docket): Promise<void> {
  const { schema } = parseSchemaFile('[fields.team]\ntype = "enum"\nvalues = ["ui", "api"]\n', 'PL-');
  await docket.createProject({ key: 'plan', schema });
  await docket.createProject({ key: 'other' });
  await docket.project('other').addMilestone({ key: 'theirs' });
}

describe('REST: planning', () => {
  let w: World;
  beforeEach(async () => {
    w = await world({}, planProject);
  });
  afterEach(() => w.close());

  it('creates and updates tickets with due, estimate, milestone and fields, and returns them only when set', async () => {
    expect((await call(w.app, 'POST', `${P}/milestones`, { key: 'v2.4', due: '2026-12-31' })).status).toBe(201);
    const made = await call(w.app, 'POST', T, {
      title: 'Ship',
      due: '2026-12-31T17:00+02:00',
      estimate: 3,
      milestone: 'v2.4',
      fields: { team: 'ui' },
    });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({
      due: '2026-12-31T15:00:00.000Z',
      estimate: 3,
      milestone: 'v2.4',
      fields: { team: 'ui' },
    });
    const plain = await call(w.app, 'POST', T, { title: 'Plain' });
    expect(Object.keys(plain.json)).not.toContain('due');
    const cleared = await call(w.app, 'PUT', `${T}/${made.json.id}`, { due: null, estimate: null, milestone: null });
    expect(cleared.status).toBe(200);
    expect(cleared.json).not.toHaveProperty('due');
    expect(cleared.json).not.toHaveProperty('milestone');
  });

  it('answers bad planning input with 422 or 404 problems and writes nothing', async () => {
    const before = (await call(w.app, 'GET', `${T}?state=all`)).json;
    for (const [body, status, detail] of [
      [{ due: '2026-02-30' }, 422, /due: '2026-02-30' is not a date on the calendar/],
      [{ estimate: -1 }, 422, /estimate: must be a number from 0/],
      [{ estimate: '1e400' }, 422, /estimate: must be a number from 0/],
      [{ fields: { team: 'web' } }, 422, /field\.team: 'web' is not one of its values; allowed: ui, api/],
      [{ milestone: 'theirs' }, 404, /milestone not found: 'theirs' in project plan/],
    ] as const) {
      const r = await call(w.app, 'POST', T, { title: 'Bad', ...body });
      expect(r.status).toBe(status);
      expect(r.json.detail).toMatch(detail);
    }
    // A JSON 1e400 arrives as Infinity: refused the same way.
    const inf = await w.app.inject({
      method: 'POST',
      url: T,
      headers: { 'content-type': 'application/json' },
      payload: '{"title":"Bad","estimate":1e400}',
    });
    expect(inf.statusCode).toBe(422);
    expect(JSON.parse(inf.body).detail).toMatch(/estimate: must be a number from 0/);
    expect((await call(w.app, 'GET', `${T}?state=all`)).json).toEqual(before);
  });

  it('filters lists and search by overdue, milestone, no_milestone, due dates and field.NAME', async () => {
    await call(w.app, 'POST', `${P}/milestones`, { key: 'v1' });
    await call(w.app, 'POST', T, { title: 'late login', due: '2020-01-01', milestone: 'v1', fields: { team: 'api' } });
    await call(w.app, 'POST', T, { title: 'future login', due: '2030-01-01' });
    await call(w.app, 'POST', T, { title: 'undated login', fields: { team: 'ui' } });
    const titles = async (query: string) =>
      (await call(w.app, 'GET', `${T}?${query}`)).json.items.map((t: { title: string }) => t.title);
    expect(await titles('overdue=true')).toEqual(['late login']);
    expect(await titles('milestone=v1')).toEqual(['late login']);
    expect(await titles('no_milestone=true')).toEqual(['future login', 'undated login']);
    expect(await titles('due_before=2025-01-01')).toEqual(['late login']);
    expect(await titles('due_after=2025-01-01')).toEqual(['future login']);
    expect(await titles('field.team=ui')).toEqual(['undated login']);
    expect(await titles('order=due')).toEqual(['late login', 'future login', 'undated login']);
    const found = await call(w.app, 'GET', `${T}/search?q=login&milestone=v1`);
    expect(found.json.items.map((h: { ticket: { title: string } }) => h.ticket.title)).toEqual(['late login']);
    expect((await call(w.app, 'GET', `${T}?colour=red`)).status).toBe(422);
    expect((await call(w.app, 'GET', `${T}?due_before=2026-02-30`)).status).toBe(422);
    expect((await call(w.app, 'GET', `${T}?field.team=web`)).status).toBe(422);
    expect((await call(w.app, 'GET', `${T}?milestone=theirs`)).status).toBe(404);
  });

  it('serves /projects/{name}/milestones: list, get with burn-down, edit, close, reopen, delete', async () => {
    await call(w.app, 'POST', `${P}/milestones`, { key: 'v1', name: 'First', due: '2030-01-01' });
    await call(w.app, 'POST', `${P}/milestones`, { key: 'v2' });
    await call(w.app, 'POST', T, { title: 'a', milestone: 'v1', estimate: 2 });
    const list = await call(w.app, 'GET', `${P}/milestones`);
    expect(list.json.items.map((m: { key: string }) => m.key)).toEqual(['v1', 'v2']);
    const one = await call(w.app, 'GET', `${P}/milestones/v1`);
    expect(one.json).toMatchObject({ key: 'v1', name: 'First', tickets: { total: 1, closed: 0 }, progress: 0 });
    expect(one.json.burnDown[0]).toMatchObject({ open: 2 });
    const edited = await call(w.app, 'PUT', `${P}/milestones/v1`, { key: 'v1.0', due: null });
    expect(edited.json).toMatchObject({ key: 'v1.0', due: null });
    expect((await call(w.app, 'POST', `${P}/milestones/v1.0/close`)).json.state).toBe('closed');
    expect((await call(w.app, 'POST', `${P}/milestones/v1.0/reopen`)).json.state).toBe('open');
    expect((await call(w.app, 'DELETE', `${P}/milestones/v1.0`)).status).toBe(409);
    expect((await call(w.app, 'DELETE', `${P}/milestones/v1.0?move_to=v2`)).json).toEqual({ moved: 1 });
    expect((await call(w.app, 'GET', `${P}/milestones/v1.0`)).status).toBe(404);
    expect((await call(w.app, 'POST', `${P}/milestones`, { key: 'v2' })).status).toBe(409);
  });

  it('counts tickets opened and closed per day over the last 30 days, today last, and refuses a bad span', async () => {
    const a = await call(w.app, 'POST', T, { title: 'Opened and closed today' });
    await call(w.app, 'POST', T, { title: 'Opened today' });
    expect((await call(w.app, 'POST', `${T}/${a.json.id}/close`, {})).status).toBe(200);
    const flow = await call(w.app, 'GET', `${T}/flow`);
    expect(flow.status).toBe(200);
    expect(flow.json.items).toHaveLength(30);
    const today = new Date().toISOString().slice(0, 10);
    expect(flow.json.items.at(-1)).toEqual({ day: today, opened: 2, closed: 1 });
    expect(flow.json.items.slice(0, -1).every((d: Json) => d.opened === 0 && d.closed === 0)).toBe(true);
    expect((await call(w.app, 'GET', `${T}/flow?days=7`)).json.items).toHaveLength(7);
    const bad = await call(w.app, 'GET', `${T}/flow?days=0`);
    expect(bad.status).toBe(422);
    expect(bad.json.detail).toMatch(/days/);
  });

  it('shows the project’s custom fields and estimate unit in its schema, for forms to offer', async () => {
    const got = await call(w.app, 'GET', P);
    expect(got.status).toBe(200);
    expect(got.json.schema.fields).toEqual([{ name: 'team', type: 'enum', values: ['ui', 'api'] }]);
    expect((await call(w.app, 'PUT', `${P}/config/estimate_unit`, { value: 'hours' })).status).toBe(200);
    expect((await call(w.app, 'GET', P)).json.schema.options.estimate_unit).toBe('hours');
    expect((await call(w.app, 'GET', '/projects/other')).json.schema.fields).toBeUndefined();
  });
});

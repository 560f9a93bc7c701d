import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, twoProjects, type World, world } from './harness.js';

const P = '/projects/alpha';

describe('REST: projects, workflows and administration', () => {
  let w: World;
  beforeEach(async () => {
    w = await world({}, twoProjects);
  });
  afterEach(() => w.close());

  it('lists, creates and reads projects', async () => {
    expect((await call(w.app, 'GET', '/projects')).json.items.map((p: { key: string }) => p.key)).toEqual([
      'alpha',
      'beta',
    ]);
    const made = await call(w.app, 'POST', '/projects', { key: 'Gamma', name: 'Gamma team', prefix: 'G-' });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ key: 'gamma', prefix: 'G-', name: 'Gamma team' });
    expect(made.headers.location).toBe('/projects/gamma');
    expect((await call(w.app, 'POST', '/projects', { key: 'gamma' })).status).toBe(409);
    expect((await call(w.app, 'POST', '/projects', { key: '9bad' })).status).toBe(422);
    const one = await call(w.app, 'GET', '/projects/gamma');
    expect(one.json.schema.types.map((t: { type: string }) => t.type)).toEqual(['task', 'bug', 'feature', 'decision']);
    expect(one.json.schema.options.display_prefix).toBe('G-');
    expect((await call(w.app, 'GET', '/projects/nope')).status).toBe(404);
  });

  it('changes workflows: types, states, transitions, priorities', async () => {
    const S = `${P}/schema`;
    const typed = await call(w.app, 'POST', `${S}/types`, {
      type: 'chore',
      states: ['todo', 'done'],
      initial: 'todo',
      terminal: ['done'],
      transitions: [['todo', 'done']],
    });
    expect(typed.json.types.map((t: { type: string }) => t.type)).toContain('chore');
    const st = await call(w.app, 'POST', `${S}/types/task/states`, { state: 'review' });
    expect(st.json.types.find((t: { type: string }) => t.type === 'task').states).toContain('review');
    const tr = await call(w.app, 'POST', `${S}/types/task/transitions`, { from: 'in_progress', to: 'review' });
    expect(tr.json.types.find((t: { type: string }) => t.type === 'task').transitions).toContainEqual([
      'in_progress',
      'review',
    ]);
    expect(
      (await call(w.app, 'POST', `${S}/types/task/transitions`, { from: 'in_progress', to: 'review' })).status,
    ).toBe(409);
    const gone = await call(w.app, 'DELETE', `${S}/types/task/transitions/in_progress/review`);
    expect(gone.json.types.find((t: { type: string }) => t.type === 'task').transitions).not.toContainEqual([
      'in_progress',
      'review',
    ]);
    const noState = await call(w.app, 'DELETE', `${S}/types/task/states/review`);
    expect(noState.json.types.find((t: { type: string }) => t.type === 'task').states).not.toContain('review');
    expect((await call(w.app, 'DELETE', `${S}/types/task/states/backlog`)).status).toBe(409); // ALP-1 is in it
    const pr = await call(w.app, 'POST', `${S}/priorities`, { priority: 'critical', position: 1 });
    expect(pr.json.priorities[0]).toBe('critical');
    const renamed = await call(w.app, 'PUT', `${S}/priorities/critical`, { name: 'blocker' });
    expect(renamed.json.priorities[0]).toBe('blocker');
    const removed = await call(w.app, 'DELETE', `${S}/priorities/blocker`);
    expect(removed.json.priorities).not.toContain('blocker');
    expect((await call(w.app, 'DELETE', `${S}/priorities/medium`)).status).toBe(422); // the default
    const bad = await call(w.app, 'POST', `${S}/types`, {
      type: 'x',
      states: ['a'],
      initial: 'b',
      terminal: [],
      transitions: [],
    });
    expect(bad.status).toBe(422);
    expect(bad.json.code).toBe('schema');
  });

  it('manages entities and categories', async () => {
    const e = await call(w.app, 'POST', `${P}/entities`, { slug: 'agent-7', name: 'Agent 7', kind: 'agent' });
    expect(e.status).toBe(201);
    expect((await call(w.app, 'POST', `${P}/entities`, { slug: 'agent-7' })).status).toBe(409);
    expect((await call(w.app, 'GET', `${P}/entities/agent-7`)).json).toMatchObject({ name: 'Agent 7', kind: 'agent' });
    const up = await call(w.app, 'PUT', `${P}/entities/agent-7`, { name: 'Agent Seven' });
    expect(up.json).toMatchObject({ slug: 'agent-7', name: 'Agent Seven', kind: 'agent' });
    expect((await call(w.app, 'GET', `${P}/entities`)).json.items.map((x: { slug: string }) => x.slug)).toEqual(
      expect.arrayContaining(['alice', 'agent-7']),
    );
    await call(w.app, 'PUT', `${P}/tickets/ALP-1`, { assignee: 'agent-7' });
    expect((await call(w.app, 'DELETE', `${P}/entities/agent-7`)).status).toBe(409);
    expect((await w.app.inject({ method: 'DELETE', url: `${P}/entities/agent-7?force=true` })).statusCode).toBe(204);
    expect((await call(w.app, 'GET', `${P}/tickets/ALP-1`)).json.assignee).toBeNull();
    expect((await call(w.app, 'GET', `${P}/entities/agent-7`)).status).toBe(404);

    expect((await call(w.app, 'POST', `${P}/categories`, { slug: 'infra' })).status).toBe(201);
    expect(
      (await w.app.inject({ method: 'PUT', url: `${P}/categories/alpha-cat`, payload: { slug: 'web' } })).statusCode,
    ).toBe(204);
    expect((await call(w.app, 'GET', `${P}/tickets/ALP-1`)).json.category).toBe('web');
    expect(
      (await call(w.app, 'GET', `${P}/categories`)).json.items.map((c: { slug: string }) => c.slug).sort(),
    ).toEqual(['infra', 'web']);
    expect((await call(w.app, 'DELETE', `${P}/categories/web`)).status).toBe(409);
    expect((await w.app.inject({ method: 'DELETE', url: `${P}/categories/web?force=true` })).statusCode).toBe(204);
    expect((await call(w.app, 'DELETE', `${P}/categories/web`)).status).toBe(404);
  });

  it('reads and sets options, and a locked project refuses unknown entities', async () => {
    expect((await call(w.app, 'GET', `${P}/config`)).json).toMatchObject({ display_prefix: 'ALP-', audit_log: 'true' });
    const set = await call(w.app, 'PUT', `${P}/config/lock_entities`, { value: true });
    expect(set.json.lock_entities).toBe('true');
    expect((await call(w.app, 'PUT', `${P}/config/nonsense`, { value: 1 })).status).toBe(422);
    const refused = await call(w.app, 'PUT', `${P}/tickets/ALP-1`, { assignee: 'stranger' });
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('forbidden');
    await call(w.app, 'PUT', `${P}/config/require_operator`, { value: 'yes' });
    const anonymous = await call(w.app, 'POST', `${P}/tickets`, { title: 'who?' });
    expect(anonymous.status).toBe(403);
    expect(anonymous.json.detail).toMatch(/Operator is required/);
  });

  it('pages the audit log and the change log, and prunes the audit log', async () => {
    const first = await call(w.app, 'GET', `${P}/audit?limit=2`);
    expect(first.json.items).toHaveLength(2);
    const rest = await call(w.app, 'GET', `${P}/audit?after=${first.json.next}`);
    expect(rest.json.items[0].id).toBeGreaterThan(first.json.items[1].id);
    const changes = await call(w.app, 'GET', `${P}/changes?after=0&limit=3`);
    expect(changes.json.items.map((c: { kind: string }) => c.kind)).toEqual([
      'project.created',
      'category.changed',
      'ticket.created',
    ]);
    expect(changes.json.items.every((c: { project: string }) => c.project === 'alpha')).toBe(true);
    const pruned = await call(w.app, 'POST', `${P}/audit/prune`, { keepDays: 0 });
    expect(pruned.json.removed).toBeGreaterThan(0);
  });

  it('lists the change log newest first with order=desc, paging back with before, only this project', async () => {
    const all = (await call(w.app, 'GET', `${P}/changes?limit=500`)).json.items as { id: number; project: string }[];
    expect(all.length).toBeGreaterThan(3);
    const first = await call(w.app, 'GET', `${P}/changes?order=desc&limit=2`);
    expect(first.status).toBe(200);
    const newest = [...all].reverse();
    expect(first.json.items.map((c: { id: number }) => c.id)).toEqual(newest.slice(0, 2).map((c) => c.id));
    const next = await call(w.app, 'GET', `${P}/changes?order=desc&limit=2&before=${first.json.next}`);
    expect(next.json.items.map((c: { id: number }) => c.id)).toEqual(newest.slice(2, 4).map((c) => c.id));
    const whole = await call(w.app, 'GET', `${P}/changes?order=desc&limit=500`);
    expect(whole.json.items.every((c: { project: string }) => c.project === 'alpha')).toBe(true);
    expect(whole.json.items).toHaveLength(all.length);
    expect(whole.json.next).toBeNull();
    const mixed = await call(w.app, 'GET', `${P}/changes?order=desc&after=1`);
    expect(mixed.status).toBe(422);
    expect(mixed.json.detail).toMatch(/before/);
  });
});

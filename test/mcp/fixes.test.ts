import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call as rest, twoProjects, type World, world } from '../http/harness.js';
import { call, linkedClient, tempDocket } from './support.js';

/**
 * A refusal carries its remedy as data (`details.fix`) and each face words it: an agent is told
 * which tool call fixes it, an HTTP client which route, and neither is told to run a shell command
 * it may not have. (The CLI's wording is checked in test/cli/admin.test.ts and errors.test.ts.)
 */
describe('remedies worded per face', () => {
  let env: Awaited<ReturnType<typeof tempDocket>>;
  let agent: Awaited<ReturnType<typeof linkedClient>>;
  let other: Awaited<ReturnType<typeof linkedClient>>;
  let w: World;
  beforeAll(async () => {
    env = await tempDocket();
    agent = await linkedClient(env.docket, { actor: 'claude' });
    other = await linkedClient(env.docket, { actor: 'gemini' });
    w = await world({}, twoProjects);
  });
  afterAll(async () => {
    await agent.close();
    await other.close();
    await env.cleanup();
    await w.close();
  });

  it('tells an agent which tool call fixes the refusal', async () => {
    const category = await call(agent.client, 'ticket', { action: 'create', title: 'x', category: 'support' });
    expect(category).toEqual({
      text: "validation: unknown category 'support'; add it with ticket_admin action=category_add name=support",
      isError: true,
    });
    await call(agent.client, 'ticket_admin', { action: 'config_set', name: 'lock_entities', value: 'true' });
    const locked = await call(agent.client, 'ticket', { action: 'create', title: 'x', assignee: 'mallory' });
    expect(locked.text).toMatch(/lock_entities is on.*; add it with ticket_admin action=entity_set name=mallory$/);
    await call(agent.client, 'ticket_admin', { action: 'config_set', name: 'lock_entities', value: 'false' });

    await call(agent.client, 'ticket', { action: 'create', title: 'claimed' });
    await call(agent.client, 'ticket', { action: 'claim', ticket_id: 1 });
    const taken = await call(other.client, 'ticket', { action: 'claim', ticket_id: 1 });
    expect(taken.text).toBe('conflict: DOC-1 is already claimed by claude; pick another (ticket action=ready)');
    for (const answer of [category, locked, taken]) expect(answer.text).not.toMatch(/\bdocket \w/);
  });

  it('tells an HTTP client which route fixes it, with the remedy as data too', async () => {
    const r = await rest(w.app, 'POST', '/projects/alpha/tickets', { title: 'x', category: 'support' });
    expect(r.status).toBe(422);
    expect(r.json.detail).toBe(
      "unknown category 'support'; categories: alpha-cat; add it with POST /projects/{name}/categories",
    );
    expect(r.json.details.fix).toEqual({ kind: 'add_category', category: 'support' });
  });
});

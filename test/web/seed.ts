import { expect } from 'vitest';
import { api } from './harness.js';

interface T {
  id: string;
}

/**
 * A small, lifelike project for the screenshots: three agents and a person at work on tasks,
 * bugs and a feature, with claims, a blocker, labels, comments and history.
 */
export async function seedDemo(base: string): Promise<{ key: string; detailId: string }> {
  const key = 'demo';
  const lead = api(base, 'ada');
  expect((await lead.post('/projects', { key, name: 'Docket demo' })).status).toBe(201);
  await lead.post(`/projects/${key}/categories`, { slug: 'web' });
  await lead.post(`/projects/${key}/categories`, { slug: 'api' });
  const made: string[] = [];
  const add = async (body: Record<string, unknown>, who = lead) => {
    const res = await who.post<T>(`/projects/${key}/tickets`, body);
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    made.push(res.json.id);
    return res.json.id;
  };
  const claude = api(base, 'claude');
  const gpt = api(base, 'gpt-builder');
  const sse = await add({
    title: 'Wire the SSE indicator into the header',
    priority: 'high',
    category: 'web',
    labels: ['board', 'live'],
    description:
      'The board must show when the event stream drops.\n\n- reconnect with `Last-Event-ID`\n- back off up to 5 s\n\nSee [the SSE spec](https://html.spec.whatwg.org/multipage/server-sent-events.html).',
  });
  await claude.post(`/projects/${key}/tickets/${sse}/claim`, { leaseMinutes: 90 });
  await claude.post(`/projects/${key}/tickets/${sse}/comments`, {
    body: 'Taking this. The indicator goes next to **New ticket**.',
  });
  await lead.post(`/projects/${key}/tickets/${sse}/comments`, { body: 'Thanks! Keep it small on phones.' });
  const schema = await add({
    title: 'Expose workflows in GET /projects/{name}',
    priority: 'urgent',
    category: 'api',
    labels: ['api'],
  });
  await gpt.post(`/projects/${key}/tickets/${schema}/claim`, {});
  const login = await add({
    title: 'Login redirect loops on Safari',
    type: 'bug',
    priority: 'urgent',
    labels: ['auth'],
  });
  await lead.post(`/projects/${key}/tickets/${login}/move`, { status: 'confirmed' });
  const flaky = await add({
    title: 'Flaky test: events resume after restart',
    type: 'bug',
    priority: 'medium',
    labels: ['ci'],
  });
  await add({
    title: 'Dark theme contrast on chips',
    type: 'bug',
    priority: 'low',
    category: 'web',
    labels: ['board'],
  });
  await add({ title: 'Keyboard shortcuts overlay', priority: 'medium', category: 'web', labels: ['board', 'a11y'] });
  await add({ title: 'Rate limit per token', priority: 'medium', category: 'api', assignee: 'gpt-builder' });
  await add({ title: 'Summary view: who has claimed what', priority: 'high', category: 'web', labels: ['board'] });
  const docs = await add({ title: 'Write docs/board.md', priority: 'low', labels: ['docs'] });
  await lead.post(`/projects/${key}/tickets/${docs}/links`, { type: 'blocks', target: sse });
  const csp = await add({
    title: 'Strict Content-Security-Policy for /',
    priority: 'high',
    category: 'api',
    labels: ['security'],
  });
  await lead.post(`/projects/${key}/tickets/${csp}/close`, {});
  await add({ title: 'Offline bundle under 100 KB', type: 'feature', priority: 'medium', labels: ['board'] });
  await lead.post(`/projects/${key}/tickets/${flaky}/links`, { type: 'related', target: sse });
  await add({ title: 'Drag and drop between columns', priority: 'high', category: 'web', labels: ['board'] }, claude);
  return { key, detailId: sse };
}

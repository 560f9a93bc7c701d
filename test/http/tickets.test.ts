import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, twoProjects, type World, world } from './harness.js';

const T = '/projects/alpha/tickets';

describe('REST: tickets', () => {
  let w: World;
  beforeEach(async () => {
    w = await world({}, twoProjects);
  });
  afterEach(() => w.close());

  it('creates with 201, Location and ETag, accepting stompy’s tags', async () => {
    const r = await call(
      w.app,
      'POST',
      T,
      { title: 'Fix login', type: 'bug', priority: 'high', tags: ['auth'] },
      { 'docket-actor': 'bob' },
    );
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({
      id: 'ALP-3',
      type: 'bug',
      status: 'triage',
      labels: ['auth'],
      createdBy: 'bob',
      version: 1,
    });
    expect(r.headers.location).toBe('/projects/alpha/tickets/ALP-3');
    expect(r.headers.etag).toBe('"1"');
    const both = await call(w.app, 'POST', T, { title: 'x', tags: ['a'], labels: ['b'] });
    expect(both.status).toBe(422);
  });

  it('reads by number or display id, with ETag, 304 and include', async () => {
    const byNumber = await call(w.app, 'GET', `${T}/1`);
    const byId = await call(w.app, 'GET', `${T}/alp-1`);
    expect(byNumber.json).toEqual(byId.json);
    expect(byNumber.headers.etag).toBe(`"${byNumber.json.version}"`);
    const cached = await w.app.inject({
      method: 'GET',
      url: `${T}/ALP-1`,
      headers: { 'if-none-match': byId.headers.etag as string },
    });
    expect(cached.statusCode).toBe(304);
    expect(cached.body).toBe('');
    const full = await call(w.app, 'GET', `${T}/ALP-1?include=links,comments,history`);
    expect(full.json.links).toEqual([expect.objectContaining({ relation: 'blocks', ticket: 'ALP-2' })]);
    expect(full.json.comments).toEqual([expect.objectContaining({ body: 'alpha comment', author: 'alice' })]);
    expect(full.json.history.map((h: { field: string }) => h.field)).toEqual(['created', 'link', 'comment']);
    expect((await call(w.app, 'GET', `${T}/ALP-1?include=everything`)).status).toBe(422);
  });

  it('lists with filters and cursor pages that cover every ticket once', async () => {
    for (let i = 0; i < 5; i++) await call(w.app, 'POST', T, { title: `Task ${i}`, priority: i % 2 ? 'low' : 'high' });
    const seen: string[] = [];
    let after: number | null = 0;
    while (after !== null) {
      const r = await call(w.app, 'GET', `${T}?limit=2&after=${after}`);
      expect(r.json.items.length).toBeLessThanOrEqual(2);
      seen.push(...r.json.items.map((t: { id: string }) => t.id));
      after = r.json.next;
    }
    expect(seen).toEqual(['ALP-1', 'ALP-2', 'ALP-3', 'ALP-4', 'ALP-5', 'ALP-6', 'ALP-7']);
    const high = await call(w.app, 'GET', `${T}?priority=high&type=task`);
    expect(high.json.items.map((t: { title: string }) => t.title)).toEqual(['Task 0', 'Task 2', 'Task 4']);
    const two = await call(w.app, 'GET', `${T}?status=backlog,triage&category=alpha-cat`);
    expect(two.json.items.map((t: { id: string }) => t.id)).toEqual(['ALP-1']);
    const unassigned = await call(w.app, 'GET', `${T}?assignee=none&order=desc&limit=1`);
    expect(unassigned.json.items[0].id).toBe('ALP-7');
    const labelled = await call(w.app, 'GET', `${T}?label=alpha-label&state=open`);
    expect(labelled.json.items).toHaveLength(1);
    expect((await call(w.app, 'GET', `${T}?offset=2`)).json.detail).toMatch(/after=/);
  });

  it('updates (null clears), refuses status changes, and honours If-Match', async () => {
    const tag = (await call(w.app, 'GET', `${T}/ALP-1`)).headers.etag as string;
    expect(tag).toBe('"1"');
    const r = await call(
      w.app,
      'PUT',
      `${T}/ALP-1`,
      { assignee: 'carol', category: null, description: 'text' },
      { 'if-match': tag },
    );
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ assignee: 'carol', category: null, description: 'text', version: 2 });
    expect(r.headers.etag).toBe('"2"');
    const stale = await call(w.app, 'PUT', `${T}/ALP-1`, { title: 'lost update' }, { 'if-match': tag });
    expect(stale.status).toBe(412);
    expect(stale.json).toMatchObject({ code: 'precondition_failed', details: { version: 2, expected: 1 } });
    expect((await call(w.app, 'GET', `${T}/ALP-1`)).json.title).toBe('Alpha one');
    const status = await call(w.app, 'PUT', `${T}/ALP-1`, { status: 'done' });
    expect(status.status).toBe(422);
    expect(status.json.detail).toMatch(/move/);
  });

  it('moves, closes, reopens, with a comment on the move', async () => {
    const moved = await call(
      w.app,
      'POST',
      `${T}/ALP-2/move`,
      { status: 'confirmed', comment: 'seen it' },
      { 'docket-actor': 'dan' },
    );
    expect(moved.json).toMatchObject({ status: 'confirmed' });
    const illegal = await call(w.app, 'POST', `${T}/ALP-2/move`, { status: 'resolved' });
    expect(illegal.status).toBe(409);
    expect(illegal.json).toMatchObject({ code: 'invalid_transition', details: { allowed: ['in_progress'] } });
    const closed = await call(w.app, 'POST', `${T}/ALP-2/close`, { resolution: 'wont_fix' });
    expect(closed.json).toMatchObject({ status: 'wont_fix', closedAt: expect.any(String) });
    const reopened = await call(w.app, 'POST', `${T}/ALP-2/reopen`);
    expect(reopened.json).toMatchObject({ status: 'triage', closedAt: null });
    const plain = await call(w.app, 'POST', `${T}/ALP-2/close`);
    expect(plain.json.status).toBe('wont_fix');
    const comments = await call(w.app, 'GET', `${T}/ALP-2/comments`);
    expect(comments.json.items).toEqual([
      expect.objectContaining({ body: 'seen it', author: 'dan', status: 'confirmed' }),
    ]);
  });

  it('edits labels, comments, and pages history', async () => {
    const l = await call(w.app, 'POST', `${T}/ALP-1/labels`, { add: ['ui', 'ux'], remove: ['alpha-label'] });
    expect(l.json.labels).toEqual(['ui', 'ux']);
    const c = await call(w.app, 'POST', `${T}/ALP-1/comments`, { body: 'start', status: 'in_progress' });
    expect(c.status).toBe(201);
    expect(c.json.ticket.status).toBe('in_progress');
    expect(c.headers.etag).toBe(`"${c.json.ticket.version}"`);
    const all = await call(w.app, 'GET', `${T}/ALP-1/history?limit=500`);
    const fields = all.json.items.map((h: { field: string }) => h.field);
    expect(fields).toEqual(['created', 'link', 'comment', 'labels', 'comment', 'status']);
    const first = await call(w.app, 'GET', `${T}/ALP-1/history?limit=4`);
    const rest = await call(w.app, 'GET', `${T}/ALP-1/history?limit=4&after=${first.json.next}`);
    expect([...first.json.items, ...rest.json.items]).toEqual(all.json.items);
    expect(rest.json.next).toBeNull();
    const page = await call(w.app, 'GET', `${T}/ALP-1/comments?limit=1`);
    expect(page.json.items).toHaveLength(1);
    expect(page.json.next).toBe(page.json.items[0].id);
  });

  it('claims, claims next, releases; two claimants cannot both win', async () => {
    const claimed = await call(w.app, 'POST', `${T}/ALP-1/claim`, { leaseMinutes: 30 }, { 'docket-actor': 'agent-1' });
    expect(claimed.json).toMatchObject({ assignee: 'agent-1', status: 'in_progress', leaseUntil: expect.any(String) });
    const second = await call(w.app, 'POST', `${T}/ALP-1/claim`, undefined, { 'docket-actor': 'agent-2' });
    expect(second.status).toBe(409);
    const noActor = await call(w.app, 'POST', `${T}/ALP-1/claim`);
    expect(noActor.status).toBe(422);
    const ready = await call(w.app, 'GET', `${T}/ready`);
    expect(ready.json.items).toEqual([]); // ALP-2 is blocked by ALP-1
    const none = await w.app.inject({ method: 'POST', url: `${T}/claim-next`, headers: { 'docket-actor': 'agent-2' } });
    expect(none.statusCode).toBe(204);
    const released = await call(w.app, 'POST', `${T}/ALP-1/release`, undefined, { 'docket-actor': 'agent-1' });
    expect(released.json).toMatchObject({ assignee: null, leaseUntil: null });
    await call(w.app, 'POST', T, { title: 'ready one', priority: 'urgent' });
    const next = await call(w.app, 'POST', `${T}/claim-next`, { priority: ['urgent'] }, { 'docket-actor': 'agent-2' });
    expect(next.json).toMatchObject({ id: 'ALP-3', assignee: 'agent-2' });
  });

  it('answers board, search, labels and counts', async () => {
    const summary = await call(w.app, 'GET', `${T}/board`);
    expect(summary.json.open).toBe(2);
    expect(summary.json.types.find((t: { type: string }) => t.type === 'task').columns[0]).toEqual({
      status: 'backlog',
      terminal: false,
      count: 1,
    });
    const kanban = await call(w.app, 'GET', `${T}/board?view=kanban&type=bug&limit=5`);
    expect(kanban.json.types[0].columns[0].tickets[0].id).toBe('ALP-2');
    const hits = await call(w.app, 'GET', `${T}/search?q=alpha&limit=5`);
    expect(hits.json.items.map((h: { ticket: { id: string } }) => h.ticket.id).sort()).toEqual(['ALP-1', 'ALP-2']);
    const inComments = await call(w.app, 'GET', `${T}/search?query=comment&includeComments=true`);
    expect(inComments.json.items.map((h: { ticket: { id: string } }) => h.ticket.id)).toEqual(['ALP-1']);
    expect((await call(w.app, 'GET', `${T}/search`)).status).toBe(422);
    expect((await call(w.app, 'GET', `${T}/labels`)).json.items).toEqual([{ label: 'alpha-label', count: 1 }]);
    await call(w.app, 'PUT', `${T}/ALP-1`, { assignee: 'eve' });
    const counts = await call(w.app, 'GET', `${T}/counts`);
    expect(counts.json.items).toEqual(
      expect.arrayContaining([
        { entity: 'eve', count: 1 },
        { entity: null, count: 1 },
      ]),
    );
    const inTriage = await call(w.app, 'GET', `${T}/counts?status=triage`);
    expect(inTriage.json.items).toEqual([{ entity: null, count: 1 }]);
  });

  it('batch moves and closes with per-item results, dry runs changing nothing', async () => {
    const before = await w.docket.project('alpha').changes(0, 1000);
    const dry = await call(w.app, 'POST', `${T}/batch/move`, {
      ids: ['ALP-1', 2, 'ALP-99'],
      status: 'in_progress',
      dryRun: true,
    });
    expect(dry.json.items).toEqual([
      { id: 'ALP-1', ok: true, from: 'backlog', to: 'in_progress' },
      { id: 'ALP-2', ok: false, error: expect.objectContaining({ code: 'invalid_transition' }) },
      { id: 'ALP-99', ok: false, error: expect.objectContaining({ code: 'not_found' }) },
    ]);
    expect(await w.docket.project('alpha').changes(0, 1000)).toEqual(before);
    const real = await call(w.app, 'POST', `${T}/batch/move`, { ids: ['ALP-1', 'ALP-2'], status: 'in_progress' });
    expect(real.json.items.map((i: { ok: boolean }) => i.ok)).toEqual([true, false]);
    expect(real.json.items[0].ticket.status).toBe('in_progress');
    const closed = await call(w.app, 'POST', `${T}/batch/close`, { ids: ['ALP-1', 'ALP-2'] });
    expect(closed.json.items.map((i: { to: string }) => i.to)).toEqual(['done', 'wont_fix']); // a bug in triage is nearest to wont_fix
    const tooMany = await call(w.app, 'POST', `${T}/batch/close`, { ids: Array.from({ length: 51 }, (_, i) => i + 1) });
    expect(tooMany.status).toBe(422);
  });

  it('links tickets, lists from both ends, refuses cycles, removes only through its own tickets', async () => {
    const made = await call(w.app, 'POST', `${T}/ALP-2/links`, { link_type: 'related', target_id: 1 });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ type: 'related', ticket: 'ALP-1' });
    const cycle = await call(w.app, 'POST', `${T}/ALP-2/links`, { type: 'blocks', target: 'ALP-1' });
    expect(cycle.status).toBe(409);
    expect(cycle.json.code).toBe('link_cycle');
    const fromOne = await call(w.app, 'GET', `${T}/ALP-1/links`);
    expect(fromOne.json.items.map((l: { relation: string }) => l.relation).sort()).toEqual(['blocks', 'related']);
    const t3 = await call(w.app, 'POST', T, { title: 'third' });
    const wrong = await call(w.app, 'DELETE', `${T}/${t3.json.id}/links/${made.json.linkId}`);
    expect(wrong.status).toBe(404);
    const removed = await call(w.app, 'DELETE', `${T}/ALP-1/links/${made.json.linkId}`);
    expect(removed.json).toEqual({ removed: made.json.linkId });
    expect((await call(w.app, 'GET', `${T}/ALP-2/links`)).json.items).toHaveLength(1);
    expect((await call(w.app, 'POST', `${T}/ALP-2/links`, { type: 'blocks' })).status).toBe(422);
  });
});

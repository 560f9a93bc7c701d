import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, linkedClient, ok, tempDocket } from './support.js';

type Env = Awaited<ReturnType<typeof tempDocket>>;
type Linked = Awaited<ReturnType<typeof linkedClient>>;

describe('default tools, in process', () => {
  let env: Env;
  let mcp: Linked;
  beforeEach(async () => {
    env = await tempDocket();
    mcp = await linkedClient(env.docket, { actor: 'alice' });
  });
  afterEach(async () => {
    await mcp.close();
    await env.cleanup();
  });
  const t = (args: Record<string, unknown>) => ok(mcp.client, 'ticket', args);

  it('lists five tools with truthful annotations', async () => {
    const { tools } = await mcp.client.listTools();
    const hints = Object.fromEntries(tools.map((x) => [x.name, x.annotations]));
    expect(Object.keys(hints)).toEqual(['ticket', 'ticket_board', 'ticket_search', 'ticket_link', 'ticket_admin']);
    expect(hints.ticket_board?.readOnlyHint).toBe(true);
    expect(hints.ticket_search?.readOnlyHint).toBe(true);
    expect(hints.ticket?.readOnlyHint).toBe(false);
    expect(hints.ticket?.idempotentHint).toBe(false);
    expect(hints.ticket_link?.destructiveHint).toBe(true);
    for (const tool of tools) {
      expect(JSON.stringify(tool.inputSchema)).not.toMatch(/9007199254740991|\$schema/);
    }
  });

  it('creates, reads, updates, moves, closes and reopens', async () => {
    expect(await t({ action: 'create', title: 'Login loops', type: 'bug', priority: 'high', tags: ['web'] })).toBe(
      'DOC-1 bug triage high v1: Login loops',
    );
    expect(await t({ action: 'update', ticket_id: 'DOC-1', assignee: 'bob', tags: ['+auth', '-web'] })).toBe(
      'DOC-1 bug triage high @bob v2: Login loops',
    );
    const got = await t({ action: 'get', ticket_id: 1 });
    expect(got).toContain('tags: auth');
    expect(got).not.toMatch(/null|undefined|\[\]/);
    expect(await t({ action: 'move', ticket_id: '#1', status: 'confirmed' })).toContain('confirmed');
    expect(await t({ action: 'close', ticket_id: 1, resolution: 'wont_fix' })).toContain('DOC-1 bug wont_fix');
    expect(await t({ action: 'reopen', ticket_id: 1 })).toContain('DOC-1 bug triage');
    expect(await t({ action: 'update', ticket_id: 1, assignee: '' })).toBe('DOC-1 bug triage high v6: Login loops');
    const history = await t({ action: 'history', ticket_id: 1 });
    expect(history.split('\n')[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d alice created$/);
    expect(history).toContain('status: in_progress→wont_fix');
  });

  it('explains an illegal move with the legal targets, as a tool error of one line', async () => {
    await t({ action: 'create', title: 'A bug', type: 'bug' });
    const r = await call(mcp.client, 'ticket', { action: 'move', ticket_id: 1, status: 'resolved' });
    expect(r.isError).toBe(true);
    expect(r.text).toBe(
      'invalid_transition: cannot move a bug from triage to resolved; legal targets: confirmed, wont_fix',
    );
    const missing = await call(mcp.client, 'ticket', { action: 'move', ticket_id: 1 });
    expect(missing).toEqual({ text: 'validation: move needs status', isError: true });
    const ghost = await call(mcp.client, 'ticket', { action: 'get', ticket_id: 'DOC-99' });
    expect(ghost.text).toBe('not_found: ticket not found: DOC-99 does not exist in project doc');
    const update = await call(mcp.client, 'ticket', { action: 'update', ticket_id: 1, status: 'confirmed' });
    expect(update.text).toMatch(/^validation: update does not change status: use action=move/);
  });

  it('makes an update with fields and tag edits one change: one version, one event, guarded whole', async () => {
    await t({ action: 'create', title: 'Tagged', tags: ['a', 'b'] });
    const before = await env.docket.project('doc').lastChangeId();
    expect(await t({ action: 'update', ticket_id: 1, title: 'Retagged', tags: ['+c', '-a'], version: 1 })).toBe(
      'DOC-1 task backlog medium v2: Retagged',
    );
    const changes = await env.docket.project('doc').changes(before);
    expect(changes.map((c) => [c.kind, c.changes.map((x) => x.field)])).toEqual([
      ['ticket.updated', ['title', 'labels']],
    ]);
    // A stale version refuses the tag edits along with the fields: nothing of the call is written.
    const stale = await call(mcp.client, 'ticket', {
      action: 'update',
      ticket_id: 1,
      priority: 'high',
      tags: ['+d'],
      version: 1,
    });
    expect(stale.text).toMatch(/^conflict: DOC-1 changed since you read it/);
    expect(await env.docket.project('doc').get(1)).toMatchObject({
      labels: ['b', 'c'],
      priority: 'medium',
      version: 2,
    });
  });

  it('guards a stale write with version and replays a create with the same idempotency key', async () => {
    await t({ action: 'create', title: 'Guarded' });
    const stale = await call(mcp.client, 'ticket', { action: 'update', ticket_id: 1, title: 'x', version: 7 });
    expect(stale.text).toMatch(/^conflict: DOC-1 changed since you read it/);
    expect(await t({ action: 'update', ticket_id: 1, title: 'Fresh', version: 1 })).toContain('v2: Fresh');
    const once = await t({ action: 'create', title: 'Once', idempotency_key: 'k1' });
    expect(await t({ action: 'create', title: 'Once', idempotency_key: 'k1' })).toBe(once);
    expect(await t({ action: 'list' })).toBe('DOC-1 task backlog medium: Fresh\nDOC-2 task backlog medium: Once');
  });

  it('lists with filters and a cursor', async () => {
    for (let i = 1; i <= 5; i++) await t({ action: 'create', title: `T${i}`, priority: i % 2 ? 'high' : 'low' });
    await t({ action: 'close', ticket_id: 2 });
    const page = await t({ action: 'list', limit: 2 });
    expect(page).toBe('DOC-1 task backlog high: T1\nDOC-2 task done low: T2\nmore: after=2');
    expect(await t({ action: 'list', after: 2, limit: 2, open: true })).toBe(
      'DOC-3 task backlog high: T3\nDOC-4 task backlog low: T4\nmore: after=4',
    );
    expect(await t({ action: 'list', priority: 'high', open: true })).toBe(
      'DOC-1 task backlog high: T1\nDOC-3 task backlog high: T3\nDOC-5 task backlog high: T5',
    );
    expect(await t({ action: 'list', status: 'done,cancelled' })).toBe('DOC-2 task done low: T2');
    expect(await t({ action: 'list', assignee: 'nobody-here' })).toBe('no tickets');
  });

  it('comments, claims, releases and hands out ready work', async () => {
    await t({ action: 'create', title: 'First', priority: 'low' });
    await t({ action: 'create', title: 'Blocker', priority: 'urgent' });
    await ok(mcp.client, 'ticket_link', { action: 'add', ticket_id: 2, link_type: 'blocks', target_id: 1 });
    expect(await t({ action: 'ready' })).toBe('DOC-2 task backlog urgent: Blocker');
    expect(await t({ action: 'next', lease: 30 })).toBe('DOC-2 task in_progress urgent @alice v2: Blocker');
    expect(await t({ action: 'next' })).toBe('nothing ready');
    expect(await t({ action: 'comment', ticket_id: 2, comment: 'Done here', status: 'done' })).toBe(
      'comment #1 on DOC-2 task done urgent @alice v3: Blocker',
    );
    expect(await t({ action: 'claim', ticket_id: 1 })).toContain('DOC-1 task in_progress low @alice');
    expect(await t({ action: 'release', ticket_id: 1 })).toBe('DOC-1 task in_progress low v3: First');
    const detail = await t({ action: 'get', ticket_id: 2 });
    expect(detail).toContain('#1 alice');
    expect(detail).toContain('→done: Done here');
    expect(detail).toContain('#1 blocks DOC-1');
  });

  it('shows the board, searches and manages links', async () => {
    await t({ action: 'create', title: 'Search ranking is stale', description: 'bm25 weights look wrong' });
    await t({ action: 'create', title: 'Crash on emoji label', type: 'bug', assignee: 'bob' });
    const board = await ok(mcp.client, 'ticket_board', {});
    expect(board).toBe(
      'task:\nbacklog 1\n DOC-1 medium: Search ranking is stale\nbug:\ntriage 1\n DOC-2 medium @bob: Crash on emoji label\nopen 2, closed 0',
    );
    expect(await ok(mcp.client, 'ticket_board', { view: 'summary' })).toBe(
      'task: backlog 1\nbug: triage 1\nopen 2, closed 0',
    );
    expect(await ok(mcp.client, 'ticket_board', { view: 'entities' })).toBe('bob 1, unassigned 1');
    const hits = await ok(mcp.client, 'ticket_search', { query: 'bm25' });
    expect(hits).toMatch(/^DOC-1 task backlog medium: Search ranking is stale\n {2}.*\*\*bm25\*\*/);
    expect(await ok(mcp.client, 'ticket_search', { query: 'nothing-like-this' })).toBe('no matches');
    const link = await ok(mcp.client, 'ticket_link', {
      action: 'add',
      ticket_id: 1,
      link_type: 'related',
      target_id: 2,
    });
    expect(link).toBe('#1 DOC-1 related DOC-2 triage: Crash on emoji label');
    expect(await ok(mcp.client, 'ticket_link', { action: 'list', ticket_id: 'DOC-2' })).toBe(
      '#1 related DOC-1 backlog: Search ranking is stale',
    );
    expect(await ok(mcp.client, 'ticket_link', { action: 'remove', link_id: 1 })).toBe('removed link #1');
    expect(await ok(mcp.client, 'ticket_link', { action: 'list', ticket_id: 1 })).toBe('no links');
    const self = await call(mcp.client, 'ticket_link', {
      action: 'add',
      ticket_id: 1,
      link_type: 'blocks',
      target_id: 1,
    });
    expect(self.isError).toBe(true);
  });

  it('reaches setup through ticket_admin', async () => {
    const a = (args: Record<string, unknown>) => ok(mcp.client, 'ticket_admin', args);
    expect(await a({ action: 'projects' })).toBe('doc DOC-: doc');
    expect(await a({ action: 'entity_set', name: 'claude', value: 'Claude', kind: 'agent' })).toBe(
      'claude agent: Claude',
    );
    expect(await a({ action: 'entities' })).toContain('claude agent: Claude');
    expect(await a({ action: 'category_add', name: 'ops' })).toBe('added category ops');
    expect(await a({ action: 'categories' })).toBe('ops');
    expect(await a({ action: 'config_set', name: 'default_priority', value: 'low' })).toBe('default_priority=low');
    expect(await a({ action: 'config' })).toContain('default_priority=low');
    expect(await a({ action: 'state_add', name: 'review', type: 'task' })).toContain('review');
    expect(await a({ action: 'transition_add', name: 'in_progress', value: 'review', type: 'task' })).toMatch(
      /in_progress \(work\) > done, cancelled, review/,
    );
    expect(await a({ action: 'priority_add', name: 'critical', value: 1 })).toBe(
      'priorities: critical, urgent, high, medium, low, none',
    );
    await t({ action: 'create', title: 'After setup', category: 'ops' });
    expect(await a({ action: 'changes', after: 0 })).toContain('ticket.created DOC-1');
    expect(await a({ action: 'audit' })).toContain('Created ticket DOC-1');
    expect(await a({ action: 'project_add', name: 'ops', value: 'OPS-' })).toBe(
      'project ops created; ids look like OPS-1',
    );
    const which = await call(mcp.client, 'ticket', { action: 'list' });
    expect(which.text).toBe('validation: say which project: project=KEY (projects: doc, ops)');
    expect(await t({ action: 'list', project: 'ops' })).toBe('no tickets');
  });

  it('rejects arguments the schema refuses before any tool code runs', async () => {
    const r = await call(mcp.client, 'ticket', { action: 'explode' });
    expect(r.isError).toBe(true);
    expect(r.text).toContain('action');
  });
});

describe('acting entity and default project', () => {
  it('uses the configured project and records no actor when none is given', async () => {
    const env = await tempDocket(['one', 'two']);
    const mcp = await linkedClient(env.docket, { project: 'two' });
    try {
      await ok(mcp.client, 'ticket', { action: 'create', title: 'In two' });
      expect(await env.docket.project('two').get(1)).toMatchObject({ title: 'In two', createdBy: null });
      const claim = await call(mcp.client, 'ticket', { action: 'claim', ticket_id: 1 });
      expect(claim.text).toMatch(/^validation: claim needs an actor/);
    } finally {
      await mcp.close();
      await env.cleanup();
    }
  });
});

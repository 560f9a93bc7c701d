import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Sandbox, sandbox, type TicketJson } from './harness.js';

describe('project setup commands: entity, state, priority, category, config, audit', () => {
  let s: Sandbox;
  beforeAll(async () => {
    s = sandbox();
    await s.ok(['-p', 'adm', 'init']);
  });
  afterAll(() => s.cleanup());

  test('entity add, get, update, list, delete (--force unassigns)', async () => {
    expect(await s.ok(['entity', 'add', 'Agent 7', '--kind', 'agent', '--name', 'Seven'])).toBe(
      'Entity added: agent-7\n',
    );
    expect(await s.json(['entity', 'get', 'agent-7'])).toMatchObject({ slug: 'agent-7', name: 'Seven', kind: 'agent' });
    await s.ok(['entity', 'update', 'agent-7', '--kind', 'team']);
    const list = await s.json<{ slug: string; kind: string }[]>(['entity', 'list']);
    expect(list).toEqual([expect.objectContaining({ slug: 'agent-7', kind: 'team' })]);
    expect(await s.ok(['entity', 'ls'])).toMatch(/^SLUG\s+KIND\s+NAME\s+ADDED\n/);
    const bad = await s.run(['entity', 'add', 'x', '--kind', 'robot']);
    expect(bad.code).toBe(2);
    await s.ok(['new', 'Owned', '-a', 'agent-7']);
    const used = await s.run(['entity', 'delete', 'agent-7']);
    expect(used.code).toBe(1);
    expect(used.stderr).toMatch(/assigned to agent-7; reassign them or pass --force/);
    expect(await s.ok(['entity', 'rm', 'agent-7', '--force'])).toBe('Entity deleted: agent-7\n');
    expect((await s.json<{ ticket: TicketJson }>(['show', '1'])).ticket.assignee).toBeNull();
  });

  test('state list, add, delete; transitions list, add, delete (per type)', async () => {
    const states = await s.json<{ type: string; state: string; initial: boolean; terminal: boolean; work: boolean }[]>([
      'state',
      'list',
      '-t',
      'task',
    ]);
    expect(states).toEqual([
      { type: 'task', state: 'backlog', initial: true, terminal: false, work: false },
      { type: 'task', state: 'in_progress', initial: false, terminal: false, work: true },
      { type: 'task', state: 'done', initial: false, terminal: true, work: false },
      { type: 'task', state: 'cancelled', initial: false, terminal: true, work: false },
    ]);
    const needType = await s.run(['state', 'add', 'review']);
    expect(needType.code).toBe(1);
    expect(needType.stderr).toMatch(/say which ticket type \(types: task, bug, feature, decision\)/);
    expect(await s.ok(['state', 'add', 'review', '-t', 'task'])).toBe('State added: review\n');
    expect(await s.ok(['state', 'transition', 'add', 'in_progress', 'review', '-t', 'task'])).toBe(
      'Transition added: in_progress -> review\n',
    );
    const transitions = await s.json<{ type: string; from: string; to: string }[]>([
      'state',
      'transition',
      'list',
      '-t',
      'task',
    ]);
    expect(transitions).toContainEqual({ type: 'task', from: 'in_progress', to: 'review' });
    expect(await s.ok(['state', 'transition', 'ls', '-t', 'task'])).toMatch(/^TYPE\s+FROM\s+TO\n/);
    await s.ok(['state', 'transition', 'delete', 'in_progress', 'review', '-t', 'task']);
    await s.ok(['state', 'delete', 'review', '-t', 'task']);
    expect((await s.json<unknown[]>(['state', 'list', '-t', 'task'])).length).toBe(4);
    expect(await s.ok(['state', 'ls'])).toMatch(/^TYPE\s+STATE\s+ROLE\n/);
  });

  test('priority list, add at a BlinkDesk position, rename, delete', async () => {
    const before = await s.json<{ priority: string; rank: number; default: boolean }[]>(['priority', 'list']);
    expect(before.map((p) => [p.priority, p.rank])).toEqual([
      ['urgent', 5],
      ['high', 4],
      ['medium', 3],
      ['low', 2],
      ['none', 1],
    ]);
    expect(before.find((p) => p.default)?.priority).toBe('medium');
    await s.ok(['priority', 'add', 'critical', '6']);
    await s.ok(['priority', 'add', 'someday']);
    expect(await s.ok(['priority', 'ls', '-q'])).toBe('critical\nurgent\nhigh\nmedium\nlow\nnone\nsomeday\n');
    await s.ok(['priority', 'rename', 'critical', 'p0']);
    await s.ok(['priority', 'delete', 'someday']);
    expect(await s.ok(['priority', 'list', '-q'])).toBe('p0\nurgent\nhigh\nmedium\nlow\nnone\n');
    const far = await s.run(['priority', 'add', 'x', '99']);
    expect(far.code).toBe(2);
    expect(far.stderr).toMatch(/POSITION must be 1 \(least urgent\) to 7 \(most urgent\)/);
  });

  test('category add, list, rename, delete', async () => {
    expect(await s.ok(['category', 'add', 'Ops'])).toBe('Category added: ops\n');
    await s.ok(['new', 'In ops', '-c', 'ops']);
    await s.ok(['category', 'rename', 'ops', 'operations']);
    expect((await s.json<{ slug: string }[]>(['category', 'list'])).map((c) => c.slug)).toEqual(['operations']);
    expect((await s.json<{ ticket: TicketJson }>(['show', '2'])).ticket.category).toBe('operations');
    expect(await s.ok(['category', 'rm', 'operations', '--force'])).toBe('Category deleted: operations\n');
    const unknown = await s.run(['new', 'x', '-c', 'nope']);
    expect(unknown.stderr).toMatch(/unknown category 'nope'; add it with: docket category add nope/);
  });

  test('config list, get, set', async () => {
    const config = await s.json<Record<string, string>>(['config', 'list']);
    expect(config).toMatchObject({ display_prefix: 'ADM-', default_priority: 'medium', default_type: 'task' });
    await s.ok(['config', 'set', 'default_type', 'bug']);
    expect(await s.ok(['config', 'get', 'default_type'])).toBe('bug\n');
    expect(await s.json(['config', 'get', 'audit_log'])).toEqual({ key: 'audit_log', value: 'true' });
    expect((await s.json<TicketJson>(['new', 'Defaults to a bug'])).type).toBe('bug');
    const bad = await s.run(['config', 'set', 'default_priority', 'nope']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/default_priority: 'nope' is not one of: p0, urgent, high/);
    const unknown = await s.run(['config', 'get', 'colour']);
    expect(unknown.stderr).toMatch(/unknown option 'colour'; options: display_prefix/);
    expect(await s.ok(['config', 'ls'])).toMatch(/^KEY\s+VALUE\n/);
  });

  test('audit list pages by cursor; prune keeps recent lines', async () => {
    const first = await s.json<{ id: number; line: string; kind: string }[]>(['audit', 'list', '--limit', '2']);
    expect(first).toHaveLength(2);
    expect(first[0]!.line).toMatch(/^Created project adm/);
    const next = await s.json<{ id: number }[]>(['audit', 'ls', '--after-id', String(first[1]!.id), '--limit', '1']);
    expect(next[0]!.id).toBeGreaterThan(first[1]!.id);
    expect(await s.json(['audit', 'prune', '--keep-days', '1'])).toEqual({ removed: 0 });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSchemaFile } from '../../src/domain/schema-file.js';
import { call, linkedClient, ok, tempDocket } from './support.js';

describe('MCP: planning values on the ticket tool', () => {
  let env: Awaited<ReturnType<typeof tempDocket>>;
  let client: Awaited<ReturnType<typeof linkedClient>>;
  beforeAll(async () => {
    env = await tempDocket([]);
    const { schema } = parseSchemaFile('[fields.team]\ntype = "enum"\nvalues = ["ui", "api"]\n', 'DOC-');
    await env.docket.createProject({ key: 'doc', schema });
    await env.docket.createProject({ key: 'ops' });
    await env.docket.project('ops').addMilestone({ key: 'theirs' });
    await env.docket.project('doc').addMilestone({ key: 'v2.4', due: '2026-12-31' });
    client = await linkedClient(env.docket, { actor: 'alice' });
  });
  afterAll(async () => {
    await client.close();
    await env.cleanup();
  });

  it('creates and updates with due, estimate, milestone and fields, printing them only when set', async () => {
    const made = await ok(client.client, 'ticket', {
      action: 'create',
      project: 'doc',
      title: 'Ship',
      due: '2020-01-01',
      estimate: 3,
      milestone: 'v2.4',
      tags: ['release', 'team=ui'],
    });
    expect(made).toBe('DOC-1 task backlog medium due 2020-01-01 est 3 in v2.4 v1: Ship');
    const plain = await ok(client.client, 'ticket', { action: 'create', project: 'doc', title: 'Plain' });
    expect(plain).toBe('DOC-2 task backlog medium v1: Plain');
    const got = await ok(client.client, 'ticket', { action: 'get', project: 'doc', ticket_id: 'DOC-1' });
    expect(got).toContain('team: ui');
    expect(got).toContain('tags: release');
    const cleared = await ok(client.client, 'ticket', {
      action: 'update',
      project: 'doc',
      ticket_id: 1,
      estimate: '',
      due: '',
    });
    expect(cleared).toBe('DOC-1 task backlog medium in v2.4 v2: Ship');
  });

  it('lists by overdue, due range, milestone and field', async () => {
    await ok(client.client, 'ticket', { action: 'update', project: 'doc', ticket_id: 1, due: '2020-01-01' });
    const ids = async (args: Record<string, unknown>) =>
      (await ok(client.client, 'ticket', { action: 'list', project: 'doc', ...args }))
        .split('\n')
        .map((l) => l.split(' ')[0]);
    expect(await ids({ due: 'overdue' })).toEqual(['DOC-1']);
    expect(await ids({ due: '<2021-01-01' })).toEqual(['DOC-1']);
    expect(await ids({ due: '>2021-01-01' })).toEqual(['no']);
    expect(await ids({ milestone: 'v2.4' })).toEqual(['DOC-1']);
    expect(await ids({ milestone: '' })).toEqual(['DOC-2']);
    expect(await ids({ tags: ['team=ui'] })).toEqual(['DOC-1']);
  });

  it('refuses bad planning input with the reason and writes nothing', async () => {
    const before = await ok(client.client, 'ticket', { action: 'list', project: 'doc' });
    for (const [args, message] of [
      [{ due: '2026-02-30' }, /due: '2026-02-30' is not a date on the calendar/],
      [{ estimate: -1 }, /estimate: must be a number from 0 to 1000000, not '-1'/],
      [{ estimate: '1e400' }, /estimate: must be a number from 0/],
      [{ tags: ['team=web'] }, /field\.team: 'web' is not one of its values; allowed: ui, api/],
      [{ milestone: 'theirs' }, /milestone not found: 'theirs' in project doc/],
    ] as const) {
      const r = await call(client.client, 'ticket', { action: 'create', project: 'doc', title: 'Bad', ...args });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(message);
    }
    expect(await ok(client.client, 'ticket', { action: 'list', project: 'doc' })).toBe(before);
  });

  it('shows open milestones with progress in the board summary', async () => {
    const summary = await ok(client.client, 'ticket_board', { project: 'doc', view: 'summary' });
    expect(summary).toContain('milestones:\nv2.4 due 2026-12-31: 0/1 closed');
  });
});

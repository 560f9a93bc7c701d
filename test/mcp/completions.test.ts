import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkedClient, tempDocket } from './support.js';

describe('MCP completions', () => {
  let env: Awaited<ReturnType<typeof tempDocket>>;
  let mcp: Awaited<ReturnType<typeof linkedClient>>;
  let client: Client;

  const ticketId = async (value: string, project = 'web') =>
    (
      await client.complete({
        ref: { type: 'ref/resource', uri: 'docket://{project}/{id}' },
        argument: { name: 'id', value },
        context: { arguments: { project } },
      })
    ).completion.values;
  const prompt = async (name: string, arg: string, value: string, context: Record<string, string> = {}) =>
    (
      await client.complete({
        ref: { type: 'ref/prompt', name },
        argument: { name: arg, value },
        context: { arguments: context },
      })
    ).completion;

  beforeAll(async () => {
    env = await tempDocket(['web', 'ops']);
    const web = env.docket.project('web', { actor: 'alice' });
    for (let i = 1; i <= 45; i++) {
      await web.create({ title: i === 41 ? 'Login loops on Safari' : `Ticket ${i}`, labels: i < 3 ? ['ui'] : [] });
    }
    await web.addEntity({ slug: 'bob', name: 'Bob' });
    await web.comment('WEB-7', 'bump');
    mcp = await linkedClient(env.docket, { actor: 'carol' });
    client = mcp.client;
  });
  afterAll(async () => {
    await mcp.close();
    await env.cleanup();
  });

  it('declares completions', () => {
    expect(client.getServerCapabilities()?.completions).toEqual({});
  });

  it('completes ticket ids by number, by display id, recent ones for nothing typed, and by words', async () => {
    expect(await ticketId('4')).toEqual(['WEB-4', ...Array.from({ length: 6 }, (_, i) => `WEB-${40 + i}`)]);
    expect(await ticketId('WEB-12')).toEqual(['WEB-12']);
    expect(await ticketId('#3')).toEqual(['WEB-3', ...Array.from({ length: 10 }, (_, i) => `WEB-${30 + i}`)]);
    expect((await ticketId('')).slice(0, 2)).toEqual(['WEB-7', 'WEB-45']);
    expect((await ticketId('we')).length).toBe(20);
    expect(await ticketId('safari')).toEqual(['WEB-41']);
    expect(await ticketId('999')).toEqual([]);
  });

  it('completes projects, types, statuses, entities, labels and times in prompt arguments', async () => {
    expect((await prompt('triage', 'project', '')).values).toEqual(['ops', 'web']);
    expect((await prompt('triage', 'project', 'o')).values).toEqual(['ops']);
    expect((await prompt('triage', 'type', 'b', { project: 'web' })).values).toEqual(['bug']);
    expect((await prompt('triage', 'status', '', { project: 'web', type: 'bug' })).values).toEqual([
      'triage',
      'confirmed',
      'in_progress',
      'resolved',
      'wont_fix',
    ]);
    expect((await prompt('triage', 'status', 'c', { project: 'web' })).values).toContain('cancelled');
    expect((await prompt('triage', 'label', '', { project: 'web' })).values).toEqual(['ui']);
    expect((await prompt('standup', 'assignee', '', { project: 'web' })).values).toEqual(['alice', 'bob']);
    expect((await prompt('standup', 'since', '')).values).toEqual(['1h', '24h', '3d', '7d', '14d']);
    expect((await prompt('handoff', 'ticket_id', '45', { project: 'web' })).values).toEqual(['WEB-45']);
    expect((await prompt('plan', 'ticket_id', '45')).values).toEqual([]); // which project? none said
    const any = await prompt('handoff', 'nothing', 'x');
    expect(any).toEqual({ values: [], total: 0, hasMore: false });
  });

  it('completes the project of every template', async () => {
    for (const uri of ['docket://{project}/{id}', 'docket://{project}/board', 'docket://{project}/ready']) {
      const r = await client.complete({
        ref: { type: 'ref/resource', uri },
        argument: { name: 'project', value: 'w' },
      });
      expect(r.completion.values, uri).toEqual(['web']);
    }
  });

  it('refuses an unknown prompt or template (invalid params), as the specification says', async () => {
    for (const ref of [
      { type: 'ref/prompt' as const, name: 'test_prompt_with_arguments' },
      { type: 'ref/resource' as const, uri: 'test://template/{id}/data' },
    ]) {
      const error = await client.complete({ ref, argument: { name: 'arg1', value: 'x' } }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: -32602 });
      expect((error as Error).message).toMatch(/unknown (prompt|resource template) .+; (prompts|templates): /);
    }
  });
});

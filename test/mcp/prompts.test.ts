import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSince } from '../../src/mcp/prompts/standup.js';
import { linkedClient, ok, readText, tempDocket } from './support.js';

const textOf = (r: GetPromptResult) =>
  r.messages.map((m) => (m.content.type === 'text' ? m.content.text : JSON.stringify(m.content))).join('\n');

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return { code: (e as { code: number }).code, message: (e as Error).message };
  }
  throw new Error('expected the request to fail');
}

describe('MCP prompts', () => {
  let env: Awaited<ReturnType<typeof tempDocket>>;
  let mcp: Awaited<ReturnType<typeof linkedClient>>;
  let client: Client;

  beforeAll(async () => {
    env = await tempDocket(['web']);
    const web = env.docket.project('web', { actor: 'alice' });
    await web.create({ title: 'Login loops on Safari', type: 'bug', labels: ['ui'] });
    await web.create({ title: 'Add CSV export', type: 'feature', description: 'Weekly report as CSV.' });
    await web.create({ title: 'Crash on emoji label', type: 'bug' });
    await web.move('WEB-3', 'confirmed');
    await web.as('bob').claim('WEB-3', { leaseMinutes: 30 });
    for (let i = 1; i <= 7; i++) await web.as('bob').comment('WEB-3', `step ${i}`);
    await web.link('WEB-2', 'related', 'WEB-3');
    mcp = await linkedClient(env.docket, { actor: 'carol' });
    client = mcp.client;
  });
  afterAll(async () => {
    await mcp.close();
    await env.cleanup();
  });

  it('lists four prompts, each with a description and its arguments', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => [p.name, p.arguments?.map((a) => `${a.name}${a.required ? '!' : ''}`)])).toEqual([
      ['triage', ['type', 'status', 'label', 'project']],
      ['standup', ['since', 'assignee', 'project']],
      ['plan', ['ticket_id!', 'project']],
      ['handoff', ['ticket_id!', 'project']],
    ]);
    for (const p of prompts) {
      expect(p.description!.length).toBeLessThan(120);
      for (const a of p.arguments ?? []) expect(a.description, `${p.name}.${a.name}`).toBeTruthy();
    }
  });

  it('triage: untriaged tickets of a type with the legal next states', async () => {
    const text = textOf(await client.getPrompt({ name: 'triage', arguments: { type: 'bug' } }));
    expect(text).toContain('bug, triage → confirmed | wont_fix:\nWEB-1 bug triage medium: Login loops on Safari');
    expect(text).not.toContain('WEB-3');
    expect(text).not.toContain('feature');
    expect(text).toMatch(/ticket action=move status=/);
    const all = textOf(await client.getPrompt({ name: 'triage' }));
    expect(all).toContain('WEB-2 feature');
    const confirmed = textOf(await client.getPrompt({ name: 'triage', arguments: { status: 'in_progress' } }));
    expect(confirmed).toContain('bug, in_progress → resolved | wont_fix:\nWEB-3 bug in_progress medium @bob');
    const tagged = textOf(await client.getPrompt({ name: 'triage', arguments: { label: 'ui' } }));
    expect(tagged).toContain('bug, triage → confirmed | wont_fix:\nWEB-1 bug triage medium: Login loops on Safari');
    expect(tagged).not.toContain('feature');
    const none = textOf(await client.getPrompt({ name: 'triage', arguments: { label: 'ui', status: 'confirmed' } }));
    expect(none).toBe('Nothing to triage in web in confirmed, tagged ui.');
    const unknown = await failure(client.getPrompt({ name: 'triage', arguments: { label: 'ux' } }));
    expect(unknown.message).toMatch(/validation: unknown label 'ux'/);
    const nowhere = await failure(client.getPrompt({ name: 'triage', arguments: { type: 'bug', status: 'proposed' } }));
    expect(nowhere.message).toMatch(/validation: status 'proposed' is not a state of type bug; states: /);
    const wrong = await failure(client.getPrompt({ name: 'triage', arguments: { type: 'epic' } }));
    expect(wrong.code).toBe(-32602);
    expect(wrong.message).toMatch(/validation: unknown ticket type 'epic'; types: task, bug, feature, decision$/);
  });

  it('standup: what changed since a time, per assignee', async () => {
    const text = textOf(await client.getPrompt({ name: 'standup', arguments: { since: '1h' } }));
    expect(text).toMatch(/^Standup for web: changes since \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(text).toContain(
      '@bob\nWEB-3 bug in_progress medium @bob: Crash on emoji label — created, triage→in_progress',
    );
    expect(text).toContain('7 comments');
    expect(text).toContain('\nunassigned\n');
    const onlyBob = textOf(await client.getPrompt({ name: 'standup', arguments: { assignee: '@bob' } }));
    expect(onlyBob).not.toContain('unassigned');
    const none = textOf(await client.getPrompt({ name: 'standup', arguments: { since: '2999-01-01' } }));
    expect(none).toMatch(/^Nothing changed in web since 2999-01-01 00:00 UTC\.$/);
    const bad = await failure(client.getPrompt({ name: 'standup', arguments: { since: 'last week' } }));
    expect(bad.message).toMatch(/since: 'last week' is not a time; use 24h, 90m, 7d or a date like 2025-01-31$/);
  });

  it('plan: the ticket as an embedded resource, then what to call', async () => {
    const r = await client.getPrompt({ name: 'plan', arguments: { ticket_id: '2' } });
    expect(r.messages[0]!.content).toEqual({
      type: 'resource',
      resource: {
        uri: 'docket://web/WEB-2',
        mimeType: 'text/markdown',
        text: await ok(client, 'ticket', { action: 'get', ticket_id: 'WEB-2' }),
      },
    });
    const text = textOf({ messages: [r.messages[1]!] });
    expect(text).toContain('ticket_link action=add ticket_id=WEB-2 link_type=parent target_id=');
    expect(text).toContain('(task, bug, feature, decision)');
  });

  it('handoff: description, links, the last comments and changes of a claimed ticket', async () => {
    const text = textOf(await client.getPrompt({ name: 'handoff', arguments: { ticket_id: 'WEB-3' } }));
    expect(text).toMatch(/^Hand-off of WEB-3, in_progress, claimed by @bob, lease until .+ UTC\./);
    expect(text).toContain(
      '@bob must release it (ticket action=release) or its lease run out before you claim it (ticket action=claim ticket_id=WEB-3)',
    );
    expect(text).toContain('related WEB-2');
    expect(text).toContain(': step 7');
    expect(text).toContain(': step 3');
    expect(text).not.toContain(': step 2');
    expect(text).toContain('(2 older rows: ticket action=get)');
    const bob = await linkedClient(env.docket, { actor: 'bob' });
    try {
      const own = textOf(await bob.client.getPrompt({ name: 'handoff', arguments: { ticket_id: 'WEB-3' } }));
      expect(own).toContain('It is yours: read linked tickets you need');
    } finally {
      await bob.close();
    }
  });

  it('refuses a missing or unknown ticket in one line', async () => {
    const missing = await failure(client.getPrompt({ name: 'plan', arguments: {} }));
    expect(missing.code).toBe(-32602);
    const unknown = await failure(client.getPrompt({ name: 'handoff', arguments: { ticket_id: 'WEB-99' } }));
    expect(unknown.code).toBe(-32602);
    expect(unknown.message).toMatch(/not_found: ticket not found: WEB-99 does not exist in project web$/);
  });

  it('offers no prompts with the BlinkDesk tool profile, whose tools they do not name', async () => {
    const bd = await linkedClient(env.docket, { profile: 'blinkdesk', project: 'web' });
    try {
      expect(bd.client.getServerCapabilities()?.prompts).toBeUndefined();
      expect(await readText(bd.client, 'docket://web/WEB-1')).toContain('WEB-1 bug triage');
    } finally {
      await bd.close();
    }
  });
});

describe('standup times', () => {
  const now = Date.parse('2025-03-10T12:00:00Z');
  it('reads relative times, dates and ISO times', () => {
    expect(parseSince(undefined, now)).toBe(now - 24 * 3600_000);
    expect(parseSince('90m', now)).toBe(now - 90 * 60_000);
    expect(parseSince('2w', now)).toBe(now - 14 * 86_400_000);
    expect(parseSince('2025-03-01', now)).toBe(Date.parse('2025-03-01T00:00:00Z'));
    expect(parseSince('2025-03-01T08:30:00Z', now)).toBe(Date.parse('2025-03-01T08:30:00Z'));
  });
});

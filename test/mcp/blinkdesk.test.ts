import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSchemaFile } from '../../src/domain/schema-file.js';
import { toolsListTokens } from './measure.js';
import { call, linkedClient, ok, tempDocket } from './support.js';
import { BLINKDESK_PAGE_SCHEMA } from '../support/blinkdesk-example.js';

describe('the blinkdesk tool profile', () => {
  let env: Awaited<ReturnType<typeof tempDocket>>;
  let mcp: Awaited<ReturnType<typeof linkedClient>>;
  beforeEach(async () => {
    env = await tempDocket([]);
    await env.docket.createProject({ key: 'bd', ...parseSchemaFile(BLINKDESK_PAGE_SCHEMA) });
    mcp = await linkedClient(env.docket, { profile: 'blinkdesk' });
  });
  afterEach(async () => {
    await mcp.close();
    await env.cleanup();
  });
  const c = (name: string, args: Record<string, unknown> = {}) => ok(mcp.client, name, args);

  it('lists the eight documented tools for far fewer tokens than BlinkDesk (2,237)', async () => {
    const { total, perTool } = await toolsListTokens(mcp.client);
    console.log(`blinkdesk profile tools list: ${total} tokens`, perTool);
    expect(Object.keys(perTool)).toHaveLength(8);
    expect(total).toBeLessThanOrEqual(600);
  });

  it('creates, lists with filters and a cursor, updates state and assignee', async () => {
    expect(
      await c('ticket_create', { title: 'Login bug', category: 'support', priority: 'high', assignee: 'alice' }),
    ).toBe('BD-1 ticket open high @alice v1: Login bug');
    await c('ticket_create', { title: 'Backups', category: 'ops', operator: 'ai' });
    await c('ticket_create', { title: 'Docs' });
    expect(await c('ticket_list', { limit: 2 })).toBe(
      'BD-1 ticket open high @alice: Login bug\nBD-2 ticket open normal: Backups\nmore: after_id=2',
    );
    expect(await c('ticket_list', { after_id: 2 })).toBe('BD-3 ticket open normal: Docs');
    expect(await c('ticket_list', { category: 'ops' })).toBe('BD-2 ticket open normal: Backups');
    expect(await c('ticket_update', { ticket_id: 1, state: 'in_progress', assignee: '' })).toBe(
      'BD-1 ticket in_progress high v3: Login bug',
    );
    expect(await c('ticket_list', { state: 'in_progress' })).toBe('BD-1 ticket in_progress high: Login bug');
    const refused = await call(mcp.client, 'ticket_update', { ticket_id: 2, state: 'closed' });
    expect(refused).toEqual({
      text: 'invalid_transition: cannot move a ticket from open to closed; legal targets: in_progress',
      isError: true,
    });
    expect((await env.docket.project('bd').history(2))[0]?.actor).toBe('ai');
  });

  it('comments (moving the state too), counts by entity and looks up entities', async () => {
    await c('ticket_create', { title: 'Login bug', assignee: 'alice' });
    await c('ticket_update', { ticket_id: 'BD-1', state: 'in_progress' });
    expect(await c('ticket_comment_add', { ticket_id: 1, entity: 'alice', comment: 'Fixed', state: 'closed' })).toBe(
      'comment #1 on BD-1 ticket closed normal @alice v3: Login bug',
    );
    const got = await c('ticket_get', { ticket_id: 'BD-1' });
    expect(got).toContain('#1 alice');
    expect(got).toContain('→closed: Fixed');
    await c('ticket_create', { title: 'Other' });
    expect(await c('count_tickets_by_entity')).toBe('alice 1, unassigned 1');
    expect(await c('count_tickets_by_entity', { states: ['closed'] })).toBe('alice 1');
    expect(await c('entity_list')).toBe('ai person\nalice person');
    expect(await c('entity_get', { slug: 'ALICE' })).toMatch(/^alice person: alice \(since /);
    const ghost = await call(mcp.client, 'entity_get', { slug: 'nobody' });
    expect(ghost.isError).toBe(true);
    expect(ghost.text).toMatch(/^not_found: entity not found: 'nobody'/);
  });

  it('refuses a change without an operator when the project requires one', async () => {
    await env.docket.project('bd').setConfig('require_operator', true);
    const r = await call(mcp.client, 'ticket_create', { title: 'Anonymous' });
    expect(r.text).toMatch(/^forbidden: Operator is required for operation: create/);
    expect(await c('ticket_create', { title: 'Signed', operator: 'ai' })).toBe('BD-1 ticket open normal v1: Signed');
  });
});

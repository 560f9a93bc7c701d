import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { docket, type Sandbox, sandbox } from './harness.js';
import { BLINKDESK_PAGE_SCHEMA } from '../support/blinkdesk-example.js';

interface BdTicket {
  id: string;
  title: string;
  state: string;
  priority: string;
  assignee: string | null;
  category: string | null;
  created_at: string;
  updated_at: string;
  description: string | null;
}

describe('BlinkDesk walkthrough with docket in place of bd', () => {
  let s: Sandbox;
  const bd = (...args: string[]) => docket(['-d', 'tickets.db', ...args], { cwd: s.dir });
  const ok = async (...args: string[]) => {
    const r = await bd(...args);
    expect(r.stderr, `docket ${args.join(' ')}`).toBe('');
    expect(r.code, `docket ${args.join(' ')}`).toBe(0);
    return r.stdout;
  };

  beforeAll(() => {
    s = sandbox();
    writeFileSync(join(s.dir, 'schema.toml'), BLINKDESK_PAGE_SCHEMA);
  });
  afterAll(() => s.cleanup());

  test('init with the schema file', async () => {
    const out = await ok('init', 'schema.toml');
    expect(out).toContain('tickets.db');
    expect(out).toContain('BD-1');
    const states = JSON.parse(await ok('state', 'list', '-f', 'json')) as { state: string; initial: boolean }[];
    expect(states.map((x) => x.state)).toEqual(['open', 'in_progress', 'closed']);
    expect(JSON.parse(await ok('entity', 'list', '-f', 'json')).map((e: { slug: string }) => e.slug)).toEqual([
      'ai',
      'alice',
    ]);
  });

  test('ticket create, with each documented flag', async () => {
    expect(await ok('ticket', 'create', '--title', 'Test')).toBe('Ticket created: BD-1\n');
    expect(await ok('ticket', 'create', '--title', 'Test', '--assignee', 'alice')).toBe('Ticket created: BD-2\n');
    expect(await ok('ticket', 'create', '--title', 'Bug fix', '--category', 'support')).toBe('Ticket created: BD-3\n');
    expect(await ok('ticket', 'create', '--title', 'Bug fix', '--operator', 'alice')).toBe('Ticket created: BD-4\n');
    expect(
      await ok('ticket', 'create', '-t', 'Urgent', '-p', 'high', '-a', 'alice', '-c', 'support', '-m', 'Down'),
    ).toBe('Ticket created: BD-5\n');
  });

  test('ticket list prints a table, and BlinkDesk JSON with -f json', async () => {
    const table = await ok('ticket', 'list');
    expect(table.split('\n')[0]).toMatch(/^ID\s+STATE\s+PRIORITY\s+ASSIGNEE\s+CATEGORY\s+TITLE$/);
    expect(table).toContain('BD-5');
    const list = JSON.parse(await ok('ticket', 'list', '-f', 'json')) as BdTicket[];
    expect(list.map((t) => t.id)).toEqual(['BD-1', 'BD-2', 'BD-3', 'BD-4', 'BD-5']);
    expect(Object.keys(list[0]!)).toEqual([
      'id',
      'title',
      'state',
      'priority',
      'assignee',
      'category',
      'created_at',
      'updated_at',
      'description',
    ]);
    expect(list[0]).toMatchObject({
      state: 'open',
      priority: 'normal',
      assignee: null,
      category: null,
      description: null,
    });
    expect(list[4]).toMatchObject({ priority: 'high', assignee: 'alice', category: 'support', description: 'Down' });
    expect(list[0]!.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  test('ticket list filters by state, assignee, priority and category, and pages by cursor', async () => {
    const filtered = JSON.parse(
      await ok('ticket', 'list', '-s', 'open', '-a', 'alice', '-p', 'high', '-c', 'support', '-f', 'json'),
    ) as BdTicket[];
    expect(filtered.map((t) => t.id)).toEqual(['BD-5']);
    const page = JSON.parse(await ok('ticket', 'list', '--after-id', '1', '--limit', '2', '-f', 'json')) as BdTicket[];
    expect(page.map((t) => t.id)).toEqual(['BD-2', 'BD-3']);
  });

  test('count-by-entity with repeated --state', async () => {
    await ok('ticket', 'transition', '2', '-s', 'in_progress');
    await ok('ticket', 'transition', '2', '-s', 'closed');
    const counts = JSON.parse(
      await ok('ticket', 'count-by-entity', '--state', 'open', '--state', 'closed', '-f', 'json'),
    ) as { entity: string | null; count: number }[];
    expect(counts).toEqual([
      { entity: null, count: 3 },
      { entity: 'alice', count: 2 },
    ]);
    expect(await ok('ticket', 'count-by-entity', '--state', 'closed')).toMatch(/alice\s+1/);
  });

  test('set-category, then category delete --force clears it', async () => {
    expect(await ok('ticket', 'set-category', '4', '-c', 'support')).toBe('Ticket BD-4 category set to support\n');
    const refused = await bd('category', 'delete', 'support');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/--force/);
    await ok('category', 'delete', 'support', '--force');
    const t = JSON.parse(await ok('ticket', 'get', '4', '-f', 'json')) as BdTicket;
    expect(t.category).toBeNull();
  });

  test('ticket get shows the ticket, its comments and log', async () => {
    await ok('ticket', 'comment', '5', '-c', 'Looking into it', '-s', 'in_progress');
    const text = await ok('ticket', 'get', '5');
    expect(text).toContain('BD-5: Urgent');
    expect(text).toContain('Looking into it');
    expect(text).toMatch(/state_changed: status: open -> in_progress/);
    const detail = JSON.parse(await ok('ticket', 'get', 'BD-5', '-f', 'json')) as BdTicket & {
      comments: { comment: string; new_state: string | null }[];
      logs: { action: string }[];
    };
    expect(detail.state).toBe('in_progress');
    expect(detail.comments).toEqual([
      expect.objectContaining({ comment: 'Looking into it', new_state: 'in_progress' }),
    ]);
    // BD-5 was in 'support': the forced category delete above logged clearing it.
    expect(detail.logs.map((l) => l.action)).toEqual(['created', 'assigned', 'updated', 'state_changed']);
    const bare = JSON.parse(await ok('ticket', 'get', '5', '--no-logs', '--no-comments', '-f', 'json'));
    expect(bare.logs).toEqual([]);
    expect(bare.comments).toEqual([]);
  });

  test('config set, with the values BlinkDesk documents', async () => {
    await ok('config', 'set', 'require_operator', 'true');
    // As in BlinkDesk, operators are required for ticket changes, not for setting options.
    await ok('config', 'set', 'audit_prune_keep_days', '7');
    expect(await ok('config', 'get', 'audit_prune_keep_days')).toBe('7\n');
    expect(await ok('config', 'get', 'require_operator')).toBe('true\n');
    const refused = await bd('ticket', 'create', '--title', 'No operator');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Operator is required for operation: create/);
    expect(await ok('ticket', 'create', '--title', 'With operator', '-o', 'ai')).toBe('Ticket created: BD-6\n');
  });

  test('audit list and prune', async () => {
    const audit = await ok('audit', 'list');
    expect(audit).toContain('Created ticket BD-1');
    expect(audit).toContain('Created ticket BD-6: With operator (ai)');
    expect(await ok('audit', 'prune')).toMatch(/^Pruned 0 audit line\(s\)/);
    await ok('config', 'set', 'audit_log', 'false');
    const before = JSON.parse(await ok('audit', 'list', '-f', 'json', '--limit', '1000')) as unknown[];
    await ok('ticket', 'create', '--title', 'Unaudited', '-o', 'ai');
    expect(JSON.parse(await ok('audit', 'list', '-f', 'json', '--limit', '1000'))).toHaveLength(before.length);
  });

  test('db get and set vacuum_mode and journal_mode', async () => {
    expect(await ok('db', 'get', 'vacuum_mode')).toBe('incremental\n');
    expect(await ok('db', 'set', 'vacuum_mode', 'full')).toBe('vacuum_mode = full\n');
    expect(await ok('db', 'get', 'vacuum_mode')).toBe('full\n');
    expect(await ok('db', 'set', 'vacuum_mode', 'incremental')).toBe('vacuum_mode = incremental\n');
    expect(await ok('db', 'get', 'journal_mode')).toBe('wal\n');
    expect(await ok('db', 'set', 'journal_mode', 'delete')).toBe('journal_mode = delete\n');
    expect(await ok('db', 'set', 'journal_mode', 'wal')).toBe('journal_mode = wal\n');
    const bad = await bd('db', 'set', 'journal_mode', 'sideways');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/journal_mode must be one of: delete, truncate, persist, memory, wal, off/);
  });

  test('BLINKDESK_DATABASE and BLINKDESK_LOG_FILE stand in for -d and --log-file', async () => {
    const r = await docket(['ticket', 'list', '--limit', '1', '-f', 'json'], {
      cwd: s.dir,
      env: { BLINKDESK_DATABASE: 'tickets.db', BLINKDESK_LOG_FILE: 'blinkdesk.log' },
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[0].id).toBe('BD-1');
    const logged = await docket(['--log-file', 'blinkdesk.log', '-d', 'tickets.db', 'ticket', 'list'], { cwd: s.dir });
    expect(logged.code).toBe(0);
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(join(s.dir, 'blinkdesk.log'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/docket ticket list --limit 1 -f json exit=0$/);
  });
});

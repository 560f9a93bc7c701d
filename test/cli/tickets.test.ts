import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Sandbox, sandbox, type TicketJson } from './harness.js';

interface Detail {
  ticket: TicketJson;
  links: {
    linkId: number;
    type: string;
    relation: string;
    ticket: string;
    title: string;
    status: string;
    closed: boolean;
  }[];
  comments: { id: number; author: string | null; body: string; status: string | null; createdAt: string }[];
  history: { id: number; field: string; old: string | null; new: string | null; actor: string | null; at: string }[];
}

const TICKET_KEYS = [
  'id',
  'number',
  'project',
  'type',
  'title',
  'description',
  'status',
  'priority',
  'assignee',
  'category',
  'labels',
  'createdBy',
  'createdAt',
  'updatedAt',
  'closedAt',
  'leaseUntil',
  'version',
];

describe('ticket verbs', () => {
  let s: Sandbox;
  beforeAll(async () => {
    s = sandbox();
    await s.ok(['-p', 'doc', 'init']);
  });
  afterAll(() => s.cleanup());

  test('new: the title is every word after it; flags set the fields; --json prints the ticket', async () => {
    expect(await s.ok(['new', 'Fix', 'login', '-t', 'bug', '-p', 'high'])).toMatch(
      /^Created DOC-1 Fix login \[bug · triage · high\]\n$/,
    );
    writeFileSync(join(s.dir, 'notes.md'), 'Steps:\n1. open\n');
    const t = await s.json<TicketJson>([
      '--as',
      'alice',
      'new',
      'Write docs',
      '-m',
      '@notes.md',
      '-l',
      'docs',
      '-l',
      'Writing',
    ]);
    expect(Object.keys(t)).toEqual(TICKET_KEYS);
    expect(t).toMatchObject({
      id: 'DOC-2',
      number: 2,
      project: 'doc',
      type: 'task',
      status: 'backlog',
      priority: 'medium',
      description: 'Steps:\n1. open',
      labels: ['docs', 'writing'],
      createdBy: 'alice',
      version: 1,
      closedAt: null,
    });
    expect(await s.ok(['new', 'From stdin', '-m', '-', '-q'], { input: 'piped text\n' })).toBe('DOC-3\n');
    expect((await s.json<Detail>(['show', '3'])).ticket.description).toBe('piped text');
  });

  test('new --key is idempotent', async () => {
    const a = await s.json<TicketJson>(['new', 'Once', '--key', 'k-1']);
    const b = await s.json<TicketJson>(['new', 'Once', '--key', 'k-1']);
    expect(b.id).toBe(a.id);
  });

  test('ls: open tickets by default, filters, cursor, --json shape', async () => {
    const table = await s.ok(['ls']);
    expect(table.split('\n')[0]).toMatch(/^ID\s+TYPE\s+STATUS\s+PRIORITY\s+ASSIGNEE\s+TITLE$/);
    expect(table).toContain('Write docs [docs, writing]');
    const all = await s.json<{ tickets: TicketJson[]; next: number | null }>(['ls']);
    expect(all.tickets.map((t) => t.id)).toEqual(['DOC-1', 'DOC-2', 'DOC-3', 'DOC-4']);
    expect(all.next).toBeNull();
    const bugs = await s.json<{ tickets: TicketJson[] }>(['ls', '-t', 'bug']);
    expect(bugs.tickets.map((t) => t.id)).toEqual(['DOC-1']);
    const page = await s.json<{ tickets: TicketJson[]; next: number | null }>([
      'ls',
      '--limit',
      '2',
      '--after-id',
      '1',
    ]);
    expect(page).toMatchObject({ next: 3 });
    expect(page.tickets.map((t) => t.number)).toEqual([2, 3]);
    const more = await s.run(['ls', '--limit', '2']);
    expect(more.stderr).toContain('more: docket ls --after-id 2');
    expect(await s.ok(['list', '-l', 'docs', '-q'])).toBe('DOC-2\n');
    expect(await s.ok(['ls', '--desc', '-q', '--limit', '1'])).toBe('DOC-4\n');
    expect(await s.ok(['ls', '-p', 'high,medium', '-q'])).toBe('DOC-1\nDOC-2\nDOC-3\nDOC-4\n');
  });

  test('show: facts, description, comments, links and history; --json detail shape', async () => {
    const text = await s.ok(['show', '2']);
    expect(text.split('\n')[0]).toBe('DOC-2  Write docs');
    expect(text).toContain('task · backlog · medium · unassigned · labels docs, writing');
    expect(text).toContain('    Steps:');
    const d = await s.json<Detail>(['get', 'doc-2']);
    expect(Object.keys(d)).toEqual(['ticket', 'links', 'references', 'comments', 'history']);
    expect(d.history[0]).toMatchObject({ field: 'created', new: 'Write docs', actor: 'alice' });
    const bare = await s.json<Detail>(['show', '#2', '--no-history', '--no-comments', '--no-links']);
    expect(bare.history).toEqual([]);
  });

  test('edit changes fields; --if-version refuses a stale write', async () => {
    const t = await s.json<TicketJson>(['edit', '1', '--title', 'Fix SSO login', '-p', 'urgent']);
    expect(t).toMatchObject({ title: 'Fix SSO login', priority: 'urgent', version: 2 });
    const stale = await s.run(['update', '1', '--title', 'x', '--if-version', '1']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/^docket: DOC-1 changed since you read it \(version 2, you had 1\)/);
    const nothing = await s.run(['edit', '1']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/nothing to change/);
    expect((await s.json<TicketJson>(['edit', '2', '--labels', ''])).labels).toEqual([]);
  });

  test('move, close (with resolution and in bulk), reopen', async () => {
    expect(await s.ok(['move', '1', 'confirmed'])).toMatch(/^Moved DOC-1 .*confirmed/);
    expect((await s.json<TicketJson>(['mv', '1', 'in_progress'])).status).toBe('in_progress');
    const closed = await s.json<TicketJson>(['close', '1', '--resolution', 'wont_fix']);
    expect(closed.status).toBe('wont_fix');
    expect(closed.closedAt).not.toBeNull();
    expect((await s.json<TicketJson>(['reopen', '1'])).status).toBe('triage');
    const bulk = await s.json<{ id: string; ok: boolean; to?: string }[]>(['close', '2', '3', '4']);
    expect(bulk.map((i) => [i.id, i.ok, i.to])).toEqual([
      ['DOC-2', true, 'done'],
      ['DOC-3', true, 'done'],
      ['DOC-4', true, 'done'],
    ]);
    const mixed = await s.run(['reopen', '2', '99']);
    expect(mixed.code).toBe(1);
    expect(mixed.stdout).toMatch(/^Reopened DOC-2/);
    expect(mixed.stderr).toMatch(/99: ticket not found/);
    const dry = await s.run(['close', '2', '3', '--dry-run']);
    expect(dry.stdout).toContain('DOC-2: backlog -> done (dry run)');
  });

  test('comment: words, -m, -s moves in the same change', async () => {
    expect(await s.ok(['comment', '1', 'Reproduced', 'on', 'staging'])).toMatch(/^Commented on DOC-1 \(#1\)\n$/);
    const r = await s.json<{ ticket: TicketJson; commentId: number }>([
      'comment',
      '1',
      '-m',
      'Confirmed',
      '-s',
      'confirmed',
    ]);
    expect(r.commentId).toBe(2);
    expect(r.ticket.status).toBe('confirmed');
    const d = await s.json<Detail>(['show', '1']);
    expect(d.comments.map((c) => [c.body, c.status])).toEqual([
      ['Reproduced on staging', null],
      ['Confirmed', 'confirmed'],
    ]);
    const empty = await s.run(['comment', '1']);
    expect(empty.code).toBe(2);
  });

  test('assign and unassign', async () => {
    expect((await s.json<TicketJson>(['assign', '1', 'bob'])).assignee).toBe('bob');
    expect(await s.ok(['ls', '-a', 'bob', '-q'])).toBe('DOC-1\n');
    expect(await s.ok(['--as', 'bob', 'ls', '--mine', '-q'])).toBe('DOC-1\n');
    expect((await s.json<TicketJson>(['unassign', '1'])).assignee).toBeNull();
    expect(await s.ok(['ls', '--unassigned', '-q'])).toContain('DOC-1');
  });

  test('search: ranked matches with snippets; filters; --json shape', async () => {
    await s.ok(['new', 'Login page times out', '-m', 'The SSO login redirect hangs']);
    const results = await s.json<{ ticket: TicketJson; rank: number; snippet: string }[]>(['search', 'login']);
    expect(results.length).toBeGreaterThanOrEqual(2);
    expect(results[0]!.snippet).toMatch(/\uE000login\uE001/i);
    expect(results.every((r) => typeof r.rank === 'number')).toBe(true);
    expect(await s.ok(['find', 'redirect', '-q'])).toBe('DOC-5\n');
    expect(await s.ok(['search', 'reproduced', '--comments', '-q'])).toBe('DOC-1\n');
    const table = await s.ok(['search', 'redirect']);
    expect(table.split('\n')[0]).toMatch(/TITLE\s+MATCH$/);
  });

  test('history: every change with who made it', async () => {
    const rows = await s.json<Detail['history']>(['history', '1']);
    expect(rows.map((r) => r.field)).toContain('status');
    expect(await s.ok(['log', '1'])).toMatch(/status: triage -> confirmed/);
  });

  test('labels: add, remove, list', async () => {
    expect((await s.json<TicketJson>(['label', 'add', '1', 'auth', 'UI'])).labels).toEqual(['auth', 'ui']);
    expect((await s.json<TicketJson>(['label', 'remove', '1', 'ui'])).labels).toEqual(['auth']);
    expect(await s.json(['label', 'list'])).toEqual([{ label: 'auth', count: 1 }]);
  });

  test('links: add, list from both ends, remove', async () => {
    const link = await s.json<{ linkId: number; relation: string; ticket: string }>([
      'link',
      'add',
      '1',
      'blocks',
      '5',
    ]);
    expect(link).toMatchObject({ relation: 'blocks', ticket: 'DOC-5' });
    expect(await s.ok(['link', 'add', '5', 'related', '2'])).toMatch(/^Linked DOC-5 related DOC-2/);
    const fromFive = await s.json<Detail['links']>(['link', 'list', '5']);
    expect(fromFive.map((l) => [l.relation, l.ticket])).toEqual([
      ['blocked_by', 'DOC-1'],
      ['related', 'DOC-2'],
    ]);
    expect(await s.ok(['link', 'remove', '1', 'blocks', '5'])).toMatch(/^Removed link \d+/);
    expect(await s.ok(['link', 'rm', '--id', String(fromFive[1]!.linkId)])).toMatch(/^Removed link/);
    expect(await s.json(['link', 'ls', '5'])).toEqual([]);
    const bad = await s.run(['link', 'add', '1', 'follows', '5']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/'follows' is not a link type; use one of: blocks, parent, related, duplicate/);
  });
});

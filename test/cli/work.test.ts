import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BIN, type Sandbox, sandbox, type TicketJson } from './harness.js';

interface BoardJson {
  types: { type: string; columns: { status: string; terminal: boolean; count: number; tickets?: TicketJson[] }[] }[];
  open: number;
  closed: number;
}

describe('board, ready, claim, release, watch', () => {
  let s: Sandbox;
  beforeAll(async () => {
    s = sandbox();
    await s.ok(['-p', 'ops', 'init']);
    await s.ok(['new', 'Rotate keys', '-p', 'urgent']);
    await s.ok(['new', 'Crash on save', '-t', 'bug', '-p', 'high']);
    await s.ok(['new', 'Old task', '-p', 'low']);
    await s.ok(['new', 'Blocked task']);
    await s.ok(['link', 'add', '3', 'blocks', '4']);
    await s.ok(['close', '3']);
    await s.ok(['link', 'add', '1', 'blocks', '4']);
  });
  afterAll(() => s.cleanup());

  test('board: kanban columns that fit the width, in bands when narrow', async () => {
    const wide = await s.ok(['board'], { env: { COLUMNS: '100' } });
    const lines = wide.split('\n');
    expect(lines[0]).toBe('task 2 open  (done 1 · cancelled 0)');
    expect(lines[1]).toMatch(/^BACKLOG 2\s+IN_PROGRESS 0$/);
    expect(lines.every((l) => [...l].length <= 100)).toBe(true);
    expect(wide).toContain('OPS-1 Rotate keys');
    const narrow = await s.ok(['board', '-t', 'bug'], { env: { COLUMNS: '40' } });
    expect(narrow.split('\n').every((l) => [...l].length <= 40)).toBe(true);
    expect(narrow).toMatch(/TRIAGE 1[\s\S]*CONFIRMED 0/);
    const b = await s.json<BoardJson>(['board', '--limit', '1']);
    expect(b).toMatchObject({ open: 3, closed: 1 });
    const backlog = b.types[0]!.columns[0]!;
    expect(backlog).toMatchObject({ status: 'backlog', count: 2, terminal: false });
    expect(backlog.tickets!.map((t) => t.id)).toEqual(['OPS-1']);
    expect(await s.ok(['board', '--limit', '1'], { env: { COLUMNS: '100' } })).toContain('+1 more');
    expect(await s.ok(['board', '--all', '-t', 'task', '-q'])).toBe('OPS-1\nOPS-4\nOPS-3\n');
  });

  test('board --summary: counts per status, one line per type', async () => {
    const text = await s.ok(['board', '--summary']);
    expect(text).toContain('task      backlog 2 · in_progress 0 · done 1 · cancelled 0');
    expect(text.trim().split('\n').pop()).toBe('open 3 · closed 1');
    expect((await s.json<BoardJson>(['board', '--summary'])).types[0]!.columns[0]).toEqual({
      status: 'backlog',
      terminal: false,
      count: 2,
    });
  });

  test('ready: unblocked, unclaimed, most urgent first', async () => {
    expect(await s.ok(['ready', '-q'])).toBe('OPS-1\nOPS-2\n');
    expect((await s.json<TicketJson[]>(['ready', '-t', 'bug'])).map((t) => t.id)).toEqual(['OPS-2']);
  });

  test('claim needs an actor, takes the most urgent ready ticket, and cannot be taken twice', async () => {
    const anonymous = await s.run(['claim', '--next']);
    expect(anonymous.code).toBe(1);
    expect(anonymous.stderr).toMatch(/claim needs an actor/);
    const usage = await s.run(['claim']);
    expect(usage.code).toBe(2);
    const t = await s.json<TicketJson>(['--as', 'agent-7', 'claim', '--next', '--lease', '30']);
    expect(t).toMatchObject({ id: 'OPS-1', assignee: 'agent-7', status: 'in_progress' });
    expect(Date.parse(t.leaseUntil!) - Date.parse(t.updatedAt)).toBe(30 * 60_000);
    const taken = await s.run(['--as', 'agent-9', 'claim', '1']);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/already claimed by agent-7/);
    expect(await s.ok(['--as', 'agent-9', 'claim', '--next', '-q'])).toBe('OPS-2\n');
    expect(await s.ok(['--as', 'agent-9', 'ready', '--mine', '-q'])).toBe('OPS-2\n');
    const none = await s.run(['--as', 'agent-9', 'claim', '--next', '--json']);
    expect(none.code).toBe(0);
    expect(JSON.parse(none.stdout)).toBeNull();
  });

  test('release gives a claim back; only its holder may', async () => {
    const refused = await s.run(['--as', 'agent-9', 'release', '1']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/claimed by agent-7, not agent-9/);
    const t = await s.json<TicketJson>(['--as', 'agent-7', 'release', '1']);
    expect(t).toMatchObject({ assignee: null, status: 'in_progress', leaseUntil: null });
  });

  test('watch --since replays changes; --json prints one object per line', async () => {
    const r = await s.run(['watch', '--since', '0', '--count', '3', '--json']);
    expect(r.code).toBe(0);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({ kind: 'project.created', ticket: null, project: 'ops' });
    expect(events[1]).toMatchObject({
      kind: 'ticket.created',
      ticket: 'OPS-1',
      changes: [{ field: 'created', new: 'Rotate keys' }],
    });
    const text = await s.ok(['watch', '--since', '1', '--count', '1']);
    expect(text).toMatch(/^\d\d:\d\d:\d\d OPS-1 created: created: Rotate keys\n$/);
  });

  test('watch follows changes made while it runs', async () => {
    const child = spawn(process.execPath, [BIN, '-d', s.db, 'watch', '--json', '--count', '2', '--interval', '50'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
      });
      // watch says on stderr where it starts; a change made after that line is sure to be seen
      await new Promise<void>((resolve, reject) => {
        let err = '';
        child.stderr.setEncoding('utf8').on('data', (d: string) => {
          err += d;
          if (err.includes('watching')) resolve();
        });
        child.on('close', () => reject(new Error(`watch exited early: ${err}`)));
      });
      await s.ok(['--as', 'carol', 'comment', '2', 'on it']);
      await s.ok(['--as', 'carol', 'move', '2', 'resolved']);
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(0);
      const events = out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(events.map((e) => [e.kind, e.ticket, e.actor])).toEqual([
        ['ticket.commented', 'OPS-2', 'carol'],
        ['ticket.moved', 'OPS-2', 'carol'],
      ]);
      expect(events[1].changes).toEqual([{ field: 'status', old: 'in_progress', new: 'resolved' }]);
    } finally {
      child.kill();
    }
  });
});

describe('another process holding the write lock', () => {
  let s: Sandbox;
  beforeAll(async () => {
    s = sandbox();
    await s.ok(['-p', 'ops', 'init']);
    await s.ok(['new', 'Ready work']);
  });
  afterAll(() => s.cleanup());

  // Agents running docket per call, many at once, queue longer than the library's 5 s for the lock.
  test('a claim waits past 5 s for it instead of failing as busy', async () => {
    const holder = new Database(s.db);
    holder.exec('BEGIN IMMEDIATE');
    const released = new Promise<void>((resolve) =>
      setTimeout(() => {
        holder.exec('COMMIT');
        holder.close();
        resolve();
      }, 6000),
    );
    const claim = await s.run(['claim', '--next', '--as', 'bot', '--json']);
    await released;
    expect(claim.stderr).toBe('');
    expect(claim.code).toBe(0);
    expect(JSON.parse(claim.stdout)).toMatchObject({ id: 'OPS-1', assignee: 'bot' });
  }, 20_000);
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Sandbox, sandbox, type TicketJson } from './harness.js';

type Planned = TicketJson & { due?: string; estimate?: number; milestone?: string; fields?: Record<string, unknown> };

describe('planning in the CLI: due dates, estimates, milestones, custom fields', () => {
  let s: Sandbox;
  beforeAll(async () => {
    s = sandbox();
    const schema = join(s.dir, 'schema.toml');
    writeFileSync(schema, '[fields.team]\ntype = "enum"\nvalues = ["ui", "api"]\n\n[fields.signed]\ntype = "bool"\n');
    await s.ok(['-p', 'doc', 'init', schema]);
  });
  afterAll(() => s.cleanup());

  test('new and edit set, change and clear planning values; show prints them', async () => {
    expect(await s.ok(['milestone', 'add', 'v2.4', '--due', '2026-12-31', '--name', 'Version 2.4'])).toBe(
      'Milestone added: v2.4 (due 2026-12-31)\n',
    );
    const t = await s.json<Planned>([
      'new',
      'Ship',
      '--due',
      '2026-12-31',
      '--estimate',
      '3',
      '--milestone',
      'v2.4',
      '--field',
      'team=ui',
      '--field',
      'signed=yes',
    ]);
    expect(t).toMatchObject({
      due: '2026-12-31',
      estimate: 3,
      milestone: 'v2.4',
      fields: { team: 'ui', signed: true },
    });
    expect(await s.ok(['show', t.id, '--no-history'])).toMatch(
      /due 2026-12-31 · estimate 3 · milestone v2\.4\nteam: ui · signed: true\n/,
    );
    const edited = await s.json<Planned>(['edit', t.id, '--due', '', '--estimate', '0.5', '--field', 'signed=']);
    expect(edited).toMatchObject({ estimate: 0.5, fields: { team: 'ui' } });
    expect(edited).not.toHaveProperty('due');
    const history = await s.json<{ field: string; old: string | null; new: string | null }[]>(['history', t.id]);
    expect(history.slice(-3).map((h) => [h.field, h.old, h.new])).toEqual([
      ['due', '2026-12-31', null],
      ['estimate', '3', '0.5'],
      ['field.signed', 'true', null],
    ]);
  });

  test('bad planning input exits 1 with the reason, and nothing is written', async () => {
    const before = await s.json<{ tickets: TicketJson[] }>(['ls', '--all']);
    for (const [args, message] of [
      [['--due', '2026-02-30'], /due: '2026-02-30' is not a date on the calendar/],
      [['--estimate', '-1'], /estimate: must be a number from 0 to 1000000, not '-1'/],
      [['--estimate', '1e400'], /estimate: must be a number from 0 to 1000000, not '1e400'/],
      [['--field', 'team=web'], /field\.team: 'web' is not one of its values; allowed: ui, api/],
      [['--milestone', 'elsewhere'], /milestone not found: 'elsewhere' in project doc; milestones: v2\.4/],
      [['--field', 'team'], /--field takes NAME=VALUE/],
    ] as const) {
      const r = await s.run(['new', 'Bad', ...args]);
      expect(r.stderr).toMatch(message);
      expect(r.code).not.toBe(0);
    }
    expect(await s.json<{ tickets: TicketJson[] }>(['ls', '--all'])).toEqual(before);
  });

  test('ls filters by overdue, milestone, no milestone, due dates and fields, and sorts by due', async () => {
    await s.ok(['new', 'Late', '--due', '2020-01-01', '--milestone', 'v2.4']);
    await s.ok(['new', 'Undated', '--field', 'team=api']);
    const ids = async (...args: string[]) =>
      (await s.json<{ tickets: Planned[] }>(['ls', ...args])).tickets.map((t) => t.title);
    expect(await ids('--overdue')).toEqual(['Late']);
    expect(await ids('--milestone', 'v2.4')).toEqual(['Ship', 'Late']);
    expect(await ids('--no-milestone')).toEqual(['Undated']);
    expect(await ids('--due-before', '2021-01-01')).toEqual(['Late']);
    expect(await ids('--field', 'team=api')).toEqual(['Undated']);
    expect(await ids('--sort', 'due')).toEqual(['Late', 'Ship', 'Undated']);
    expect(await s.ok(['ls', '--overdue'])).toMatch(/DUE\s+TITLE\n.*2020-01-01 !\s+Late/);
  });

  test('milestone ls, show, edit, close, reopen and rm --move-to, with --json', async () => {
    await s.ok(['milestone', 'add', 'v2.5']);
    const list = await s.json<{ key: string; tickets: { total: number } }[]>(['milestone', 'ls']);
    expect(list.map((m) => [m.key, m.tickets.total])).toEqual([
      ['v2.4', 2],
      ['v2.5', 0],
    ]);
    expect(await s.ok(['milestone', 'ls'])).toMatch(
      /v2\.4\s+open\s+2026-12-31\s+0\/2\s+0\/0\.5 points\s+\[-+\] 0%\s+Version 2\.4/,
    );
    const shown = await s.json<{ key: string; burnDown: unknown[] }>(['milestone', 'show', 'v2.4']);
    expect(shown.key).toBe('v2.4');
    expect(shown.burnDown.length).toBeGreaterThan(0);
    expect((await s.json<{ state: string }>(['milestone', 'close', 'v2.5'])).state).toBe('closed');
    expect((await s.json<{ state: string }>(['milestone', 'reopen', 'v2.5'])).state).toBe('open');
    const refused = await s.run(['milestone', 'rm', 'v2.4']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/2 ticket\(s\) are in milestone v2\.4/);
    expect(await s.ok(['milestone', 'rm', 'v2.4', '--move-to', 'v2.5'])).toBe(
      'Milestone deleted: v2.4 (2 ticket(s) moved to v2.5)\n',
    );
    await s.ok(['milestone', 'edit', 'v2.5', '--key', 'v3', '--due', '2027-01-31']);
    expect((await s.json<{ tickets: Planned[] }>(['ls', '--milestone', 'v3'])).tickets).toHaveLength(2);
  });
});

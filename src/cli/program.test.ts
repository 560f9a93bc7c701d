import { Command } from 'commander';
import { describe, expect, test } from 'vitest';
import { buildProgram, commandWord, GROUPS } from './program.js';

function leaves(cmd: Command, path: string[] = []): { path: string[]; cmd: Command }[] {
  if (!cmd.commands.length) return [{ path, cmd }];
  return cmd.commands.flatMap((c) => leaves(c, [...path, c.name()]));
}

function helpOf(cmd: Command): string {
  let text = '';
  cmd.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  cmd.outputHelp();
  return text;
}

const program = buildProgram();
const all = leaves(program);
const names = new Set(all.map((l) => l.path.join(' ')));

describe('the command table', () => {
  test('every command has an action and an example in its --help', () => {
    expect(all.length).toBeGreaterThan(60);
    for (const { path, cmd } of all) {
      expect((cmd as unknown as { _actionHandler: unknown })._actionHandler, path.join(' ')).toBeTruthy();
      expect(helpOf(cmd), path.join(' ')).toMatch(/Examples:\n {2}\$ (\w+=\S+ )?(docket|git|source) /);
    }
  });

  test("BlinkDesk's command shapes are all there (../shared/reference/blinkdesk.md)", () => {
    const bd = [
      'init',
      ...['create', 'update', 'get', 'list', 'search', 'count-by-entity', 'comment', 'assign', 'unassign'].map(
        (c) => `ticket ${c}`,
      ),
      ...['transition', 'set-priority', 'set-category', 'remove-category'].map((c) => `ticket ${c}`),
      'entity list',
      'entity add',
      'entity delete',
      'state list',
      'state add',
      'state delete',
      'state transition list',
      'state transition add',
      'state transition delete',
      'priority list',
      'priority add',
      'priority delete',
      'priority rename',
      'category list',
      'category add',
      'category delete',
      'category rename',
      'config get',
      'config set',
      'config list',
      'audit list',
      'audit prune',
      'db vacuum',
      'db backup',
      'db get',
      'db set',
    ];
    for (const name of bd) expect(names, name).toContain(name);
  });

  test("Docket's own verbs are there", () => {
    const docket = ['new', 'ls', 'show', 'edit', 'move', 'close', 'reopen', 'comment', 'assign', 'unassign', 'search'];
    const more = ['history', 'link add', 'link remove', 'link list', 'label add', 'label remove', 'label list'];
    const work = ['board', 'ready', 'claim', 'release', 'watch', 'export', 'import', 'doctor', 'completion', 'start'];
    for (const name of [...docket, ...more, ...work]) expect(names, name).toContain(name);
  });

  test('every command also takes the common options after its name', () => {
    for (const { path, cmd } of all) {
      const flags = cmd.options.map((o) => o.long);
      for (const flag of ['--json', '--quiet', '--db', '--as', '--operator'])
        expect(flags, `${path.join(' ')} ${flag}`).toContain(flag);
    }
  });
});

describe('declaring only the group a command needs', () => {
  test("each entry's names are exactly the commands (and aliases) it declares", () => {
    for (const entry of GROUPS.flatMap((g) => g.entries)) {
      const scratch = new Command('docket');
      entry.declare(scratch);
      const declared = scratch.commands.flatMap((c) => [c.name(), ...c.aliases()]);
      expect([...declared].sort()).toEqual([...entry.names].sort());
    }
  });

  test('the command word skips global options and their values', () => {
    expect(commandWord(['-d', 'x.db', '-p', 'web', '--json', 'ls', '-p', 'high'])).toBe('ls');
    expect(commandWord(['--db=x.db', 'ticket', 'list'])).toBe('ticket');
    expect(commandWord(['--as', 'alice', '-o', 'bob', '-f', 'json', 'board'])).toBe('board');
    expect(commandWord(['--help'])).toBeUndefined();
  });

  test('a command builds only its own entry; help and completion build everything', () => {
    const names = (argv: string[]) => buildProgram(argv).commands.map((c) => c.name());
    expect(names(['-d', 'x.db', 'ls'])).toEqual(['ls']);
    expect(names(['ticket', 'list'])).toEqual(['ticket']);
    expect(names(['entity', 'list'])).toEqual(['entity', 'state', 'priority', 'category', 'config', 'audit', 'db']);
    expect(names(['completion', 'bash']).length).toBe(buildProgram().commands.length);
    expect(names(['frobnicate']).length).toBe(buildProgram().commands.length);
  });
});

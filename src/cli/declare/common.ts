import { type Command, Option } from 'commander';

export { act, type CommandFn } from '../act.js';

/** The action of a server command (serve, mcp): it runs from the server bundle (see server-commands.ts). */
export function actServer(name: 'serve' | 'mcp') {
  return async (...args: unknown[]): Promise<void> => {
    const { runServerCommand } = await import('../server-commands.js');
    await runServerCommand(name, args);
  };
}

/** Top-level commands declared together; `names` lists each with its aliases. */
export interface Entry {
  readonly names: readonly string[];
  readonly declare: (program: Command) => void;
}

/** A section of `docket --help`. */
export interface Group {
  readonly heading: string;
  readonly entries: readonly Entry[];
}

let shared: Option[] | undefined;

/**
 * The options every command accepts after its name too (`docket ls --json -d x.db`). One set of Option
 * objects serves every command (commander keeps per-command state on the command), which keeps
 * declaring a group cheap. Most are hidden in the command's help; the root help lists them once.
 */
function commonOptions(): Option[] {
  shared ??= [
    new Option('--json', 'print JSON (the shapes are in docs/cli.md)'),
    new Option('-q, --quiet', 'print only ids'),
    new Option('-f, --format <format>', 'json or table').hideHelp(),
    new Option('-d, --db <path>', 'database file').hideHelp(),
    new Option('--database-path <path>', 'database file (BlinkDesk spelling)').hideHelp(),
    new Option('--project <key>', 'project key').hideHelp(),
    new Option('--as <entity>', 'the entity acting').hideHelp(),
    new Option('-o, --operator <entity>', 'the entity acting').hideHelp(),
    new Option('--debug', 'print stack traces').hideHelp(),
    new Option('--no-color', 'no colour').hideHelp(),
    new Option('-v, --verbose', 'say which database is used').hideHelp(),
  ];
  return shared;
}

export function common(cmd: Command): Command {
  const taken = new Set(cmd.options.flatMap((o) => [o.short, o.long]).filter(Boolean));
  for (const o of commonOptions()) {
    if (!(o.short && taken.has(o.short)) && !(o.long && taken.has(o.long))) cmd.addOption(o);
  }
  return cmd;
}

/** Adds worked examples to a command's --help. */
export function examples(cmd: Command, ...lines: string[]): Command {
  return cmd.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
}

/** Collects a repeatable option into a list (`-l a -l b`). */
export const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

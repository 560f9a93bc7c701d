import { appendFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { admin } from './declare/admin.js';
import { blinkdesk } from './declare/blinkdesk.js';
import { gitGroup } from './declare/git.js';
import type { Group } from './declare/common.js';
import { server } from './declare/server.js';
import { setup } from './declare/setup.js';
import { planning } from './declare/planning.js';
import { tickets } from './declare/tickets.js';
import { work } from './declare/work.js';
import { EXIT_OK, EXIT_USAGE, reportError } from './errors.js';
import { writeErr, writeOut } from './output.js';

/** Set by the bundler (scripts/build.mjs) from package.json. */
declare const DOCKET_VERSION: string | undefined;
const VERSION = typeof DOCKET_VERSION === 'string' ? DOCKET_VERSION : '0.0.0-dev';

const FOOTER = `
Short forms: new (create, add), ls (list), show (get), edit (update), mv (move), find (search), log (history).
Global options go before the command (docket -d tickets.db -p web ls); most also work after it.

Environment:
  DOCKET_DB            the database (then BLINKDESK_DATABASE, then the nearest .docket/docket.db)
  DOCKET_PROJECT       the project, when the database holds several
  DOCKET_ACTOR         who is acting (recorded in history and the audit log)
  NO_COLOR             no colour; colour is only ever used on a terminal
  DOCKET_LOG_FILE      append one line per command run (also BLINKDESK_LOG_FILE, --log-file)

Exit codes: 0 ok, 1 a user error (the message says what to do), 2 a usage error.

Examples:
  $ docket init                          # .docket/docket.db here, project named after the folder
  $ docket new "Fix login" -t bug -p high
  $ docket ls --mine
  $ docket --as agent-7 claim --next --lease 30
  $ docket -d tickets.db ticket list -s open -f json     # BlinkDesk's bd, unchanged
`;

export const GROUPS: readonly Group[] = [tickets, work, planning, gitGroup, blinkdesk, admin, setup, server];

/** Root options that take a value, so the word after them is not mistaken for the command. */
const VALUED = new Set([
  '-d',
  '--db',
  '--database-path',
  '-p',
  '--project',
  '--as',
  '-o',
  '--operator',
  '-f',
  '--format',
  '--log-file',
]);

/** The command word of `argv` (`ls` in `docket -d x.db ls --json`), if any. */
export function commandWord(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('-')) return a;
    if (VALUED.has(a)) i++;
  }
  return undefined;
}

/**
 * Declares the commands; actions load their module only when they run. Given `argv`, only the entry
 * holding its command is declared: building all ninety-odd commands costs milliseconds that a
 * one-shot `docket ls` should not pay. Help, completion and unknown words get the whole table.
 */
export function buildProgram(argv?: readonly string[]): Command {
  const word = argv && commandWord(argv);
  // completion describes every command, so it needs them all
  const known =
    word !== undefined && word !== 'completion' && GROUPS.some((g) => g.entries.some((e) => e.names.includes(word)));
  // `docket --version` needs no commands at all
  const bare = word === undefined && argv?.length === 1 && /^(-V|--version)$/.test(argv[0]!);
  const program = new Command('docket')
    .description('Docket: tickets for AI agents and the people who work beside them.')
    .version(VERSION, '-V, --version', 'print the version')
    .enablePositionalOptions()
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut,
      writeErr,
      outputError: (text, write) => write(text.replace(/^error:/, 'docket:')),
    })
    .optionsGroup('Global options (before the command):')
    .option('-d, --db <path>', 'the database file (also --database-path)')
    .addOption(new Option('--database-path <path>', 'the database file').hideHelp())
    .option('-p, --project <key>', 'the project (default: the only one)')
    .option('--as <entity>', 'who is acting (also -o/--operator)')
    .addOption(new Option('-o, --operator <entity>', 'who is acting').hideHelp())
    .option('--json', 'JSON output (shapes in docs/cli.md)')
    .option('-f, --format <format>', 'json or table (BlinkDesk)')
    .option('-q, --quiet', 'print only ids')
    .option('--no-color', 'never colour the output')
    .option('-v, --verbose', 'say which database is used')
    .addOption(new Option('--log-file <path>', 'append a line per command run').hideHelp())
    .option('--debug', 'stack traces for errors')
    .addHelpText('after', FOOTER);
  for (const group of bare ? [] : GROUPS) {
    program.commandsGroup(group.heading);
    for (const entry of group.entries) if (!known || entry.names.includes(word)) entry.declare(program);
  }
  program.commandsGroup('Help:');
  return program;
}

const flagValue = (argv: readonly string[], long: string): string | undefined => {
  const i = argv.findIndex((a) => a === long || a.startsWith(`${long}=`));
  if (i < 0) return undefined;
  const a = argv[i]!;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
};

/** Appends `time args exit` when a log file is asked for (BlinkDesk's --log-file). */
function logRun(argv: readonly string[], exit: number): void {
  const file = flagValue(argv, '--log-file') ?? process.env.DOCKET_LOG_FILE ?? process.env.BLINKDESK_LOG_FILE;
  if (!file) return;
  try {
    appendFileSync(file, `${new Date().toISOString()} docket ${argv.join(' ')} exit=${exit}\n`);
  } catch {
    writeErr(`docket: cannot write the log file ${file}\n`);
  }
}

/** Runs the CLI on `argv` (without node and the script) and returns the exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  const program = buildProgram(argv);
  let exit = EXIT_OK;
  if (!argv.length) {
    program.outputHelp();
    return EXIT_OK;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      exit = e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    } else {
      const json =
        argv.includes('--json') || /^json$/i.test(flagValue(argv, '--format') ?? flagValue(argv, '-f') ?? '');
      const r = reportError(e, { json, debug: argv.includes('--debug') });
      if (r.text) writeErr(`${r.text}\n`);
      exit = r.exit;
    }
  }
  logRun(argv, exit);
  return exit;
}

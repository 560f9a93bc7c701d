import type { Command } from 'commander';
import { act, type Group, collect, common, examples } from './common.js';

const readyFilters = (cmd: Command) =>
  cmd
    .option('-t, --type <type>', 'only this ticket type (repeatable)', collect)
    .option('-p, --priority <priority>', 'only this priority (repeatable)', collect)
    .option('-c, --category <category>', 'only this category')
    .option('-l, --label <label>', 'only tickets with this label');

/** The verbs of getting work done: the board, ready work, claims, and following changes. */
function declareWork(program: Command): void {
  examples(
    common(
      program
        .command('board')
        .summary('kanban columns that fit the terminal')
        .option('--summary', 'counts per status only')
        .option('-t, --type <type>', 'only this ticket type')
        .option('--all', 'show cards in terminal columns too')
        .option('--limit <n>', 'cards per column (default 10)')
        .action(act(() => import('../commands/board.js').then((m) => m.board))),
    ),
    'docket board',
    'docket board --summary',
    'docket board -t bug --limit 5',
  );
  examples(
    common(
      readyFilters(
        program
          .command('ready')
          .summary('open, unblocked, unclaimed work, most urgent first')
          .option('--mine', 'ready tickets already assigned to you')
          .option('--limit <n>', 'how many (default 20)'),
      ).action(act(() => import('../commands/ready.js').then((m) => m.ready))),
    ),
    'docket ready',
    'docket ready -t bug --json',
  );
  examples(
    common(
      readyFilters(
        program
          .command('claim')
          .summary('take a ticket: assign it to you and move it into work, atomically')
          .argument('[id]', 'the ticket (or --next)')
          .option('--next', 'the most urgent ready ticket')
          .option('--lease <minutes>', 'the claim lapses after MINUTES unless renewed')
          .option('--branch', "also switch to the ticket's git branch, made when missing (see docket branch)"),
      ).action(act(() => import('../commands/claim.js').then((m) => m.claim))),
    ),
    'docket --as agent-7 claim --next --lease 30',
    'DOCKET_ACTOR=alice docket claim 42',
    'docket claim 42 --branch                      # and switch to doc-42-…',
  );
  examples(
    common(
      program
        .command('release')
        .summary('give a claimed ticket back')
        .argument('<id>', 'ticket id')
        .action(act(() => import('../commands/claim.js').then((m) => m.release))),
    ),
    'docket --as agent-7 release 42',
  );
  examples(
    common(
      program
        .command('watch')
        .summary('follow changes as they happen')
        .option('--since <id>', 'start after change ID (0: from the beginning)')
        .option('--count <n>', 'stop after N changes')
        .option('--interval <ms>', 'poll every MS milliseconds (default 500)')
        .action(act(() => import('../commands/watch.js').then((m) => m.watch))),
    ),
    'docket watch',
    'docket watch --json | jq .ticket',
  );
}

export const work: Group = {
  heading: 'Work:',
  entries: [{ names: ['board', 'ready', 'claim', 'release', 'watch'], declare: declareWork }],
};

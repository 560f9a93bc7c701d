import type { Command } from 'commander';
import { act, collect, common, examples, type Group } from './common.js';
import { declareLabels, declareLinks } from './links.js';

const filters = (cmd: Command) =>
  cmd
    .option('-s, --status <status>', 'only this status (repeat or comma-separate for several)', collect)
    .option('-t, --type <type>', 'only this ticket type (repeatable)', collect)
    .option('-p, --priority <priority>', 'only this priority (repeatable)', collect)
    .option('-a, --assignee <entity>', 'only tickets assigned to ENTITY')
    .option('--unassigned', 'only unassigned tickets')
    .option('--mine', 'only tickets assigned to you (--as / DOCKET_ACTOR)')
    .option('-c, --category <category>', 'only this category')
    .option('-l, --label <label>', 'only tickets with this label')
    .option('--overdue', 'only open tickets past their due date')
    .option('--milestone <key>', 'only tickets in this milestone')
    .option('--no-milestone', 'only tickets in no milestone')
    .option('--due-before <date>', 'only tickets due before DATE (YYYY-MM-DD, or a time with its zone)')
    .option('--due-after <date>', 'only tickets due after DATE (a later day, or after that instant)')
    .option('--field <name=value>', 'only tickets whose custom field NAME is VALUE (repeatable)', collect);

/** The planning options of new and edit: due date, estimate, milestone, custom fields. */
const planning = (cmd: Command, clears: boolean) =>
  cmd
    .option(
      '--due <date>',
      `due date: YYYY-MM-DD, or a time with its zone (2026-12-31T17:00+02:00)${clears ? '; "" clears' : ''}`,
    )
    .option('--estimate <n>', `estimate in the project's unit (points or hours)${clears ? '; "" clears' : ''}`)
    .option('--milestone <key>', `milestone (see docket milestone ls)${clears ? '; "" takes it out' : ''}`)
    .option(
      '--field <name=value>',
      `custom field from the schema file (repeatable)${clears ? '; NAME= clears' : ''}`,
      collect,
    );

/** Docket's own verbs for tickets, one entry per command so `docket ls` declares only `ls`. */
export const tickets: Group = {
  heading: 'Tickets:',
  entries: [
    {
      names: ['new', 'create', 'add'],
      declare: (program) =>
        examples(
          common(
            planning(
              program
                .command('new')
                .aliases(['create', 'add'])
                .summary('create a ticket')
                .description('Create a ticket in its type\'s first state. The title is every word after "new".')
                .argument('<title...>', 'the title')
                .option('-t, --type <type>', "ticket type (default: the project's default_type)")
                .option('-m, --description <text>', 'description: TEXT, @file, or - for stdin')
                .option('-p, --priority <priority>', "priority (default: the project's default_priority)")
                .option('-c, --category <category>', 'category')
                .option('-a, --assignee <entity>', 'assignee')
                .option('-l, --label <label>', 'label (repeatable)', collect)
                .option('--key <key>', 'idempotency key: a retry with the same key returns the first ticket'),
              false,
            ).action(act(() => import('../commands/new.js').then((m) => m.create))),
          ),
          'docket new "Fix login" -t bug -p high',
          'docket new Ship v2.4 --due 2026-12-31 --estimate 3 --milestone v2.4 --field team=ui',
          'docket new Write the release notes -m @notes.md -l docs',
        ),
    },
    {
      names: ['ls', 'list'],
      declare: (program) =>
        examples(
          common(
            filters(
              program
                .command('ls')
                .alias('list')
                .summary('list tickets')
                .description(
                  'List tickets, oldest first: open ones unless a status, --closed or --all says otherwise.',
                ),
            )
              .option('--open', 'only open tickets (the default)')
              .option('--closed', 'only closed tickets')
              .option('--all', 'open and closed tickets')
              .option('--after-id <n>', 'cursor: tickets numbered after N')
              .option('--limit <n>', 'how many (default 50)')
              .option('--desc', 'newest first')
              .option('--sort <key>', 'number (default) or due: soonest due first, undated last (one page)')
              .action(act(() => import('../commands/list.js').then((m) => m.list))),
          ),
          'docket ls',
          'docket ls --overdue --milestone v2.4 --sort due',
          'docket ls -t bug -p urgent,high --limit 20',
          'docket ls --mine --json',
        ),
    },
    {
      names: ['show', 'get'],
      declare: (program) =>
        examples(
          common(
            program
              .command('show')
              .alias('get')
              .summary('show a ticket with its links, comments and history')
              .argument('[id]', "ticket id: 42, #42 or DOC-42 (default: the ticket of the branch you're on)")
              .option('--no-history', 'leave out the history')
              .option('--no-comments', 'leave out the comments')
              .option('--no-links', 'leave out the links')
              .action(act(() => import('../commands/show.js').then((m) => m.show))),
          ),
          'docket show 42',
          'docket show DOC-42 --json',
          'docket show                                   # on branch doc-42-…: shows DOC-42',
        ),
    },
    {
      names: ['edit', 'update'],
      declare: (program) =>
        examples(
          common(
            planning(
              program
                .command('edit')
                .alias('update')
                .summary("change a ticket's fields")
                .argument('<id>', 'ticket id')
                .option('--title <title>', 'new title')
                .option('-m, --description <text>', 'new description: TEXT, @file, or -')
                .option('-t, --type <type>', 'new type (the status maps to the new workflow)')
                .option('-p, --priority <priority>', 'new priority')
                .option('-a, --assignee <entity>', 'new assignee')
                .option('-c, --category <category>', 'new category')
                .option('--labels <list>', 'replace the labels (comma-separated; "" clears)')
                .option('--if-version <n>', 'refuse if the ticket changed since version N'),
              true,
            ).action(act(() => import('../commands/edit.js').then((m) => m.edit))),
          ),
          'docket edit 42 --title "Fix SSO login" -p urgent',
          'docket edit DOC-4 --due "" --estimate 5 --field team=api',
        ),
    },
    {
      names: ['move', 'mv'],
      declare: (program) =>
        examples(
          common(
            program
              .command('move')
              .alias('mv')
              .summary('move a ticket to another status (one legal step)')
              .argument('<id>', 'ticket id')
              .argument('<status>', 'the new status')
              .option('--if-version <n>', 'refuse if the ticket changed since version N')
              .action(act(() => import('../commands/move.js').then((m) => m.move))),
          ),
          'docket move 42 in_progress',
        ),
    },
    {
      names: ['close'],
      declare: (program) =>
        examples(
          common(
            program
              .command('close')
              .summary('close tickets (the shortest walk to a terminal state)')
              .argument('<ids...>', 'ticket ids')
              .option('-r, --resolution <status>', 'the terminal state to end in, e.g. wont_fix')
              .option('--dry-run', 'say what would happen, change nothing')
              .action(act(() => import('../commands/close.js').then((m) => m.close))),
          ),
          'docket close 42',
          'docket close 42 43 44 --resolution wont_fix',
        ),
    },
    {
      names: ['reopen'],
      declare: (program) =>
        examples(
          common(
            program
              .command('reopen')
              .summary('reopen closed tickets')
              .argument('<ids...>', 'ticket ids')
              .action(act(() => import('../commands/close.js').then((m) => m.reopen))),
          ),
          'docket reopen 42',
        ),
    },
    {
      names: ['comment'],
      declare: (program) =>
        examples(
          common(
            program
              .command('comment')
              .summary('comment on a ticket')
              .argument('[id]', "ticket id (may be left out on a ticket's branch)")
              .argument('[text...]', 'the comment (or -m)')
              .option('-m, --message <text>', 'the comment: TEXT, @file, or - for stdin')
              .option('-s, --status <status>', 'also move the ticket to STATUS')
              .action(act(() => import('../commands/comment.js').then((m) => m.comment))),
          ),
          'docket comment 42 "Reproduced on staging"',
          'docket comment "Root cause found"            # on branch doc-42-…: comments on DOC-42',
          'git log -1 --format=%B | docket comment 42 -m - -s resolved',
        ),
    },
    {
      names: ['assign'],
      declare: (program) =>
        examples(
          common(
            program
              .command('assign')
              .summary('assign a ticket')
              .argument('<id>', 'ticket id')
              .argument('<entity>', 'who')
              .action(act(() => import('../commands/assign.js').then((m) => m.assign))),
          ),
          'docket assign 42 alice',
        ),
    },
    {
      names: ['unassign'],
      declare: (program) =>
        examples(
          common(
            program
              .command('unassign')
              .summary('unassign a ticket')
              .argument('<id>', 'ticket id')
              .action(act(() => import('../commands/assign.js').then((m) => m.unassign))),
          ),
          'docket unassign 42',
        ),
    },
    {
      names: ['search', 'find'],
      declare: (program) =>
        examples(
          common(
            filters(
              program
                .command('search')
                .alias('find')
                .summary('full-text search, best match first')
                .description('Search titles and descriptions: words, "a phrase", prefix*, -exclude, a OR b.')
                .argument('<query...>', 'what to look for'),
            )
              .option('--comments', 'search comments too')
              .option('--open', 'only open tickets')
              .option('--closed', 'only closed tickets')
              .option('--limit <n>', 'how many (default 20)')
              .action(act(() => import('../commands/search.js').then((m) => m.search))),
          ),
          'docket search login timeout',
          'docket search "single sign" auth* -flaky --open',
        ),
    },
    {
      names: ['history', 'log'],
      declare: (program) =>
        examples(
          common(
            program
              .command('history')
              .alias('log')
              .summary('every change to a ticket')
              .argument('<id>', 'ticket id')
              .option('--limit <n>', 'at most N rows (default 1000)')
              .action(act(() => import('../commands/history.js').then((m) => m.history))),
          ),
          'docket history 42',
        ),
    },
    { names: ['link'], declare: declareLinks },
    { names: ['label'], declare: declareLabels },
  ],
};

import type { Command } from 'commander';
import { act, type Group, collect, common, examples } from './common.js';

const operator = (cmd: Command) => cmd.option('-o, --operator <entity>', 'the entity acting (also --as)');

/** BlinkDesk's `bd ticket …` shapes, flag for flag, so `bd` can be swapped for `docket`. */
function declareBlinkdeskTickets(program: Command): void {
  const ticket = examples(
    program.command('ticket').summary("BlinkDesk's ticket commands (bd ticket …)"),
    'docket -d tickets.db ticket create --title "Bug fix" --category support',
    'docket -d tickets.db ticket list -s open -a alice -f json',
  );
  const load = () => import('../commands/bd-write.js');
  const read = () => import('../commands/bd-read.js');
  examples(
    common(
      operator(
        ticket
          .command('create')
          .summary('create a ticket')
          .option('-t, --title <title>', 'title')
          .option('-m, --description <text>', 'description: TEXT, @file, or -')
          .option('-p, --priority <priority>', 'priority')
          .option('-c, --category <category>', 'category')
          .option('-a, --assignee <entity>', 'assignee')
          .option('--type <type>', 'ticket type (Docket)')
          .option('-l, --label <label>', 'label (Docket; repeatable)', collect),
      ).action(act(() => load().then((m) => m.ticketCreate))),
    ),
    'docket ticket create -t "Bug fix" -a alice -o alice',
  );
  examples(
    common(
      operator(
        ticket
          .command('update')
          .summary("change a ticket's title or description")
          .argument('<id>', 'ticket id')
          .option('-t, --title <title>', 'title')
          .option('-m, --description <text>', 'description: TEXT, @file, or -')
          .option('-p, --priority <priority>', 'priority')
          .option('-a, --assignee <entity>', 'assignee')
          .option('-c, --category <category>', 'category')
          .option('--type <type>', 'ticket type (Docket)'),
      ).action(act(() => load().then((m) => m.ticketUpdate))),
    ),
    'docket ticket update 42 -t "Fixed the login bug"',
  );
  examples(
    common(
      ticket
        .command('get')
        .summary('a ticket with its comments and log')
        .argument('<id>', 'ticket id')
        .option('--no-logs', 'leave out the log')
        .option('--no-comments', 'leave out the comments')
        .action(act(() => read().then((m) => m.ticketGet))),
    ),
    'docket ticket get 42',
  );
  examples(
    common(
      ticket
        .command('list')
        .summary('list tickets (all of them unless --limit)')
        .option('-s, --state <state>', 'only this state (repeatable)', collect)
        .option('-a, --assignee <entity>', 'only this assignee')
        .option('-p, --priority <priority>', 'only this priority')
        .option('-c, --category <category>', 'only this category')
        .option('--after-id <n>', 'cursor: tickets numbered after N')
        .option('--limit <n>', 'at most N tickets')
        .action(act(() => read().then((m) => m.ticketList))),
    ),
    'docket ticket list -s open -a alice -p high -c support',
    'docket ticket list --after-id 100 --limit 25 -f json',
  );
  examples(
    common(
      ticket
        .command('search')
        .summary('full-text search')
        .argument('<query...>', 'what to look for')
        .option('--include-comments', 'search comments too')
        .option('--limit <n>', 'at most N results (default 20)')
        .action(act(() => read().then((m) => m.ticketSearch))),
    ),
    'docket ticket search login --include-comments',
  );
  examples(
    common(
      ticket
        .command('count-by-entity')
        .summary('tickets per assignee')
        .option('-s, --state <state>', 'only tickets in this state (repeatable)', collect)
        .action(act(() => read().then((m) => m.ticketCount))),
    ),
    'docket ticket count-by-entity --state open --state closed',
  );
  const write = (
    name: string,
    summary: string,
    flag: string | undefined,
    fn:
      | 'ticketComment'
      | 'ticketAssign'
      | 'ticketUnassign'
      | 'ticketTransition'
      | 'ticketSetPriority'
      | 'ticketSetCategory'
      | 'ticketRemoveCategory',
    example: string,
  ) => {
    const cmd = ticket.command(name).summary(summary).argument('<id>', 'ticket id');
    if (flag) cmd.argument('[value]', 'the value (or the flag)').option(flag, 'the value');
    examples(common(operator(cmd)).action(act(() => load().then((m) => m[fn]))), example);
    return cmd;
  };
  write(
    'comment',
    'comment on a ticket',
    undefined,
    'ticketComment',
    'docket ticket comment 42 -c "On it" -s in_progress',
  )
    .option('-c, --comment <text>', 'the comment: TEXT, @file, or -')
    .option('-m, --message <text>', 'the comment (same as -c)')
    .option('-s, --state <state>', 'also move the ticket to STATE');
  write('assign', 'assign a ticket', '-a, --assignee <entity>', 'ticketAssign', 'docket ticket assign 42 -a alice');
  write('unassign', 'unassign a ticket', undefined, 'ticketUnassign', 'docket ticket unassign 42');
  write(
    'transition',
    'move a ticket to a state',
    '-s, --state <state>',
    'ticketTransition',
    'docket ticket transition 42 -s closed',
  );
  write(
    'set-priority',
    'set the priority',
    '-p, --priority <priority>',
    'ticketSetPriority',
    'docket ticket set-priority 42 -p high',
  );
  write(
    'set-category',
    'set the category',
    '-c, --category <category>',
    'ticketSetCategory',
    'docket ticket set-category 42 -c support',
  );
  write('remove-category', 'clear the category', undefined, 'ticketRemoveCategory', 'docket ticket remove-category 42');
}

export const blinkdesk: Group = {
  heading: 'BlinkDesk-compatible:',
  entries: [{ names: ['ticket'], declare: declareBlinkdeskTickets }],
};

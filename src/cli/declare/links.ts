import type { Command } from 'commander';
import { act, common, examples } from './common.js';

/** `docket link add|remove|list`. */
export function declareLinks(program: Command): void {
  const link = examples(
    program.command('link').summary('link tickets: blocks, parent, related, duplicate'),
    'docket link add 3 blocks 5',
    'docket link list 5',
  );
  examples(
    common(
      link
        .command('add')
        .summary('link two tickets')
        .argument('<source>', 'ticket id')
        .argument('<type>', 'blocks, parent, related or duplicate')
        .argument('<target>', 'ticket id')
        .action(act(() => import('../commands/link.js').then((m) => m.linkAdd))),
    ),
    'docket link add 3 blocks 5      # 5 waits for 3',
    "docket link add 1 parent 7      # 1 is 7's parent",
  );
  examples(
    common(
      link
        .command('remove')
        .alias('rm')
        .summary('remove a link')
        .argument('[source]', 'ticket id')
        .argument('[type]', 'link type')
        .argument('[target]', 'ticket id')
        .option('--id <n>', "the link's number (from link list)")
        .action(act(() => import('../commands/link.js').then((m) => m.linkRemove))),
    ),
    'docket link remove 3 blocks 5',
    'docket link remove --id 7',
  );
  examples(
    common(
      link
        .command('list')
        .alias('ls')
        .summary("a ticket's links")
        .argument('<id>', 'ticket id')
        .action(act(() => import('../commands/link.js').then((m) => m.linkList))),
    ),
    'docket link list 5 --json',
  );
}

/** `docket label add|remove|list`. */
export function declareLabels(program: Command): void {
  const label = examples(program.command('label').summary('add or remove labels'), 'docket label add 42 auth ui');
  examples(
    common(
      label
        .command('add')
        .summary('add labels to a ticket')
        .argument('<id>', 'ticket id')
        .argument('<labels...>', 'labels')
        .action(act(() => import('../commands/label.js').then((m) => m.labelAdd))),
    ),
    'docket label add 42 auth ui',
  );
  examples(
    common(
      label
        .command('remove')
        .alias('rm')
        .summary('remove labels from a ticket')
        .argument('<id>', 'ticket id')
        .argument('<labels...>', 'labels')
        .action(act(() => import('../commands/label.js').then((m) => m.labelRemove))),
    ),
    'docket label remove 42 ui',
  );
  examples(
    common(
      label
        .command('list')
        .alias('ls')
        .summary('labels in use, with counts')
        .action(act(() => import('../commands/label.js').then((m) => m.labelList))),
    ),
    'docket label list',
  );
}

import type { Command } from 'commander';
import { act, common, examples, type Group } from './common.js';

type Fn =
  | 'milestoneList'
  | 'milestoneShow'
  | 'milestoneAdd'
  | 'milestoneEdit'
  | 'milestoneClose'
  | 'milestoneReopen'
  | 'milestoneRemove';

function sub(group: Command, spec: string, summary: string, fn: Fn, ...example: string[]): Command {
  const [name, ...args] = spec.split(' ');
  const cmd = group.command(name!).summary(summary);
  for (const a of args) cmd.argument(a);
  examples(common(cmd), ...example);
  cmd.action(act(() => import('../commands/milestone.js').then((m) => m[fn] as never)));
  return cmd;
}

/** Milestones: a project's goals with progress and burn-down (docs/planning.md). */
function declarePlanning(program: Command): void {
  const m = program
    .command('milestone')
    .alias('milestones')
    .summary('milestones: progress, due dates, burn-down')
    .description(
      'A milestone groups tickets toward a goal, with an optional due date. A ticket is in at most one ' +
        '(docket new/edit --milestone KEY). Progress counts closed tickets and closed estimate.',
    );
  sub(
    m,
    'ls',
    'milestones with progress: open ones by due date, then closed',
    'milestoneList',
    'docket milestone ls',
    'docket milestone ls --open --json',
  )
    .alias('list')
    .option('--open', 'only open milestones')
    .option('--closed', 'only closed milestones');
  sub(
    m,
    'show <key>',
    'a milestone, its progress and open estimate by day',
    'milestoneShow',
    'docket milestone show v2.4',
  );
  for (const [verb, fn, summary, example] of [
    ['add', 'milestoneAdd', 'add a milestone', 'docket milestone add v2.4 --due 2026-12-31 --name "Version 2.4"'],
    [
      'edit',
      'milestoneEdit',
      'rename (its tickets follow), describe or re-date a milestone',
      'docket milestone edit v2.4 --key v2.5 --due ""',
    ],
  ] as const) {
    const cmd = sub(m, `${verb} <key>`, summary, fn, example)
      .option('--name <name>', 'display name (default: the key)')
      .option('-m, --description <text>', 'description: TEXT, @file, or -')
      .option('--due <date>', `due date: YYYY-MM-DD, or a time with its zone${verb === 'edit' ? '; "" clears' : ''}`);
    if (verb === 'add') cmd.alias('new');
    else cmd.option('--key <new>', 'a new key; its tickets move with it');
  }
  sub(
    m,
    'close <key>',
    'close a milestone (its tickets stay as they are)',
    'milestoneClose',
    'docket milestone close v2.4',
  );
  sub(m, 'reopen <key>', 'reopen a closed milestone', 'milestoneReopen', 'docket milestone reopen v2.4');
  sub(
    m,
    'rm <key>',
    'delete a milestone: only when empty, or with --move-to',
    'milestoneRemove',
    'docket milestone rm v2.4 --move-to v2.5',
  )
    .alias('delete')
    .option('--move-to <key>', 'move its tickets to this milestone first');
}

export const planning: Group = {
  heading: 'Planning:',
  entries: [{ names: ['milestone', 'milestones'], declare: declarePlanning }],
};

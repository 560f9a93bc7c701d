import type { Command } from 'commander';
import { act, type Group, common, examples } from './common.js';

type Loader = () => Promise<Record<string, unknown>>;

/** A subcommand whose action is `load()[fn]`, with the common options and an example. */
function sub(group: Command, spec: string, summary: string, load: Loader, fn: string, example: string): Command {
  const [name, ...args] = spec.split(' ');
  const cmd = group.command(name!).summary(summary);
  for (const a of args) cmd.argument(a);
  examples(common(cmd), example);
  cmd.action(act(() => load().then((m) => m[fn] as never)));
  return cmd;
}

/** Schema and settings: entities, states and transitions, priorities, categories, options, audit, database. */
function declareAdmin(program: Command): void {
  const entity = program.command('entity').summary('people, teams and agents');
  const e = () => import('../commands/entity.js');
  sub(entity, 'list', 'list entities', e, 'entityList', 'docket entity list').alias('ls');
  sub(entity, 'get <slug>', 'show an entity', e, 'entityGet', 'docket entity get alice');
  for (const [verb, fn, summary] of [
    ['add', 'entityAdd', 'add an entity'],
    ['update', 'entityUpdate', 'rename an entity or change its kind'],
  ] as const) {
    sub(entity, `${verb} <slug>`, summary, e, fn, `docket entity ${verb} agent-7 --kind agent --name "Agent 7"`)
      .option('--name <name>', 'display name')
      .option('--kind <kind>', 'person, team or agent');
  }
  sub(entity, 'delete <slug>', 'delete an entity', e, 'entityDelete', 'docket entity delete bob --force')
    .alias('rm')
    .option('--force', 'unassign its tickets first');

  const state = program.command('state').summary('workflow states and transitions');
  const st = () => import('../commands/state.js');
  const typed = (cmd: Command) => cmd.option('-t, --type <type>', 'the ticket type (needed when there are several)');
  typed(sub(state, 'list', 'states in workflow order', st, 'stateList', 'docket state list -t bug')).alias('ls');
  typed(sub(state, 'add <state>', 'add a state', st, 'stateAdd', 'docket state add review -t task')).option(
    '--terminal',
    'a closing state',
  );
  typed(sub(state, 'delete <state>', 'delete an unused state', st, 'stateDelete', 'docket state delete review')).alias(
    'rm',
  );
  const transition = state.command('transition').summary('allowed moves between states');
  typed(sub(transition, 'list', 'list transitions', st, 'transitionList', 'docket state transition list')).alias('ls');
  typed(
    sub(transition, 'add <from> <to>', 'allow a move', st, 'transitionAdd', 'docket state transition add open closed'),
  );
  typed(
    sub(
      transition,
      'delete <from> <to>',
      'forbid a move',
      st,
      'transitionDelete',
      'docket state transition delete open closed',
    ),
  ).alias('rm');

  const priority = program.command('priority').summary('priorities, most urgent first');
  const pr = () => import('../commands/priority.js');
  sub(priority, 'list', 'list priorities', pr, 'priorityList', 'docket priority list').alias('ls');
  sub(
    priority,
    'add <slug> [position]',
    'add a priority (POSITION 1 = least urgent)',
    pr,
    'priorityAdd',
    'docket priority add critical 5',
  );
  sub(
    priority,
    'delete <slug>',
    'delete an unused priority',
    pr,
    'priorityDelete',
    'docket priority delete none',
  ).alias('rm');
  sub(
    priority,
    'rename <from> <to>',
    'rename a priority',
    pr,
    'priorityRename',
    'docket priority rename urgent critical',
  );

  const category = program.command('category').summary('categories');
  const ca = () => import('../commands/category.js');
  sub(category, 'list', 'list categories', ca, 'categoryList', 'docket category list').alias('ls');
  sub(category, 'add <slug>', 'add a category', ca, 'categoryAdd', 'docket category add support');
  sub(category, 'delete <slug>', 'delete a category', ca, 'categoryDelete', 'docket category delete support --force')
    .alias('rm')
    .option('--force', 'clear it from its tickets first');
  sub(
    category,
    'rename <from> <to>',
    'rename a category',
    ca,
    'categoryRename',
    'docket category rename ops operations',
  );

  const config = program.command('config').summary('project options');
  const co = () => import('../commands/config.js');
  sub(config, 'list', 'every option', co, 'configList', 'docket config list').alias('ls');
  sub(config, 'get <key>', "one option's value", co, 'configGet', 'docket config get default_priority');
  sub(config, 'set <key> <value>', 'set an option', co, 'configSet', 'docket config set require_operator true');

  const audit = program.command('audit').summary('the audit log');
  const au = () => import('../commands/audit.js');
  sub(audit, 'list', 'audit lines, oldest first', au, 'auditList', 'docket audit list --limit 20')
    .alias('ls')
    .option('--after-id <n>', 'cursor: lines after N')
    .option('--limit <n>', 'how many (default 100)');
  sub(audit, 'prune', 'drop old lines', au, 'auditPrune', 'docket audit prune --keep-days 7').option(
    '--keep-days <n>',
    'keep N days (default: audit_prune_keep_days)',
  );

  const db = program.command('db').summary('database upkeep');
  const d = () => import('../commands/db.js');
  sub(db, 'get <name>', 'read vacuum_mode or journal_mode', d, 'dbGet', 'docket db get journal_mode');
  sub(db, 'set <name> <value>', 'set vacuum_mode or journal_mode', d, 'dbSet', 'docket db set vacuum_mode incremental');
  sub(db, 'vacuum', 'reclaim free space (SQLite: also merges the search index)', d, 'dbVacuum', 'docket db vacuum');
  sub(db, 'backup <out>', 'copy the database safely while in use', d, 'dbBackup', 'docket db backup backup.db');
  sub(db, 'stats', 'size and free space', d, 'dbStats', 'docket db stats --json');
}

export const admin: Group = {
  heading: 'Project setup (BlinkDesk-compatible):',
  entries: [{ names: ['entity', 'state', 'priority', 'category', 'config', 'audit', 'db'], declare: declareAdmin }],
};

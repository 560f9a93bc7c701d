import type { Command } from 'commander';
import { act, collect, type Group, common, examples } from './common.js';
import { migrateEntry } from './migrate.js';

/** Getting started and moving data: init, start, projects, export, import, doctor, completion. */
function declareSetup(program: Command): void {
  examples(
    common(
      program
        .command('init')
        .summary('create the database and a project')
        .description(
          "Create .docket/docket.db here (or the -d file) with a project. The key is -p KEY, else the folder's name;\n" +
            "ticket ids are PREFIX-N (--prefix, else from the key). A schema file (BlinkDesk's format works\n" +
            'unchanged) sets the types, states, priorities and options; without one you get the four stompy types.',
        )
        .argument('[schema]', 'a schema file (TOML)')
        .option('--prefix <prefix>', 'ticket id prefix, e.g. DOC-')
        .option('--name <name>', "the project's display name")
        .action(act(() => import('../commands/init.js').then((m) => m.init))),
    ),
    'docket init',
    'docket -d tickets.db init schema.toml',
    'docket -p web init --prefix WEB-',
  );
  examples(
    common(
      program
        .command('start')
        .summary('set up Docket here if needed and show where things stand')
        .action(act(() => import('../commands/start.js').then((m) => m.start))),
    ),
    'docket start',
  );
  examples(
    common(
      program
        .command('projects')
        .summary('the projects in this database')
        .action(act(() => import('../commands/projects.js').then((m) => m.projects))),
    ),
    'docket projects --json',
  );
  examples(
    common(
      program
        .command('export')
        .summary('the whole project as JSON Lines (lossless)')
        .option('--out <file>', 'write to FILE instead of stdout')
        .action(act(() => import('../commands/export.js').then((m) => m.runExport))),
    ),
    'docket export > doc.jsonl',
    'docket export --out doc.jsonl',
  );
  examples(
    common(
      program
        .command('import')
        .summary('load an export or BlinkDesk database as a new project, or another tracker into this one')
        .description(
          [
            'Load a Docket export (JSONL, default: stdin) or a BlinkDesk database as a new project, or',
            'import another tracker into the current project (-p): --from github, linear, jira, beads,',
            "backlog or taskmaster. Statuses, types and priorities map onto the project's workflow by",
            'name and meaning; --dry-run shows the mapping, what is unmapped and the rule that maps it.',
            'Nothing is written while a value is unmapped or a record is unreadable. Importing the same',
            'source again updates the tickets it made (created / updated / unchanged). docs/import.md',
            'says how to produce each file.',
          ].join(' '),
        )
        .argument('[source]', "the export (default: stdin), the .db file, or the tracker's file or backlog/ folder")
        .option('--from <kind>', 'docket (default), blinkdesk, github, linear, jira, beads, backlog, taskmaster')
        .option('--dry-run', 'trackers: print the mapping and counts, write nothing')
        .option(
          '--map <rule>',
          "trackers: a mapping rule, e.g. 'status:Todo=backlog', 'type:Epic=-' (drop); repeatable",
          collect,
        )
        .option('--mapping <file>', 'trackers: a file of mapping rules, one per line (or JSON)')
        .option('--skip-bad', 'trackers: leave out (and list) records that cannot be read')
        .option('--drop-unmapped', 'trackers: leave out (and list) items with a value nothing maps')
        .option('--include-archived', 'trackers: import archived items too')
        .option('--include-prs', 'github: import pull requests too')
        .option('--base-url <url>', "jira, linear: the site, to keep each item's URL")
        .action(act(() => import('../commands/import.js').then((m) => m.runImport))),
    ),
    'docket -d new.db import doc.jsonl',
    'docket import --from blinkdesk ~/tickets.db',
    'docket -p web import --from github issues.json --dry-run',
    "docket -p web import --from linear export.csv --map 'status:Parked=backlog' --skip-bad",
    'docket -p web import --from backlog ~/code/app --json',
    'docket -p doc2 import < doc.jsonl',
  );
  examples(
    common(
      program
        .command('doctor')
        .summary('check the database, and repair what is safe to repair')
        .option('--fix', 'repair what can be repaired safely')
        .action(act(() => import('../commands/doctor.js').then((m) => m.runDoctor))),
    ),
    'docket doctor',
    'docket doctor --fix',
  );
  examples(
    common(
      program
        .command('completion')
        .summary('shell completion script')
        .argument('<shell>', 'bash, zsh or fish')
        .action(act(() => import('../commands/completion.js').then((m) => m.completion))),
    ),
    'source <(docket completion bash)',
    'docket completion fish > ~/.config/fish/completions/docket.fish',
  );
}

export const setup: Group = {
  heading: 'Setup and data:',
  entries: [
    { names: ['init', 'start', 'projects', 'export', 'import', 'doctor', 'completion'], declare: declareSetup },
    migrateEntry,
  ],
};

import type { Command } from 'commander';
import { act, common, type Entry, examples } from './common.js';

/** `docket migrate`: a whole store from SQLite to PostgreSQL or back. */
export const migrateEntry: Entry = {
  names: ['migrate'],
  declare(program: Command): void {
    examples(
      common(
        program
          .command('migrate')
          .summary('move the whole store (projects and tokens) to another database')
          .description(
            'Move every project (tickets, numbering, history, comments, links, entities, workflows, audit)\n' +
              'and every API token from one database to another: SQLite files and postgres:// URLs, either way.\n' +
              'All or nothing; a destination that already has one of the projects is refused. The source is\n' +
              'left as it was. Without --from, the database of -d (or the nearest .docket/docket.db).',
          )
          .option('--from <db>', 'the database to read: a SQLite file or a postgres:// URL')
          .option('--to <db>', 'the database to write: a SQLite file (created) or a postgres:// URL')
          .option('--no-verify', 'skip reading every project back from the destination')
          .action(act(() => import('../commands/migrate.js').then((m) => m.runMigrate))),
      ),
      'docket migrate --from .docket/docket.db --to postgres://docket@db.internal/tickets',
      'docket migrate --from postgres://docket@db.internal/tickets --to backup.db',
    );
  },
};

// SQLite only: a path may name any file, so Docket looks at what it holds before writing to it;
// a PostgreSQL URL names a server and a schema, never someone else's file.
import { DocketError } from '../../../domain/errors.js';
import type { SqliteDatabase } from '../driver.js';
import { APPLICATION_ID } from '../schema.js';

/**
 * What a file is, as far as Docket cares: its own database, one it may make its own (an empty file,
 * a SQLite file holding nothing), or something it must leave alone.
 */
export type FileKind = 'docket' | 'empty_file' | 'empty_sqlite' | 'blinkdesk' | 'other_sqlite' | 'not_sqlite';

/** The kinds a store opened with `create` turns into a Docket database; every other is refused untouched. */
export const BLANK_KINDS: readonly FileKind[] = ['empty_file', 'empty_sqlite'];

/** Looks at the file through `db` with reads only, so a refused file keeps its bytes and its mtime. */
export function fileKind(db: SqliteDatabase): FileKind {
  let appId: number;
  try {
    appId = db.pragma('application_id', { simple: true }) as number;
  } catch (e) {
    if ((e as { code?: unknown }).code === 'SQLITE_NOTADB') return 'not_sqlite';
    throw e;
  }
  if (appId === APPLICATION_ID) return 'docket';
  if ((db.pragma('page_count', { simple: true }) as number) === 0) return 'empty_file';
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  if (tables.some((t) => t.name === 'ticket_states')) return 'blinkdesk';
  // Another program's file with no tables yet still says so in its version number.
  if (!tables.length && (db.pragma('user_version', { simple: true }) as number) === 0) return 'empty_sqlite';
  return 'other_sqlite';
}

const WHAT: Readonly<Record<Exclude<FileKind, 'docket'>, string>> = {
  empty_file: 'is an empty file, not a Docket database',
  empty_sqlite: "is not a Docket database (it is a SQLite database without Docket's tables)",
  blinkdesk: 'is a BlinkDesk database',
  other_sqlite: "is not a Docket database (it is another program's SQLite database)",
  not_sqlite: 'is not a Docket database (it is not a SQLite file at all)',
};

/** A path as a shell word, so the command in a message can be pasted as it is. */
const word = (path: string) => (/^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`);

/** The refusal of a file that is not a Docket database; `details.notDocket` says what it is instead. */
export function notDocketError(path: string, kind: Exclude<FileKind, 'docket'>): DocketError {
  const todo =
    kind === 'blinkdesk'
      ? `import it into a Docket database with: docket import --from blinkdesk ${word(path)}`
      : BLANK_KINDS.includes(kind)
        ? `${kind === 'empty_file' ? 'create one' : 'make it one'} with: docket -d ${word(path)} init`
        : 'pass a Docket database with -d, or a path that does not exist yet to create one';
  return new DocketError('storage', `${path} ${WHAT[kind]}; ${todo}`, { path, notDocket: kind });
}

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Docket } from '../../core/docket.js';
import { DocketError, isDocketError } from '../../domain/errors.js';
import type { Project } from '../../domain/records.js';
import { parseSchemaFile, type SchemaFile } from '../../domain/schema-file.js';
import { defined } from '../input.js';
import { findDatabase, keyFromFolder, type Session } from '../session.js';

export interface InitOptions {
  readonly prefix?: string;
  readonly name?: string;
}

/** `DOCKET-` from `docket`, `MY-` from `my-app`: the first word of the key, at most eight letters. */
export function prefixFor(key: string): string {
  const word = key.split(/[-_]/)[0] ?? key;
  return `${word.slice(0, 8).toUpperCase()}-`;
}

/** The new project's key: -p/DOCKET_PROJECT, else the name of the folder holding the database. */
const keyFor = (s: Session, path: string) =>
  (s.globals.project ?? s.io.env.DOCKET_PROJECT ?? keyFromFolder(path)).toLowerCase();

async function readSchemaFile(path: string, prefix: string): Promise<SchemaFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new DocketError('not_found', `cannot read the schema file ${path}; check the path`, { path });
  }
  return parseSchemaFile(text, prefix);
}

/** Creates the project; the schema is the file's, else the four stompy types. */
export async function createProject(
  s: Session,
  docket: Docket,
  path: string,
  file: SchemaFile | undefined,
  o: InitOptions,
): Promise<Project> {
  const key = keyFor(s, path);
  try {
    return await docket.createProject(
      {
        key,
        ...defined({ name: o.name, prefix: o.prefix ?? (file ? undefined : prefixFor(key)) }),
        ...(file ? { schema: file.schema, entities: file.entities, categories: file.categories } : {}),
      },
      { actor: s.actor() },
    );
  } catch (e) {
    if (isDocketError(e) && e.code === 'already_exists') {
      throw new DocketError(
        'already_exists',
        `${s.shown(path)} already has a project '${key}'; add another with: docket -p OTHER init`,
        { project: key },
      );
    }
    throw e;
  }
}

/** Steps for a database found from here with one project of the four default types (`docket start`). */
export const nextSteps = [
  'docket new "Write the first ticket" -t task   create a ticket',
  'docket ls                                      list open tickets',
  'docket board                                   see the board',
  'docket --help                                  every command',
];

/** A word as a shell reads it back: as it is when safe, else in single quotes. */
const shellWord = (w: string) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`);

/** `-d` for the steps, unless the next command finds the same database by itself. */
function databaseFlag(s: Session, path: string): string[] {
  if (!/^[a-z]+:\/\//i.test(path)) return findDatabase(s.io.cwd) === path ? [] : ['-d', shellWord(s.shown(path))];
  const given = s.globals.db ?? s.globals.databasePath;
  // DOCKET_DB or BLINKDESK_DATABASE named it, and names it for the next commands too
  if (given === undefined) return [];
  const url = new URL(given);
  if (url.password) url.password = 'PASSWORD'; // never print a password
  return ['-d', shellWord(url.toString())];
}

/**
 * The "Next:" steps after init, made from the project just created so each runs as printed: its
 * real default type, `-d` when the database is not the one found from here, `-p` when it is not the
 * only project, `--as` when the project needs an operator (one it knows, with lock_entities).
 */
export async function nextStepsFor(s: Session, docket: Docket, path: string, key: string): Promise<string[]> {
  const where = [...databaseFlag(s, path), ...((await docket.projects()).length > 1 ? ['-p', shellWord(key)] : [])];
  const project = await docket.project(key, { actor: s.actor() });
  const { options } = await project.schema();
  const entities = (await project.entities()).map((e) => e.slug);
  const actor = s.actor();
  const known = (who: string | null) => who !== null && (!options.lock_entities || entities.includes(who));
  const needsOperator = options.require_operator || (actor !== null && !known(actor));
  const operator = known(actor) ? actor : options.lock_entities ? entities[0] : 'me';
  // no step to create a ticket when no one could: an operator is needed and no entity exists yet
  const as = !needsOperator ? [] : operator ? ['--as', shellWord(operator)] : undefined;
  const steps: [string[], string][] = [];
  if (as) {
    const create = ['new', '"Write the first ticket"', '-t', shellWord(options.default_type)];
    steps.push([[...where, ...as, ...create], 'create a ticket']);
  }
  steps.push(
    [[...where, 'ls'], 'list open tickets'],
    [[...where, 'board'], 'see the board'],
    [['--help'], 'every command'],
  );
  const lines = steps.map(([words, what]) => [`docket ${words.join(' ')}`, what] as const);
  const width = Math.max(...lines.map(([command]) => command.length));
  return lines.map(([command, what]) => `${command.padEnd(width)}   ${what}`);
}

/** `docket init [SCHEMA.toml] [--prefix P]`: creates the database (if needed) and a project in it. */
export async function init(s: Session, schemaPath: string | undefined, o: InitOptions): Promise<void> {
  const path = s.localDatabase();
  // Read the schema file before creating anything, so a bad file leaves no empty database behind.
  const file =
    schemaPath === undefined ? undefined : await readSchemaFile(schemaPath, o.prefix ?? prefixFor(keyFor(s, path)));
  const url = /^[a-z]+:\/\//i.test(path);
  const fresh = !url && !existsSync(path);
  const docket = await s.docket({ create: true, adopt: true, path });
  let project: Project;
  try {
    project = await createProject(s, docket, path, file, o);
  } catch (e) {
    await s.discardCreated();
    throw e;
  }
  if (s.json) return s.printJson({ database: url ? s.shown(path) : path, created: fresh, project });
  if (s.quiet) return s.out(project.key);
  const where = s.shown(path);
  s.out(
    `${fresh ? 'Created' : 'Using'} ${where} with project ${s.paint.bold(project.key)} (tickets ${project.prefix}1, ${project.prefix}2, …)`,
  );
  const steps = await nextStepsFor(s, docket, path, project.key);
  s.out(`\nNext:\n${steps.map((l) => `  ${l}`).join('\n')}`);
}

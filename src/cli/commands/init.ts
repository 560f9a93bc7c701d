import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Docket } from '../../core/docket.js';
import { DocketError, isDocketError } from '../../domain/errors.js';
import type { Project } from '../../domain/records.js';
import { parseSchemaFile, type SchemaFile } from '../../domain/schema-file.js';
import { defined } from '../input.js';
import { keyFromFolder, type Session } from '../session.js';

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

export const nextSteps = [
  'docket new "Write the first ticket" -t task   create a ticket',
  'docket ls                                      list open tickets',
  'docket board                                   see the board',
  'docket --help                                  every command',
];

/** `docket init [SCHEMA.toml] [--prefix P]`: creates the database (if needed) and a project in it. */
export async function init(s: Session, schemaPath: string | undefined, o: InitOptions): Promise<void> {
  const path = s.localDatabase();
  // Read the schema file before creating anything, so a bad file leaves no empty database behind.
  const file =
    schemaPath === undefined ? undefined : await readSchemaFile(schemaPath, o.prefix ?? prefixFor(keyFor(s, path)));
  const url = /^[a-z]+:\/\//i.test(path);
  const fresh = !url && !existsSync(path);
  const docket = await s.docket({ create: true, path });
  const project = await createProject(s, docket, path, file, o);
  if (s.json) return s.printJson({ database: url ? s.shown(path) : path, created: fresh, project });
  if (s.quiet) return s.out(project.key);
  const where = s.shown(path);
  s.out(
    `${fresh ? 'Created' : 'Using'} ${where} with project ${s.paint.bold(project.key)} (tickets ${project.prefix}1, ${project.prefix}2, …)`,
  );
  s.out(`\nNext:\n${nextSteps.map((l) => `  ${l}`).join('\n')}`);
}

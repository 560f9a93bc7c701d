import { DocketError } from '../domain/errors.js';
import { parseInput, type ProjectInput, ProjectInputSchema, SlugSchema } from '../domain/inputs.js';
import { defaultSchema, type ProjectSchema, schemaProblems } from '../domain/project-schema.js';
import type { Project } from '../domain/records.js';
import { iso } from '../domain/ticket.js';
import type { Store } from '../store/store.js';
import type { SchemaCache } from './context.js';

export interface NewProject extends ProjectInput {
  /** Types, workflows, priorities and options; default: the four stompy types. */
  readonly schema?: ProjectSchema;
  /** Entities and categories to start with (a schema file's lists). */
  readonly entities?: readonly string[];
  readonly categories?: readonly string[];
}

export async function listProjects(store: Store, cache: SchemaCache): Promise<Project[]> {
  return store.read(async (tx) => {
    const out: Project[] = [];
    for (const rec of await tx.projects.all()) {
      const schema = await cache.get(tx, rec);
      out.push({ key: rec.key, name: rec.name, prefix: schema.options.display_prefix, createdAt: iso(rec.createdAt)! });
    }
    return out;
  });
}

/** Creates a project with its schema, entities and categories in one transaction. */
export async function createProject(
  store: Store,
  input: NewProject,
  actor: string | null,
  now: number,
): Promise<Project> {
  const { schema: given, entities = [], categories = [], ...rest } = input;
  const p = parseInput(ProjectInputSchema, rest);
  const key = p.key.toLowerCase();
  const prefix = p.prefix ?? given?.options.display_prefix ?? `${key.toUpperCase()}-`;
  const base = given ?? defaultSchema(prefix);
  const schema: ProjectSchema = { ...base, options: { ...base.options, display_prefix: prefix } };
  const problems = schemaProblems(schema);
  if (problems.length) throw new DocketError('schema', problems.join('; '), { problems });
  const people = entities.map((e) => parseInput(SlugSchema, e, 'entities'));
  const groups = categories.map((c) => parseInput(SlugSchema, c, 'categories'));
  return store.write(async (tx) => {
    if (await tx.projects.byKey(key))
      throw new DocketError('already_exists', `project '${key}' exists`, { project: key });
    const id = await tx.projects.insert({ key, name: p.name ?? key, schema: JSON.stringify(schema), at: now });
    for (const slug of new Set(people))
      await tx.directory.putEntity(id, { slug, name: slug, kind: 'person', createdAt: now });
    for (const slug of new Set(groups)) await tx.directory.addCategory(id, { slug, createdAt: now });
    await tx.activity.addEvent({ projectId: id, ticketId: null, kind: 'project.created', actor, at: now });
    if (schema.options.audit_log)
      await tx.activity.addAudit({
        projectId: id,
        kind: 'project.created',
        actor,
        line: `Created project ${key} (${actor ?? 'system'})`,
        at: now,
      });
    return { key, name: p.name ?? key, prefix, createdAt: iso(now)! };
  });
}

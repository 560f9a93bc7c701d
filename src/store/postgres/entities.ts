import type { CategoryRecord, EntityRecord } from '../store.js';
import type { Statements } from './statements.js';

// A project's entities (people, teams, agents) and categories.

const ENTITY = 'SELECT slug, name, kind, created_at AS "createdAt" FROM entities';
const CATEGORY = 'SELECT slug, created_at AS "createdAt" FROM categories';

export function entities(s: Statements, projectId: number): Promise<EntityRecord[]> {
  return s.all<EntityRecord>(`${ENTITY} WHERE project_id = $1 ORDER BY slug`, projectId);
}

export function entity(s: Statements, projectId: number, slug: string): Promise<EntityRecord | undefined> {
  return s.one<EntityRecord>(`${ENTITY} WHERE project_id = $1 AND slug = $2`, projectId, slug);
}

export async function upsertEntity(s: Statements, projectId: number, e: EntityRecord): Promise<void> {
  await s.run(
    'INSERT INTO entities (project_id, slug, name, kind, created_at) VALUES ($1, $2, $3, $4, $5) ' +
      'ON CONFLICT (project_id, slug) DO UPDATE SET name = excluded.name, kind = excluded.kind',
    projectId,
    e.slug,
    e.name,
    e.kind,
    e.createdAt,
  );
}

export async function deleteEntity(s: Statements, projectId: number, slug: string): Promise<void> {
  await s.run('DELETE FROM entities WHERE project_id = $1 AND slug = $2', projectId, slug);
}

export function categories(s: Statements, projectId: number): Promise<CategoryRecord[]> {
  return s.all<CategoryRecord>(`${CATEGORY} WHERE project_id = $1 ORDER BY slug`, projectId);
}

export function category(s: Statements, projectId: number, slug: string): Promise<CategoryRecord | undefined> {
  return s.one<CategoryRecord>(`${CATEGORY} WHERE project_id = $1 AND slug = $2`, projectId, slug);
}

export async function insertCategory(s: Statements, projectId: number, slug: string, at: number): Promise<void> {
  await s.run('INSERT INTO categories (project_id, slug, created_at) VALUES ($1, $2, $3)', projectId, slug, at);
}

export async function renameCategory(s: Statements, projectId: number, from: string, to: string): Promise<void> {
  await s.run('UPDATE categories SET slug = $1 WHERE project_id = $2 AND slug = $3', to, projectId, from);
}

export async function deleteCategory(s: Statements, projectId: number, slug: string): Promise<void> {
  await s.run('DELETE FROM categories WHERE project_id = $1 AND slug = $2', projectId, slug);
}

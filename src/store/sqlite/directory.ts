import type { EntityKind } from '../../domain/records.js';
import type { CategoryRecord, DirectoryWriter, EntityRecord } from '../directory.js';
import type { Statements } from './statements.js';

const ENTITY = 'SELECT slug, name, kind, created_at AS createdAt FROM entities';
const CATEGORY = 'SELECT slug, created_at AS createdAt FROM categories';

/** Entities and categories of a project, by slug (slugs compare without case: `COLLATE NOCASE`). */
export class SqliteDirectory implements DirectoryWriter {
  constructor(private readonly s: Statements) {}

  async entities(projectId: number): Promise<EntityRecord[]> {
    return this.s.all<EntityRecord>(`${ENTITY} WHERE project_id = ? ORDER BY slug`, projectId);
  }

  async entity(projectId: number, slug: string): Promise<EntityRecord | undefined> {
    return this.s.one<EntityRecord>(`${ENTITY} WHERE project_id = ? AND slug = ?`, projectId, slug);
  }

  async categories(projectId: number): Promise<CategoryRecord[]> {
    return this.s.all<CategoryRecord>(`${CATEGORY} WHERE project_id = ? ORDER BY slug`, projectId);
  }

  async category(projectId: number, slug: string): Promise<CategoryRecord | undefined> {
    return this.s.one<CategoryRecord>(`${CATEGORY} WHERE project_id = ? AND slug = ?`, projectId, slug);
  }

  async putEntity(projectId: number, entity: EntityRecord): Promise<void> {
    this.s.run(
      'INSERT INTO entities (project_id, slug, name, kind, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET name = excluded.name, kind = excluded.kind',
      projectId,
      entity.slug,
      entity.name,
      entity.kind satisfies EntityKind,
      entity.createdAt,
    );
  }

  async deleteEntity(projectId: number, slug: string): Promise<void> {
    this.s.run('DELETE FROM entities WHERE project_id = ? AND slug = ?', projectId, slug);
  }

  async addCategory(projectId: number, category: CategoryRecord): Promise<void> {
    this.s.run(
      'INSERT INTO categories (project_id, slug, created_at) VALUES (?, ?, ?)',
      projectId,
      category.slug,
      category.createdAt,
    );
  }

  async renameCategory(projectId: number, from: string, to: string): Promise<void> {
    this.s.run('UPDATE categories SET slug = ? WHERE project_id = ? AND slug = ?', to, projectId, from);
  }

  async deleteCategory(projectId: number, slug: string): Promise<void> {
    this.s.run('DELETE FROM categories WHERE project_id = ? AND slug = ?', projectId, slug);
  }
}

import type { CategoryRecord, DirectoryWriter, EntityRecord } from '../directory.js';
import type { TxContext } from './statements.js';

// A project's entities (people, teams, agents) and categories.

const ENTITY = 'SELECT slug, name, kind, created_at AS "createdAt" FROM entities';
const CATEGORY = 'SELECT slug, created_at AS "createdAt" FROM categories';

export class PostgresDirectory implements DirectoryWriter {
  constructor(private readonly cx: TxContext) {}

  async entities(projectId: number): Promise<EntityRecord[]> {
    await this.cx.enter(projectId);
    return this.cx.s.all<EntityRecord>(`${ENTITY} WHERE project_id = $1 ORDER BY slug`, projectId);
  }

  async entity(projectId: number, slug: string): Promise<EntityRecord | undefined> {
    await this.cx.enter(projectId);
    return this.cx.s.one<EntityRecord>(`${ENTITY} WHERE project_id = $1 AND slug = $2`, projectId, slug);
  }

  async categories(projectId: number): Promise<CategoryRecord[]> {
    await this.cx.enter(projectId);
    return this.cx.s.all<CategoryRecord>(`${CATEGORY} WHERE project_id = $1 ORDER BY slug`, projectId);
  }

  async category(projectId: number, slug: string): Promise<CategoryRecord | undefined> {
    await this.cx.enter(projectId);
    return this.cx.s.one<CategoryRecord>(`${CATEGORY} WHERE project_id = $1 AND slug = $2`, projectId, slug);
  }

  async putEntity(projectId: number, e: EntityRecord): Promise<void> {
    await this.cx.enter(projectId);
    await this.cx.s.run(
      'INSERT INTO entities (project_id, slug, name, kind, created_at) VALUES ($1, $2, $3, $4, $5) ' +
        'ON CONFLICT (project_id, slug) DO UPDATE SET name = excluded.name, kind = excluded.kind',
      projectId,
      e.slug,
      e.name,
      e.kind,
      e.createdAt,
    );
  }

  async deleteEntity(projectId: number, slug: string): Promise<void> {
    await this.cx.enter(projectId);
    await this.cx.s.run('DELETE FROM entities WHERE project_id = $1 AND slug = $2', projectId, slug);
  }

  async addCategory(projectId: number, category: CategoryRecord): Promise<void> {
    await this.cx.enter(projectId);
    await this.cx.s.run(
      'INSERT INTO categories (project_id, slug, created_at) VALUES ($1, $2, $3)',
      projectId,
      category.slug,
      category.createdAt,
    );
  }

  async renameCategory(projectId: number, from: string, to: string): Promise<void> {
    await this.cx.enter(projectId);
    await this.cx.s.run('UPDATE categories SET slug = $1 WHERE project_id = $2 AND slug = $3', to, projectId, from);
  }

  async deleteCategory(projectId: number, slug: string): Promise<void> {
    await this.cx.enter(projectId);
    await this.cx.s.run('DELETE FROM categories WHERE project_id = $1 AND slug = $2', projectId, slug);
  }
}

import type { EntityKind } from '../domain/records.js';

/**
 * The names tickets refer to: entities (people, teams, agents) and categories. Priorities, states
 * and types are part of the project's schema document (`ProjectsReader.schema`).
 */

export interface EntityRecord {
  readonly slug: string;
  readonly name: string;
  readonly kind: EntityKind;
  readonly createdAt: number;
}

export interface CategoryRecord {
  readonly slug: string;
  readonly createdAt: number;
}

export interface DirectoryReader {
  entities(projectId: number): Promise<EntityRecord[]>;
  entity(projectId: number, slug: string): Promise<EntityRecord | undefined>;
  categories(projectId: number): Promise<CategoryRecord[]>;
  category(projectId: number, slug: string): Promise<CategoryRecord | undefined>;
}

export interface DirectoryWriter extends DirectoryReader {
  /** Adds the entity, or updates its name and kind. */
  putEntity(projectId: number, entity: EntityRecord): Promise<void>;
  deleteEntity(projectId: number, slug: string): Promise<void>;
  addCategory(projectId: number, category: CategoryRecord): Promise<void>;
  renameCategory(projectId: number, from: string, to: string): Promise<void>;
  deleteCategory(projectId: number, slug: string): Promise<void>;
}

/** Projects, their schema documents and their ticket counters. */

export interface ProjectRecord {
  readonly id: number;
  readonly key: string;
  readonly name: string;
  readonly schemaVersion: number;
  readonly createdAt: number;
}

export interface NewProject {
  readonly key: string;
  readonly name: string;
  /** The project's schema document (JSON text). */
  readonly schema: string;
  readonly at: number;
}

export interface ProjectsReader {
  byKey(key: string): Promise<ProjectRecord | undefined>;
  /** Every project, by key. */
  all(): Promise<ProjectRecord[]>;
  /** The project's schema document (JSON text), as last saved. */
  schema(projectId: number): Promise<string>;
}

export interface ProjectsWriter extends ProjectsReader {
  /** Creates the project with its counters; returns its id. */
  insert(project: NewProject): Promise<number>;
  /** Saves a new schema document and bumps the project's schema version. */
  saveSchema(projectId: number, schema: string): Promise<void>;
  /** The next ticket number, from the project's counter row in this transaction. */
  nextNumber(projectId: number): Promise<number>;
}

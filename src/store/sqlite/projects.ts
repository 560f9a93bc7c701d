import type { NewProject, ProjectRecord, ProjectsWriter } from '../projects.js';
import type { Statements } from './statements.js';

const PROJECT = 'SELECT id, key, name, schema_version AS schemaVersion, created_at AS createdAt FROM projects';

/** Projects, their schema documents and their ticket counters (one `counters` row each). */
export class SqliteProjects implements ProjectsWriter {
  constructor(private readonly s: Statements) {}

  async byKey(key: string): Promise<ProjectRecord | undefined> {
    return this.s.one<ProjectRecord>(`${PROJECT} WHERE key = ?`, key);
  }

  async all(): Promise<ProjectRecord[]> {
    return this.s.all<ProjectRecord>(`${PROJECT} ORDER BY key`);
  }

  async schema(projectId: number): Promise<string> {
    return this.s.one<{ schema: string }>('SELECT schema FROM projects WHERE id = ?', projectId)?.schema ?? '{}';
  }

  async insert(project: NewProject): Promise<number> {
    const id = this.s.insert(
      'INSERT INTO projects (key, name, schema, created_at) VALUES (?, ?, ?, ?)',
      project.key,
      project.name,
      project.schema,
      project.at,
    );
    this.s.run('INSERT INTO counters (project_id, last_number) VALUES (?, 0)', id);
    return id;
  }

  async saveSchema(projectId: number, schema: string): Promise<void> {
    this.s.run('UPDATE projects SET schema = ?, schema_version = schema_version + 1 WHERE id = ?', schema, projectId);
  }

  async nextNumber(projectId: number): Promise<number> {
    const row = this.s.one<{ n: number }>(
      'UPDATE counters SET last_number = last_number + 1 WHERE project_id = ? RETURNING last_number AS n',
      projectId,
    );
    return row!.n;
  }
}

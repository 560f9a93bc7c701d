import { DocketError } from '../../domain/errors.js';
import type { NewProject, ProjectRecord, ProjectsWriter } from '../projects.js';
import { projectSchemaDdl, tenantSchemaName } from './schema.js';
import { ident, literal, type TxContext } from './statements.js';

// Projects live in the main schema whatever the tenancy; reading one places it (its schema is
// remembered for the store's life) and enters it, so the transaction's next queries find its tables.

type ProjectRow = ProjectRecord & { tenant: string | null };
const PROJECT =
  'SELECT id, key, name, schema_version AS "schemaVersion", created_at AS "createdAt", tenant_schema AS tenant FROM projects';

export class PostgresProjects implements ProjectsWriter {
  constructor(private readonly cx: TxContext) {}

  async byKey(key: string): Promise<ProjectRecord | undefined> {
    const { s, writing, lockFirst } = this.cx;
    // Shared row lock in writes: a schema change (which takes it exclusively) waits for them, and they for it.
    // Inline when the key is plain (project keys are), so the transaction's BEGIN and this first query
    // of nearly every use case share one round trip.
    const lock = !writing ? '' : lockFirst ? ' FOR NO KEY UPDATE' : ' FOR SHARE';
    const sql = `${PROJECT} WHERE key = %${lock}`;
    const [row] = /^[A-Za-z0-9_-]{1,64}$/.test(key)
      ? await s.inline<ProjectRow>(sql.replace('%', literal(key)))
      : await s.all<ProjectRow>(sql.replace('%', '$1'), key);
    if (!row) return undefined;
    const rec = this.remember(row);
    if (writing && lockFirst) this.cx.exclusive.add(rec.id);
    await this.cx.enter(rec.id);
    return rec;
  }

  async all(): Promise<ProjectRecord[]> {
    return (await this.cx.s.all<ProjectRow>(`${PROJECT} ORDER BY key`)).map((r) => this.remember(r));
  }

  async schema(projectId: number): Promise<string> {
    const row = await this.cx.s.one<{ schema: string }>('SELECT schema FROM projects WHERE id = $1', projectId);
    return row?.schema ?? '{}';
  }

  async insert(project: NewProject): Promise<number> {
    const { s, place } = this.cx;
    const { key } = project;
    const tenant = place.tenancy === 'schema' ? tenantSchemaName(place.main, key) : null;
    const id = await s.insert(
      'INSERT INTO projects (key, name, schema, created_at, tenant_schema) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      key,
      project.name,
      project.schema,
      project.at,
      tenant,
    );
    await s.run('INSERT INTO counters (project_id) VALUES ($1)', id);
    await s.run('INSERT INTO event_clock (project_id) VALUES ($1)', id);
    if (tenant) {
      // A host may have created the schema already with projectSchemaDdl.
      const made = await s.one<{ reg: string | null }>(
        'SELECT to_regclass($1)::text AS reg',
        `${ident(tenant)}.tickets`,
      );
      if (!made?.reg) await s.exec(projectSchemaDdl(key, place.main));
    }
    place.projects.set(id, { key, tenant });
    this.cx.exclusive.add(id);
    this.cx.created.set(id, 0);
    await this.cx.enter(id);
    return id;
  }

  async saveSchema(projectId: number, schema: string): Promise<void> {
    await this.cx.lockProject(projectId);
    await this.cx.s.run(
      'UPDATE projects SET schema = $1, schema_version = schema_version + 1 WHERE id = $2',
      schema,
      projectId,
    );
  }

  async nextNumber(projectId: number): Promise<number> {
    const row = await this.cx.s.one<{ n: number }>(
      'UPDATE counters SET last_number = last_number + 1 WHERE project_id = $1 RETURNING last_number AS n',
      projectId,
    );
    if (!row) throw new DocketError('storage', 'the project has no ticket counter; run docket doctor', { projectId });
    return row.n;
  }

  private remember(row: ProjectRow): ProjectRecord {
    const { tenant, ...rec } = row;
    this.cx.place.projects.set(rec.id, { key: rec.key, tenant });
    return rec;
  }
}

import { DocketError } from '../../domain/errors.js';
import {
  globalV1,
  globalV2,
  referencesV2,
  tenantImportRefs,
  tenantSearchFields,
  tenantV1,
  tenantV2,
} from './only/ddl.js';
import { countSlots, deferredCounts } from './only/count-ddl.js';
import { openTicketIndexes } from './only/indexes.js';
import { ident, type Statements } from './statements.js';

const SCHEMA_NAME = /^[a-z_][a-z0-9_-]{0,29}$/;

export function checkSchemaName(name: string): string {
  if (!SCHEMA_NAME.test(name)) {
    throw new DocketError(
      'validation',
      `'${name}' cannot be Docket's schema: use 1-30 lowercase letters, digits, _ or -, starting with a letter or _`,
      { field: 'schema' },
    );
  }
  return name;
}

/** The schema a project's tables live in when each project has its own (stompy-ticketing's model). */
export const tenantSchemaName = (main: string, projectKey: string) => `${main}_${projectKey.toLowerCase()}`;

interface Migration {
  /** The main schema's own tables (quoted main schema name, search language). */
  readonly global: (m: string, language: string) => string;
  /** A project's tables in schema `s` (both names quoted). */
  readonly tenant: (s: string, m: string) => string;
}

/** Versioned migrations; index i takes the schema from version i to i + 1. Never edit a shipped one. */
const MIGRATIONS: readonly Migration[] = [
  { global: globalV1, tenant: tenantV1 },
  { global: () => '', tenant: referencesV2 },
  { global: () => '', tenant: tenantImportRefs },
  { global: globalV2, tenant: () => '' },
  { global: () => '', tenant: tenantV2 },
  { global: () => '', tenant: tenantSearchFields },
  { global: () => '', tenant: deferredCounts },
  { global: () => '', tenant: openTicketIndexes },
  { global: () => '', tenant: countSlots },
];

export const SCHEMA_VERSION = MIGRATIONS.length;
export const DEFAULT_SCHEMA = 'docket';
export const DEFAULT_LANGUAGE = 'simple';

/**
 * The DDL that creates a new project's own schema at the current version (per-project tenancy).
 * Docket runs it itself when it creates such a project; a host that provisions schemas can run it first.
 *
 * @example
 * await client.query(projectSchemaDdl('ops'));  // creates schema docket_ops with its tables
 */
export function projectSchemaDdl(projectKey: string, mainSchema = DEFAULT_SCHEMA): string {
  const m = ident(checkSchemaName(mainSchema));
  const s = ident(tenantSchemaName(mainSchema, projectKey));
  return `CREATE SCHEMA IF NOT EXISTS ${s};\n${MIGRATIONS.map((v) => v.tenant(s, m)).join('\n')}`;
}

/** The DDL that creates Docket's main schema from nothing, for hosts that run migrations themselves. */
export function mainSchemaDdl(mainSchema = DEFAULT_SCHEMA, searchLanguage = DEFAULT_LANGUAGE): string {
  const m = ident(checkSchemaName(mainSchema));
  const steps = MIGRATIONS.map((v) => v.global(m, searchLanguage) + v.tenant(m, m)).join('\n');
  return `CREATE SCHEMA IF NOT EXISTS ${m};\n${steps}\nINSERT INTO ${m}.meta (key, value) VALUES ('version', '${SCHEMA_VERSION}');`;
}

/** One lock for every Docket migration in the database: two instances starting at once take turns. */
const MIGRATION_LOCK = 0x444f434b;

export interface SchemaInfo {
  readonly searchLanguage: string;
  readonly unaccent: boolean;
}

/**
 * Brings the main schema (and every per-project schema) to the current version in one transaction,
 * or refuses: a newer Docket's schema, a schema holding something else, a different search language.
 */
export async function migrate(
  s: Statements,
  main: string,
  language: string | undefined,
  create = true,
): Promise<SchemaInfo> {
  const m = ident(main);
  await s.exec('BEGIN');
  try {
    await s.run('SELECT pg_advisory_xact_lock($1)', MIGRATION_LOCK);
    const meta = new Map<string, string>();
    const exists = await s.one<{ reg: string | null }>('SELECT to_regclass($1)::text AS reg', `${m}.meta`);
    if (exists?.reg) {
      for (const r of await s.all<{ key: string; value: string }>(`SELECT key, value FROM ${m}.meta`)) {
        meta.set(r.key, r.value);
      }
    } else {
      const other = await s.one<{ n: number }>('SELECT count(*) AS n FROM pg_tables WHERE schemaname = $1', main);
      if (other && other.n > 0) {
        throw new DocketError(
          'storage',
          `schema '${main}' already holds tables that are not Docket's; choose another schema for Docket`,
          { schema: main },
        );
      }
    }
    const version = Number(meta.get('version') ?? 0);
    if (version === 0 && !create) {
      throw new DocketError('not_found', `no Docket schema '${main}' in this database; create one with: docket init`, {
        schema: main,
      });
    }
    if (version > SCHEMA_VERSION) {
      throw new DocketError(
        'storage',
        `schema '${main}' was written by a newer Docket (schema v${version}; this one knows up to v${SCHEMA_VERSION}): upgrade Docket to open it`,
        { schema: main, version, supported: SCHEMA_VERSION },
      );
    }
    const stored = meta.get('search_language');
    if (language !== undefined && stored !== undefined && language !== stored) {
      throw new DocketError(
        'validation',
        `this store searches in '${stored}', fixed when it was created; drop the search language option or pass '${stored}'`,
        { field: 'searchLanguage', stored },
      );
    }
    const chosen = stored ?? language ?? DEFAULT_LANGUAGE;
    if (version === 0) await checkLanguage(s, chosen);
    if (version < SCHEMA_VERSION) {
      const tenants =
        version === 0
          ? []
          : await s.all<{ name: string }>(
              `SELECT tenant_schema AS name FROM ${m}.projects WHERE tenant_schema IS NOT NULL ORDER BY id`,
            );
      if (version === 0) await s.exec(`CREATE SCHEMA IF NOT EXISTS ${m}`);
      for (let v = version; v < SCHEMA_VERSION; v++) {
        const step = MIGRATIONS[v]!;
        await s.exec(step.global(m, chosen) + step.tenant(m, m));
        for (const t of tenants) await s.exec(step.tenant(ident(t.name), m));
      }
      await s.run(
        `INSERT INTO ${m}.meta (key, value) VALUES ('version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        String(SCHEMA_VERSION),
      );
    }
    const unaccent = await s.one<{ value: string }>(`SELECT value FROM ${m}.meta WHERE key = 'unaccent'`);
    await s.exec('COMMIT');
    return { searchLanguage: chosen, unaccent: unaccent?.value === 'yes' };
  } catch (e) {
    await s.exec('ROLLBACK').catch(() => {});
    throw e;
  }
}

async function checkLanguage(s: Statements, language: string): Promise<void> {
  const rows = await s.all<{ name: string }>(
    "SELECT cfgname AS name FROM pg_ts_config WHERE cfgnamespace = 'pg_catalog'::regnamespace ORDER BY 1",
  );
  if (!rows.some((r) => r.name === language)) {
    throw new DocketError(
      'validation',
      `'${language}' is not a PostgreSQL text search configuration; use one of: ${rows.map((r) => r.name).join(', ')}`,
      { field: 'searchLanguage' },
    );
  }
}

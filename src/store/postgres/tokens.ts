import type { TokenRecord, TokenRow } from '../store.js';
import { ident, literal, type Statements } from './statements.js';

// API tokens, kept in the main schema whatever the tenancy (a token may reach several projects).

const TOKEN =
  'SELECT id, hint, scope, entity, projects, note, created_at AS "createdAt", revoked_at AS "revokedAt" FROM tokens';

export function tokens(s: Statements): Promise<TokenRecord[]> {
  return s.all<TokenRecord>(`${TOKEN} ORDER BY id`);
}

export function tokenByHash(s: Statements, hash: string): Promise<TokenRecord | undefined> {
  return s.one<TokenRecord>(`${TOKEN} WHERE hash = $1`, hash);
}

export function insertToken(s: Statements, t: Omit<TokenRecord, 'id' | 'revokedAt'>, hash: string): Promise<number> {
  return s.insert(
    'INSERT INTO tokens (hash, hint, scope, entity, projects, note, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7) RETURNING id',
    hash,
    t.hint,
    t.scope,
    t.entity,
    JSON.stringify(t.projects),
    t.note,
    t.createdAt,
  );
}

export async function revokeToken(s: Statements, id: number, at: number): Promise<boolean> {
  return (await s.run('UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', at, id)) > 0;
}

export function tokenRows(s: Statements): Promise<TokenRow[]> {
  return s.all<TokenRow>(
    'SELECT id, hash, hint, scope, entity, projects, note, created_at AS "createdAt", revoked_at AS "revokedAt" FROM tokens ORDER BY id',
  );
}

/** A token as it was; a kept id moves the id generator past it, so later tokens do not collide. */
export async function restoreToken(s: Statements, main: string, t: TokenRow, keepId: boolean): Promise<number> {
  const table = `${ident(main)}.tokens`;
  const id = await s.insert(
    `INSERT INTO ${table} (id, hash, hint, scope, entity, projects, note, created_at, revoked_at) ` +
      "VALUES (coalesce($1, nextval(pg_get_serial_sequence($2, 'id'))), $3, $4, $5, $6, $7::jsonb, $8, $9, $10) RETURNING id",
    keepId ? t.id : null,
    table,
    t.hash,
    t.hint,
    t.scope,
    t.entity,
    JSON.stringify(t.projects),
    t.note,
    t.createdAt,
    t.revokedAt,
  );
  if (keepId) {
    await s.run(
      `SELECT setval(pg_get_serial_sequence(${literal(table)}, 'id'), greatest((SELECT max(id) FROM ${table}), 1))`,
    );
  }
  return id;
}

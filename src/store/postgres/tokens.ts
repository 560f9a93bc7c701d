import type { NewToken, TokenRecord, TokenRow, TokensWriter } from '../tokens.js';
import { ident, literal, type TxContext } from './statements.js';

// API tokens, kept in the main schema whatever the tenancy (a token may reach several projects).

const TOKEN =
  'SELECT id, hint, scope, entity, projects, note, created_at AS "createdAt", revoked_at AS "revokedAt" FROM tokens';

export class PostgresTokens implements TokensWriter {
  constructor(private readonly cx: TxContext) {}

  all(): Promise<TokenRecord[]> {
    return this.cx.s.all<TokenRecord>(`${TOKEN} ORDER BY id`);
  }

  byHash(hash: string): Promise<TokenRecord | undefined> {
    return this.cx.s.one<TokenRecord>(`${TOKEN} WHERE hash = $1`, hash);
  }

  rows(): Promise<TokenRow[]> {
    return this.cx.s.all<TokenRow>(
      'SELECT id, hash, hint, scope, entity, projects, note, created_at AS "createdAt", revoked_at AS "revokedAt" FROM tokens ORDER BY id',
    );
  }

  insert(t: NewToken): Promise<number> {
    return this.cx.s.insert(
      'INSERT INTO tokens (hash, hint, scope, entity, projects, note, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7) RETURNING id',
      t.hash,
      t.hint,
      t.scope,
      t.entity,
      JSON.stringify(t.projects),
      t.note,
      t.createdAt,
    );
  }

  async revoke(id: number, at: number): Promise<boolean> {
    return (await this.cx.s.run('UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', at, id)) > 0;
  }

  /** A token as it was; a kept id moves the id generator past it, so later tokens do not collide. */
  async restore(t: TokenRow, keepId: boolean): Promise<number> {
    const { s, place } = this.cx;
    const table = `${ident(place.main)}.tokens`;
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
}

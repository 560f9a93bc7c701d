import type { NewToken, TokenRecord, TokenRow, TokensWriter } from '../tokens.js';
import type { Statements } from './statements.js';

const TOKEN =
  'SELECT id, hint, scope, entity, projects, note, created_at AS createdAt, revoked_at AS revokedAt FROM tokens';
const TOKEN_ROW =
  'SELECT id, hash, hint, scope, entity, projects, note, created_at AS createdAt, revoked_at AS revokedAt FROM tokens';

/** A token row with its project list read back from JSON text. */
const toToken = <R extends { projects: string }>(r: R): Omit<R, 'projects'> & { projects: string[] } => ({
  ...r,
  projects: JSON.parse(r.projects) as string[],
});

type Stored<T> = Omit<T, 'projects'> & { projects: string };

/** API tokens, store-wide (not per project), found by the hash of their secret. */
export class SqliteTokens implements TokensWriter {
  constructor(private readonly s: Statements) {}

  async all(): Promise<TokenRecord[]> {
    return this.s.all<Stored<TokenRecord>>(`${TOKEN} ORDER BY id`).map(toToken);
  }

  async byHash(hash: string): Promise<TokenRecord | undefined> {
    const row = this.s.one<Stored<TokenRecord>>(`${TOKEN} WHERE hash = ?`, hash);
    return row && toToken(row);
  }

  async rows(): Promise<TokenRow[]> {
    return this.s.all<Stored<TokenRow>>(`${TOKEN_ROW} ORDER BY id`).map(toToken);
  }

  async insert(token: NewToken): Promise<number> {
    return this.s.insert(
      'INSERT INTO tokens (hash, hint, scope, entity, projects, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      token.hash,
      token.hint,
      token.scope,
      token.entity,
      JSON.stringify(token.projects),
      token.note,
      token.createdAt,
    );
  }

  async revoke(id: number, at: number): Promise<boolean> {
    return this.s.run('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', at, id).changes > 0;
  }

  /** Without `keepId` the id is bound as NULL, so SQLite hands out the next one. */
  async restore(token: TokenRow, keepId: boolean): Promise<number> {
    return this.s.insert(
      'INSERT INTO tokens (id, hash, hint, scope, entity, projects, note, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      keepId ? token.id : null,
      token.hash,
      token.hint,
      token.scope,
      token.entity,
      JSON.stringify(token.projects),
      token.note,
      token.createdAt,
      token.revokedAt,
    );
  }
}

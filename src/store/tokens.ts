/** API tokens: stored by the hash of their secret, never the secret itself. */

export interface TokenRecord {
  readonly id: number;
  /** The first characters of the secret, to tell tokens apart in listings. */
  readonly hint: string;
  readonly scope: string;
  readonly entity: string | null;
  /** Project keys the token reaches (JSON in storage). */
  readonly projects: readonly string[];
  readonly note: string | null;
  readonly createdAt: number;
  readonly revokedAt: number | null;
}

/** A token with its stored hash: what a whole-store migration copies. */
export interface TokenRow extends TokenRecord {
  readonly hash: string;
}

export type NewToken = Omit<TokenRow, 'id' | 'revokedAt'>;

export interface TokensReader {
  /** Every token, by id. */
  all(): Promise<TokenRecord[]>;
  byHash(hash: string): Promise<TokenRecord | undefined>;
  /** Every token with its hash, for moving a whole store. */
  rows(): Promise<TokenRow[]>;
}

export interface TokensWriter extends TokensReader {
  insert(token: NewToken): Promise<number>;
  /** Whether a token that was live is now revoked. */
  revoke(id: number, at: number): Promise<boolean>;
  /** Writes a token as it was (hash, scope, revocation); `keepId` keeps its id. Returns the id. */
  restore(token: TokenRow, keepId: boolean): Promise<number>;
}

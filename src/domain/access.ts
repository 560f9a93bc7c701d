/** What a token may do: `read` sees, `write` also changes tickets, `admin` also changes a project's setup. */
export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export function scopeAllows(has: Scope, needs: Scope): boolean {
  return SCOPES.indexOf(has) >= SCOPES.indexOf(needs);
}

/** A token as listed (never its secret). */
export interface TokenInfo {
  readonly id: number;
  readonly hint: string;
  readonly scope: Scope;
  /** The entity the token acts as; history records it. */
  readonly entity: string | null;
  /** Project keys it reaches; `*` reaches every project. */
  readonly projects: readonly string[];
  readonly note: string | null;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export function tokenReaches(token: Pick<TokenInfo, 'projects'>, project: string): boolean {
  return token.projects.includes('*') || token.projects.includes(project.toLowerCase());
}

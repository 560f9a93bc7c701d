import { createHash, randomBytes } from 'node:crypto';
import { SCOPES, type Scope, type TokenInfo } from '../domain/access.js';
import { notFound } from '../domain/errors.js';
import { parseInput, SlugSchema } from '../domain/inputs.js';
import { iso } from '../domain/ticket.js';
import type { Store, TokenRecord } from '../store/store.js';
import { z } from 'zod';

const TokenInputSchema = z.strictObject({
  projects: z.array(z.string().trim().min(1).max(32)).min(1, 'name at least one project (or *)'),
  scope: z.enum(SCOPES),
  entity: SlugSchema.nullable().optional(),
  note: z.string().max(200).optional(),
});
export type TokenInput = z.input<typeof TokenInputSchema>;

const PREFIX = 'dkt_';
/** Secrets are 32 random bytes, so a fast hash is enough: nothing to brute-force. */
const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

const toInfo = (t: TokenRecord): TokenInfo => ({
  id: t.id,
  hint: t.hint,
  scope: t.scope as Scope,
  entity: t.entity,
  projects: t.projects,
  note: t.note,
  createdAt: iso(t.createdAt)!,
  revokedAt: iso(t.revokedAt),
});

/** Creates a token; the secret is returned once and only its hash is stored. */
export async function createToken(store: Store, raw: TokenInput, now: number): Promise<TokenInfo & { secret: string }> {
  const input = parseInput(TokenInputSchema, raw);
  const projects = [...new Set(input.projects.map((p) => p.toLowerCase()))];
  const secret = PREFIX + randomBytes(32).toString('base64url');
  return store.write(async (tx) => {
    for (const key of projects) {
      if (key !== '*' && !(await tx.projects.byKey(key))) throw notFound('project', `'${key}'`, { project: key });
    }
    const record = {
      hint: secret.slice(0, PREFIX.length + 6),
      scope: input.scope,
      entity: input.entity ?? null,
      projects,
      note: input.note ?? null,
      createdAt: now,
    };
    const id = await tx.tokens.insert({ ...record, hash: hashOf(secret) });
    return { ...toInfo({ ...record, id, revokedAt: null }), secret };
  });
}

export function listTokens(store: Store): Promise<TokenInfo[]> {
  return store.read(async (tx) => (await tx.tokens.all()).map(toInfo));
}

export function revokeToken(store: Store, id: number, now: number): Promise<void> {
  return store.write(async (tx) => {
    if (!(await tx.tokens.revoke(id, now))) throw notFound('token', `${id} (or it was already revoked)`, { token: id });
  });
}

/** The live token behind a secret, or null for an unknown or revoked one. */
export function authenticate(store: Store, secret: string): Promise<TokenInfo | null> {
  if (!secret.startsWith(PREFIX) || secret.length > 200) return Promise.resolve(null);
  return store.read(async (tx) => {
    const t = await tx.tokens.byHash(hashOf(secret));
    return t && t.revokedAt === null ? toInfo(t) : null;
  });
}

/** Whether any live token exists: without one, loopback requests are allowed (local use). */
export function hasTokens(store: Store): Promise<boolean> {
  return store.read(async (tx) => (await tx.tokens.all()).some((t) => t.revokedAt === null));
}

import type { ReplyRecord } from '../store.js';
import type { Statements } from './statements.js';

/** Stored responses of idempotent requests (HTTP `Idempotency-Key`), shared by every instance on the database. */

export function reply(s: Statements, key: string): Promise<ReplyRecord | undefined> {
  return s.one<ReplyRecord>(
    'SELECT key, fingerprint, reply, created_at AS "createdAt" FROM replies WHERE key = $1',
    key,
  );
}

export async function putReply(
  s: Statements,
  key: string,
  fingerprint: string,
  body: string | null,
  at: number,
): Promise<void> {
  await s.run(
    'INSERT INTO replies (key, fingerprint, reply, created_at) VALUES ($1, $2, $3, $4) ' +
      'ON CONFLICT (key) DO UPDATE SET fingerprint = excluded.fingerprint, reply = excluded.reply, created_at = excluded.created_at',
    key,
    fingerprint,
    body,
    at,
  );
}

export async function deleteReply(s: Statements, key: string): Promise<void> {
  await s.run('DELETE FROM replies WHERE key = $1', key);
}

export function pruneReplies(s: Statements, before: number): Promise<number> {
  return s.run('DELETE FROM replies WHERE created_at < $1', before);
}

// Idempotency keys of creates (the library's `idempotencyKey`), per project.

export function idempotent(s: Statements, projectId: number, key: string) {
  return s.one<{ requestHash: string; ticketId: number }>(
    'SELECT request_hash AS "requestHash", ticket_id AS "ticketId" FROM idempotency WHERE project_id = $1 AND key = $2',
    projectId,
    key,
  );
}

export async function putIdempotent(
  s: Statements,
  projectId: number,
  key: string,
  requestHash: string,
  ticketId: number,
  at: number,
): Promise<void> {
  await s.run(
    'INSERT INTO idempotency (project_id, key, request_hash, ticket_id, created_at) VALUES ($1, $2, $3, $4, $5)',
    projectId,
    key,
    requestHash,
    ticketId,
    at,
  );
}

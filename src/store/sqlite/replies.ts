import type { ReplyRecord } from '../store.js';
import type { Statements } from './statements.js';

/** Stored responses of idempotent requests (HTTP `Idempotency-Key`), shared by every process on the file. */

export function reply(s: Statements, key: string): ReplyRecord | undefined {
  return s.one<ReplyRecord>('SELECT key, fingerprint, reply, created_at AS createdAt FROM replies WHERE key = ?', key);
}

export function putReply(s: Statements, key: string, fingerprint: string, body: string | null, at: number): void {
  s.run(
    'INSERT INTO replies (key, fingerprint, reply, created_at) VALUES (?, ?, ?, ?) ' +
      'ON CONFLICT (key) DO UPDATE SET fingerprint = excluded.fingerprint, reply = excluded.reply, created_at = excluded.created_at',
    key,
    fingerprint,
    body,
    at,
  );
}

export function deleteReply(s: Statements, key: string): void {
  s.run('DELETE FROM replies WHERE key = ?', key);
}

export function pruneReplies(s: Statements, before: number): number {
  return s.run('DELETE FROM replies WHERE created_at < ?', before).changes;
}

import type { CreatedByKey, IdempotencyRow, RepliesWriter, ReplyRecord } from '../replies.js';
import type { Statements } from './statements.js';

/**
 * What makes a retried request safe: the tickets idempotent creates made (`idempotency`, per
 * project), and stored responses of idempotent HTTP requests (`replies`, shared by every process on
 * the file).
 */
export class SqliteReplies implements RepliesWriter {
  constructor(private readonly s: Statements) {}

  async get(key: string): Promise<ReplyRecord | undefined> {
    return this.s.one<ReplyRecord>(
      'SELECT key, fingerprint, reply, created_at AS createdAt FROM replies WHERE key = ?',
      key,
    );
  }

  async created(projectId: number, key: string): Promise<{ requestHash: string; ticketId: number } | undefined> {
    return this.s.one<{ requestHash: string; ticketId: number }>(
      'SELECT request_hash AS requestHash, ticket_id AS ticketId FROM idempotency WHERE project_id = ? AND key = ?',
      projectId,
      key,
    );
  }

  async createdPage(projectId: number, afterKey: string, limit: number): Promise<IdempotencyRow[]> {
    return this.s.all<IdempotencyRow>(
      'SELECT i.key, i.request_hash AS requestHash, t.number AS ticketNumber, i.created_at AS createdAt ' +
        'FROM idempotency i JOIN tickets t ON t.id = i.ticket_id WHERE i.project_id = ? AND i.key > ? ORDER BY i.key LIMIT ?',
      projectId,
      afterKey,
      limit,
    );
  }

  async put(reply: ReplyRecord): Promise<void> {
    this.s.run(
      'INSERT INTO replies (key, fingerprint, reply, created_at) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT (key) DO UPDATE SET fingerprint = excluded.fingerprint, reply = excluded.reply, created_at = excluded.created_at',
      reply.key,
      reply.fingerprint,
      reply.reply,
      reply.createdAt,
    );
  }

  async delete(key: string): Promise<void> {
    this.s.run('DELETE FROM replies WHERE key = ?', key);
  }

  async prune(before: number): Promise<number> {
    return this.s.run('DELETE FROM replies WHERE created_at < ?', before).changes;
  }

  async putCreated(created: CreatedByKey): Promise<void> {
    this.s.run(
      'INSERT INTO idempotency (project_id, key, request_hash, ticket_id, created_at) VALUES (?, ?, ?, ?, ?)',
      created.projectId,
      created.key,
      created.requestHash,
      created.ticketId,
      created.at,
    );
  }
}

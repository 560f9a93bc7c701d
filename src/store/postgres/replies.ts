import type { CreatedByKey, IdempotencyRow, RepliesWriter, ReplyRecord } from '../replies.js';
import type { TxContext } from './statements.js';

// Stored responses of idempotent requests (HTTP `Idempotency-Key`), in the main schema and shared by
// every instance on the database; and the idempotency keys of creates (the library's
// `idempotencyKey`), per project.

export class PostgresReplies implements RepliesWriter {
  constructor(private readonly cx: TxContext) {}

  get(key: string): Promise<ReplyRecord | undefined> {
    return this.cx.s.one<ReplyRecord>(
      'SELECT key, fingerprint, reply, created_at AS "createdAt" FROM replies WHERE key = $1',
      key,
    );
  }

  async put(r: ReplyRecord): Promise<void> {
    await this.cx.s.run(
      'INSERT INTO replies (key, fingerprint, reply, created_at) VALUES ($1, $2, $3, $4) ' +
        'ON CONFLICT (key) DO UPDATE SET fingerprint = excluded.fingerprint, reply = excluded.reply, created_at = excluded.created_at',
      r.key,
      r.fingerprint,
      r.reply,
      r.createdAt,
    );
  }

  async delete(key: string): Promise<void> {
    await this.cx.s.run('DELETE FROM replies WHERE key = $1', key);
  }

  prune(before: number): Promise<number> {
    return this.cx.s.run('DELETE FROM replies WHERE created_at < $1', before);
  }

  async created(projectId: number, key: string): Promise<{ requestHash: string; ticketId: number } | undefined> {
    await this.cx.enter(projectId);
    return this.cx.s.one<{ requestHash: string; ticketId: number }>(
      'SELECT request_hash AS "requestHash", ticket_id AS "ticketId" FROM idempotency WHERE project_id = $1 AND key = $2',
      projectId,
      key,
    );
  }

  /** The ticket by number, so an export never depends on this database's row ids. */
  async createdPage(projectId: number, afterKey: string, limit: number): Promise<IdempotencyRow[]> {
    await this.cx.enter(projectId);
    return this.cx.s.all<IdempotencyRow>(
      'SELECT i.key, i.request_hash AS "requestHash", t.number AS "ticketNumber", i.created_at AS "createdAt" ' +
        'FROM idempotency i JOIN tickets t ON t.id = i.ticket_id WHERE i.project_id = $1 AND i.key > $2 ORDER BY i.key LIMIT $3',
      projectId,
      afterKey,
      limit,
    );
  }

  async putCreated(c: CreatedByKey): Promise<void> {
    await this.cx.enter(c.projectId);
    await this.cx.s.run(
      'INSERT INTO idempotency (project_id, key, request_hash, ticket_id, created_at) VALUES ($1, $2, $3, $4, $5)',
      c.projectId,
      c.key,
      c.requestHash,
      c.ticketId,
      c.at,
    );
  }
}

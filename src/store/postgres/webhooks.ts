import type {
  DeliveryLease,
  DeliveryOutcome,
  DeliveryRecord,
  NewDelivery,
  NewWebhook,
  WebhookChange,
  WebhookRecord,
  WebhooksWriter,
} from '../webhooks.js';
import type { TxContext } from './statements.js';

// Webhook subscriptions and deliveries, kept in the main schema whatever the tenancy. Many servers
// may share the database: `take` and `claim` lock rows with SKIP LOCKED, so each subscription is
// planned by one process at a time and each due delivery is leased by one.

const HOOK =
  'SELECT id, project_id AS "projectId", url, kinds, filter_type AS "filterType", filter_label AS "filterLabel", secret, ' +
  'format, active, paused_reason AS "pausedReason", cursor, created_at AS "createdAt" FROM webhooks';
/** A delivery's columns, each qualified by `t` (claim's UPDATE joins another relation with an id). */
const deliveryColumns = (t: string) =>
  `${t}.id, ${t}.uid, ${t}.webhook_id AS "webhookId", ${t}.event_id AS "eventId", ${t}.kind, ${t}.status, ` +
  `${t}.attempts, ${t}.next_at AS "nextAt", ${t}.last_error AS "lastError", ${t}.response_code AS "responseCode", ` +
  `${t}.last_at AS "lastAt", ${t}.created_at AS "createdAt"`;
const DELIVERY = `SELECT ${deliveryColumns('d')} FROM webhook_deliveries d`;

export class PostgresWebhooks implements WebhooksWriter {
  constructor(private readonly cx: TxContext) {}

  list(projectId?: number): Promise<WebhookRecord[]> {
    return projectId === undefined
      ? this.cx.s.all<WebhookRecord>(`${HOOK} ORDER BY id`)
      : this.cx.s.all<WebhookRecord>(`${HOOK} WHERE project_id = $1 ORDER BY id`, projectId);
  }

  get(id: number): Promise<WebhookRecord | undefined> {
    return this.cx.s.one<WebhookRecord>(`${HOOK} WHERE id = $1`, id);
  }

  deliveries(webhookId: number, limit: number, before?: number): Promise<DeliveryRecord[]> {
    return this.cx.s.all<DeliveryRecord>(
      `${DELIVERY} WHERE d.webhook_id = $1 AND d.id < $2 ORDER BY d.id DESC LIMIT $3`,
      webhookId,
      before ?? Number.MAX_SAFE_INTEGER,
      limit,
    );
  }

  delivery(id: number): Promise<DeliveryRecord | undefined> {
    return this.cx.s.one<DeliveryRecord>(`${DELIVERY} WHERE d.id = $1`, id);
  }

  insert(w: NewWebhook): Promise<number> {
    return this.cx.s.insert(
      'INSERT INTO webhooks (project_id, url, kinds, filter_type, filter_label, secret, format, active, paused_reason, cursor, created_at) ' +
        'VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id',
      w.projectId,
      w.url,
      JSON.stringify(w.kinds),
      w.filterType,
      w.filterLabel,
      w.secret,
      w.format,
      w.active,
      w.pausedReason,
      w.cursor,
      w.createdAt,
    );
  }

  async update(id: number, c: WebhookChange): Promise<boolean> {
    const sets: string[] = [];
    const values: unknown[] = [id];
    const set = (column: string, value: unknown) => {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    };
    if (c.active !== undefined) set('active', c.active);
    if (c.pausedReason !== undefined) set('paused_reason', c.pausedReason);
    if (c.cursor !== undefined) set('cursor', c.cursor);
    if (!sets.length) return (await this.get(id)) !== undefined;
    return (await this.cx.s.run(`UPDATE webhooks SET ${sets.join(', ')} WHERE id = $1`, ...values)) > 0;
  }

  async remove(id: number): Promise<boolean> {
    await this.cx.s.run('DELETE FROM webhook_deliveries WHERE webhook_id = $1', id);
    return (await this.cx.s.run('DELETE FROM webhooks WHERE id = $1', id)) > 0;
  }

  take(id: number): Promise<WebhookRecord | undefined> {
    return this.cx.s.one<WebhookRecord>(`${HOOK} WHERE id = $1 AND active FOR UPDATE SKIP LOCKED`, id);
  }

  async enqueue(deliveries: readonly NewDelivery[]): Promise<void> {
    if (!deliveries.length) return;
    await this.cx.s.run(
      'INSERT INTO webhook_deliveries (uid, webhook_id, event_id, kind, status, attempts, next_at, created_at) ' +
        "SELECT u, w, e, k, 'pending', 0, c, c FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::bigint[]) " +
        'WITH ORDINALITY AS r(u, w, e, k, c, i) ORDER BY i ON CONFLICT (webhook_id, event_id) DO NOTHING',
      deliveries.map((d) => d.uid),
      deliveries.map((d) => d.webhookId),
      deliveries.map((d) => d.eventId),
      deliveries.map((d) => d.kind),
      deliveries.map((d) => d.createdAt),
    );
  }

  /** A head another process is leasing right now is skipped, not waited for. */
  claim(lease: DeliveryLease, limit: number): Promise<DeliveryRecord[]> {
    return this.cx.s
      .all<DeliveryRecord>(
        'WITH head AS (SELECT d.id, d.webhook_id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id ' +
          "WHERE w.active AND d.status = 'pending' AND d.next_at <= $1 AND (d.lease_until IS NULL OR d.lease_until <= $1) " +
          "AND NOT EXISTS (SELECT 1 FROM webhook_deliveries o WHERE o.webhook_id = d.webhook_id AND o.status = 'pending' AND o.id < d.id) " +
          'ORDER BY d.next_at, d.id LIMIT 1 FOR UPDATE OF d SKIP LOCKED), ' +
          'run AS (SELECT r.id FROM webhook_deliveries r, head ' +
          "WHERE r.webhook_id = head.webhook_id AND r.status = 'pending' AND r.id >= head.id AND r.next_at <= $1 ORDER BY r.id LIMIT $4) " +
          `UPDATE webhook_deliveries x SET lease_until = $2, lease_token = $3 FROM run WHERE x.id = run.id RETURNING ${deliveryColumns('x')}`,
        lease.now,
        lease.until,
        lease.token,
        limit,
      )
      .then((rows) => rows.sort((a, b) => a.id - b.id));
  }

  async settle(outcomes: readonly DeliveryOutcome[], token: string | null): Promise<number> {
    if (!outcomes.length) return 0;
    const c = outcomes.map((o) => o.change);
    return this.cx.s.run(
      'UPDATE webhook_deliveries d SET status = o.status, attempts = o.attempts, next_at = o.next_at, last_error = o.last_error, ' +
        'response_code = o.response_code, last_at = o.last_at, lease_until = NULL, lease_token = NULL ' +
        'FROM unnest($1::bigint[], $2::text[], $3::int[], $4::bigint[], $5::text[], $6::int[], $7::bigint[]) ' +
        'AS o(id, status, attempts, next_at, last_error, response_code, last_at) ' +
        'WHERE d.id = o.id AND ($8::text IS NULL OR d.lease_token = $8)',
      outcomes.map((o) => o.id),
      c.map((x) => x.status),
      c.map((x) => x.attempts),
      c.map((x) => x.nextAt),
      c.map((x) => x.lastError),
      c.map((x) => x.responseCode),
      c.map((x) => x.lastAt),
      token,
    );
  }

  prune(before: number): Promise<number> {
    return this.cx.s.run("DELETE FROM webhook_deliveries WHERE status <> 'pending' AND last_at < $1", before);
  }
}

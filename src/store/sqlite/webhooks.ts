import type {
  DeliveryLease,
  DeliveryOutcome,
  DeliveryRecord,
  NewDelivery,
  NewWebhook,
  WebhookChange,
  WebhookFormat,
  WebhookRecord,
  WebhooksWriter,
} from '../webhooks.js';
import type { Statements } from './statements.js';

// Webhook subscriptions and deliveries, store-wide tables keyed by project. SQLite runs one write
// transaction at a time (BEGIN IMMEDIATE), so a claim is atomic without row locks.

const HOOK =
  'SELECT id, project_id AS projectId, url, kinds, filter_type AS filterType, filter_label AS filterLabel, secret, ' +
  'format, active, paused_reason AS pausedReason, cursor, created_at AS createdAt FROM webhooks';
const DELIVERY =
  'SELECT id, uid, webhook_id AS webhookId, event_id AS eventId, kind, status, attempts, next_at AS nextAt, ' +
  'last_error AS lastError, response_code AS responseCode, last_at AS lastAt, created_at AS createdAt FROM webhook_deliveries';

interface HookRow extends Omit<WebhookRecord, 'kinds' | 'active' | 'format'> {
  readonly kinds: string;
  readonly active: number;
  readonly format: string;
}

const toHook = (r: HookRow): WebhookRecord => ({
  ...r,
  kinds: JSON.parse(r.kinds) as string[],
  active: r.active === 1,
  format: r.format as WebhookFormat,
});

export class SqliteWebhooks implements WebhooksWriter {
  constructor(private readonly s: Statements) {}

  async list(projectId?: number): Promise<WebhookRecord[]> {
    const rows =
      projectId === undefined
        ? this.s.all<HookRow>(`${HOOK} ORDER BY id`)
        : this.s.all<HookRow>(`${HOOK} WHERE project_id = ? ORDER BY id`, projectId);
    return rows.map(toHook);
  }

  async get(id: number): Promise<WebhookRecord | undefined> {
    const row = this.s.one<HookRow>(`${HOOK} WHERE id = ?`, id);
    return row && toHook(row);
  }

  async deliveries(webhookId: number, limit: number, before?: number): Promise<DeliveryRecord[]> {
    return this.s.all<DeliveryRecord>(
      `${DELIVERY} WHERE webhook_id = ? AND id < ? ORDER BY id DESC LIMIT ?`,
      webhookId,
      before ?? Number.MAX_SAFE_INTEGER,
      limit,
    );
  }

  async delivery(id: number): Promise<DeliveryRecord | undefined> {
    return this.s.one<DeliveryRecord>(`${DELIVERY} WHERE id = ?`, id);
  }

  async insert(w: NewWebhook): Promise<number> {
    return this.s.insert(
      'INSERT INTO webhooks (project_id, url, kinds, filter_type, filter_label, secret, format, active, paused_reason, cursor, created_at) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      w.projectId,
      w.url,
      JSON.stringify(w.kinds),
      w.filterType,
      w.filterLabel,
      w.secret,
      w.format,
      w.active ? 1 : 0,
      w.pausedReason,
      w.cursor,
      w.createdAt,
    );
  }

  async update(id: number, c: WebhookChange): Promise<boolean> {
    const sets: string[] = [];
    const values: unknown[] = [];
    if (c.active !== undefined) sets.push('active = ?') && values.push(c.active ? 1 : 0);
    if (c.pausedReason !== undefined) sets.push('paused_reason = ?') && values.push(c.pausedReason);
    if (c.cursor !== undefined) sets.push('cursor = ?') && values.push(c.cursor);
    if (!sets.length) return (await this.get(id)) !== undefined;
    return this.s.run(`UPDATE webhooks SET ${sets.join(', ')} WHERE id = ?`, ...values, id).changes > 0;
  }

  async remove(id: number): Promise<boolean> {
    this.s.run('DELETE FROM webhook_deliveries WHERE webhook_id = ?', id);
    return this.s.run('DELETE FROM webhooks WHERE id = ?', id).changes > 0;
  }

  async take(id: number): Promise<WebhookRecord | undefined> {
    const row = this.s.one<HookRow>(`${HOOK} WHERE id = ? AND active = 1`, id);
    return row && toHook(row);
  }

  async enqueue(deliveries: readonly NewDelivery[]): Promise<void> {
    for (const d of deliveries) {
      this.s.run(
        'INSERT OR IGNORE INTO webhook_deliveries (uid, webhook_id, event_id, kind, status, attempts, next_at, created_at) ' +
          "VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)",
        d.uid,
        d.webhookId,
        d.eventId,
        d.kind,
        d.createdAt,
        d.createdAt,
      );
    }
  }

  async claim(lease: DeliveryLease, limit: number): Promise<DeliveryRecord[]> {
    const head = this.s.one<{ id: number; webhookId: number }>(
      'SELECT d.id, d.webhook_id AS webhookId FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id ' +
        "WHERE w.active = 1 AND d.status = 'pending' AND d.next_at <= ? AND (d.lease_until IS NULL OR d.lease_until <= ?) " +
        "AND NOT EXISTS (SELECT 1 FROM webhook_deliveries o WHERE o.webhook_id = d.webhook_id AND o.status = 'pending' AND o.id < d.id) " +
        'ORDER BY d.next_at, d.id LIMIT 1',
      lease.now,
      lease.now,
    );
    if (!head) return [];
    const run = this.s.all<DeliveryRecord>(
      `${DELIVERY} WHERE webhook_id = ? AND status = 'pending' AND id >= ? AND next_at <= ? ORDER BY id LIMIT ?`,
      head.webhookId,
      head.id,
      lease.now,
      limit,
    );
    for (const d of run) {
      this.s.run(
        'UPDATE webhook_deliveries SET lease_until = ?, lease_token = ? WHERE id = ?',
        lease.until,
        lease.token,
        d.id,
      );
    }
    return run;
  }

  async settle(outcomes: readonly DeliveryOutcome[], token: string | null): Promise<number> {
    let n = 0;
    for (const { id, change: c } of outcomes) {
      n += this.s.run(
        'UPDATE webhook_deliveries SET status = ?, attempts = ?, next_at = ?, last_error = ?, response_code = ?, last_at = ?, ' +
          'lease_until = NULL, lease_token = NULL WHERE id = ? AND (? IS NULL OR lease_token = ?)',
        c.status,
        c.attempts,
        c.nextAt,
        c.lastError,
        c.responseCode,
        c.lastAt,
        id,
        token,
        token,
      ).changes;
    }
    return n;
  }

  async prune(before: number): Promise<number> {
    return this.s.run("DELETE FROM webhook_deliveries WHERE status <> 'pending' AND last_at < ?", before).changes;
  }
}

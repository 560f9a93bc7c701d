import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { invalid, notFound } from '../domain/errors.js';
import { EVENT_KINDS, type EventKind } from '../domain/events.js';
import { parseInput, SlugSchema } from '../domain/inputs.js';
import { workflowOf } from '../domain/project-schema.js';
import { iso } from '../domain/ticket.js';
import type { DeliveryRecord, StoreReader, WebhookFormat, WebhookRecord } from '../store/store.js';
import { type Loaded, projectRead, projectWrite, type Scope } from './context.js';
import { webhookRequest } from './webhook-payload.js';
import { post, refusedAddress } from './webhook-send.js';

/** A subscription as every face shows it: the secret is never shown again after it is made. */
export interface WebhookInfo {
  readonly id: number;
  readonly project: string;
  readonly url: string;
  /** Event kinds it wants; empty for every kind. */
  readonly events: readonly string[];
  readonly type: string | null;
  readonly label: string | null;
  readonly format: WebhookFormat;
  readonly active: boolean;
  readonly pausedReason: string | null;
  /** The first characters of the secret, to tell secrets apart. */
  readonly secretHint: string;
  readonly createdAt: string;
}

export interface DeliveryInfo {
  readonly id: number;
  /** What receivers see in `Docket-Delivery` (the same on every attempt). */
  readonly deliveryId: string;
  readonly webhook: number;
  readonly event: number;
  readonly kind: string;
  readonly status: DeliveryRecord['status'];
  readonly attempts: number;
  /** When the next attempt is due (pending deliveries only). */
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly responseCode: number | null;
  readonly lastAttemptAt: string | null;
  readonly createdAt: string;
}

const SHORT_KINDS = EVENT_KINDS.map((k) => k.replace(/^ticket\./, ''));

/** `created` is short for `ticket.created`; every other kind is written in full. */
export function eventKind(name: string): EventKind {
  const k = name.trim().toLowerCase();
  const full = (EVENT_KINDS as readonly string[]).includes(k) ? k : `ticket.${k}`;
  if (!(EVENT_KINDS as readonly string[]).includes(full)) {
    throw invalid(`unknown event kind '${name}'; kinds: ${SHORT_KINDS.join(', ')}`, {
      field: 'events',
      value: name,
      allowed: EVENT_KINDS,
    });
  }
  return full as EventKind;
}

const WebhookInputSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).max(2000),
  events: z.array(z.string().min(1).max(64)).max(EVENT_KINDS.length).optional(),
  secret: z.string().min(16, 'a secret takes at least 16 characters').max(200).optional(),
  format: z.enum(['json', 'slack']).optional(),
  type: SlugSchema.nullable().optional(),
  label: SlugSchema.nullable().optional(),
});
export type WebhookInput = z.input<typeof WebhookInputSchema>;

export const toWebhookInfo = (p: { key: string }, w: WebhookRecord): WebhookInfo => ({
  id: w.id,
  project: p.key,
  url: w.url,
  events: w.kinds,
  type: w.filterType,
  label: w.filterLabel,
  format: w.format,
  active: w.active,
  pausedReason: w.pausedReason,
  secretHint: `${w.secret.slice(0, 10)}…`,
  createdAt: iso(w.createdAt)!,
});

export const toDeliveryInfo = (d: DeliveryRecord): DeliveryInfo => ({
  id: d.id,
  deliveryId: d.uid,
  webhook: d.webhookId,
  event: d.eventId,
  kind: d.kind,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.status === 'pending' ? iso(d.nextAt) : null,
  lastError: d.lastError,
  responseCode: d.responseCode,
  lastAttemptAt: iso(d.lastAt),
  createdAt: iso(d.createdAt)!,
});

/** A new secret: 24 random bytes, prefixed so that it is recognisable in a config file. */
export const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

/** Checks a subscription's input against the project (its types) and the target rules. */
export function checkWebhook(p: Loaded, raw: WebhookInput) {
  const input = parseInput(WebhookInputSchema, raw);
  const kinds = [...new Set((input.events ?? []).map(eventKind))];
  if (input.type) workflowOf(p.schema, input.type);
  const host = new URL(input.url).hostname.replace(/^\[|\]$/g, '');
  const why = refusedAddress(host, p.schema.options.webhook_allow_private === true);
  if (why && /^[\d.:a-f]+$/i.test(host))
    throw invalid(`cannot send webhooks to ${input.url}: ${why}`, { field: 'url' });
  return { ...input, kinds };
}

/** The subscription with this id in the scope's project, or not_found naming the ones there are. */
export async function webhookOf(tx: StoreReader, p: Loaded, id: number): Promise<WebhookRecord> {
  const w = Number.isSafeInteger(id) ? await tx.webhooks.get(id) : undefined;
  if (!w || w.projectId !== p.rec.id) {
    const ids = (await tx.webhooks.list(p.rec.id)).map((x) => x.id);
    throw notFound(
      'webhook',
      `${id} in project ${p.rec.key}${ids.length ? `; its webhooks: ${ids.join(', ')}` : '; it has none (add one with: docket webhook add URL)'}`,
      { webhook: id, project: p.rec.key },
    );
  }
  return w;
}

export function listWebhooks(scope: Scope): Promise<WebhookInfo[]> {
  return projectRead(scope, async (tx, p) => (await tx.webhooks.list(p.rec.id)).map((w) => toWebhookInfo(p.rec, w)));
}

export function getWebhook(scope: Scope, id: number): Promise<WebhookInfo> {
  return projectRead(scope, async (tx, p) => toWebhookInfo(p.rec, await webhookOf(tx, p, id)));
}

/** A page of a subscription's delivery log, newest first. */
export function listDeliveries(
  scope: Scope,
  id: number,
  options: { readonly limit?: number; readonly before?: number } = {},
): Promise<DeliveryInfo[]> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 20), 1), 500);
  return projectRead(scope, async (tx, p) => {
    const w = await webhookOf(tx, p, id);
    return (await tx.webhooks.deliveries(w.id, limit, options.before)).map(toDeliveryInfo);
  });
}

const opening = (operation: string) => ({ operation, operatorRequired: false });

/**
 * Subscribes a URL to the project's changes from now on (earlier events are not sent). The secret is
 * returned this once; without one, a new one is made.
 */
export function addWebhook(scope: Scope, raw: WebhookInput): Promise<WebhookInfo & { secret: string }> {
  return projectWrite(scope, opening('webhook add'), async ({ tx, p, at }) => {
    const input = checkWebhook(p, raw);
    const secret = input.secret ?? newSecret();
    const record = {
      projectId: p.rec.id,
      url: input.url,
      kinds: input.kinds,
      filterType: input.type ?? null,
      filterLabel: input.label ?? null,
      secret,
      format: input.format ?? 'json',
      active: true,
      pausedReason: null,
      cursor: await tx.activity.lastEventId(p.rec.id),
      createdAt: at,
    } as const;
    const id = await tx.webhooks.insert(record);
    return { ...toWebhookInfo(p.rec, { ...record, id }), secret };
  });
}

/** Deletes a subscription and its delivery log. */
export function removeWebhook(scope: Scope, id: number): Promise<void> {
  return projectWrite(scope, opening('webhook rm'), async ({ tx, p }) => {
    await tx.webhooks.remove((await webhookOf(tx, p, id)).id);
  });
}

/**
 * Pauses (`active` false) or resumes a subscription. Paused, its events still queue up and nothing
 * is sent; resumed, it picks up where it stopped, in order.
 */
export function setWebhookActive(scope: Scope, id: number, active: boolean, reason?: string): Promise<WebhookInfo> {
  return projectWrite(scope, opening(active ? 'webhook resume' : 'webhook pause'), async ({ tx, p }) => {
    const w = await webhookOf(tx, p, id);
    const pausedReason = active ? null : (reason ?? 'paused by hand');
    await tx.webhooks.update(w.id, { active, pausedReason });
    return toWebhookInfo(p.rec, { ...w, active, pausedReason });
  });
}

/** Sends a delivery again (whatever its status), as it was, with the same delivery id, at its place in order. */
export function redeliver(scope: Scope, deliveryId: number): Promise<DeliveryInfo> {
  return projectWrite(scope, opening('webhook redeliver'), async ({ tx, p, at }) => {
    const d = Number.isSafeInteger(deliveryId) ? await tx.webhooks.delivery(deliveryId) : undefined;
    const w = d && (await tx.webhooks.get(d.webhookId));
    if (!d || !w || w.projectId !== p.rec.id) {
      throw notFound(
        'delivery',
        `${deliveryId} in project ${p.rec.key}; list them with: docket webhook deliveries ID`,
        {
          delivery: deliveryId,
          project: p.rec.key,
        },
      );
    }
    const change = {
      status: 'pending',
      attempts: 0,
      nextAt: at,
      lastError: d.lastError,
      responseCode: d.responseCode,
      lastAt: d.lastAt,
    } as const;
    await tx.webhooks.settle([{ id: d.id, change }], null);
    return toDeliveryInfo({ ...d, ...change });
  });
}

export interface PingResult {
  readonly ok: boolean;
  readonly deliveryId: string;
  readonly responseCode: number | null;
  readonly error: string | null;
  readonly ms: number;
}

/** Sends a signed `ping` event to the subscription now, outside the queue, and says how it went. */
export async function pingWebhook(scope: Scope, id: number, timeoutMs = 10_000): Promise<PingResult> {
  const { hook, key, allowPrivate } = await projectRead(scope, async (tx, p) => ({
    hook: await webhookOf(tx, p, id),
    key: p.rec.key,
    allowPrivate: p.schema.options.webhook_allow_private === true,
  }));
  const deliveryId = randomUUID();
  const now = scope.now();
  const payload = {
    id: deliveryId,
    event: 'ping',
    project: key,
    eventId: 0,
    actor: scope.actor,
    at: iso(now)!,
    ticket: null,
    changes: [],
  };
  const req = webhookRequest(payload, hook.format, hook.secret, now);
  const started = Date.now();
  const r = await post(hook.url, req.headers, req.body, { timeoutMs, allowPrivate });
  const ok = r.status !== null && r.status >= 200 && r.status < 300;
  return { ok, deliveryId, responseCode: r.status, error: r.error, ms: Date.now() - started };
}

import type { DeliveryInfo, WebhookInfo } from '../../core/webhooks.js';
import { AlreadyReported, UsageError } from '../errors.js';
import { intArg } from '../input.js';
import { shortTime, table } from '../render.js';
import type { Session } from '../session.js';

export interface WebhookAddOptions {
  readonly events?: string;
  readonly secret?: string;
  /** `--format`, renamed so it is not read as the output format (see declare/server.ts). */
  readonly hookFormat?: string;
  readonly type?: string;
  readonly label?: string;
}

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** `docket webhook add URL`: subscribes a URL to the project's changes; the secret is printed once. */
export async function webhookAdd(s: Session, url: string, o: WebhookAddOptions): Promise<void> {
  const format = o.hookFormat?.toLowerCase();
  if (format !== undefined && format !== 'json' && format !== 'slack') {
    throw new UsageError(`--format takes json or slack, not '${o.hookFormat}'`);
  }
  const events = list(o.events);
  const hook = await (await s.project()).addWebhook({
    url,
    ...(events ? { events } : {}),
    ...(o.secret !== undefined ? { secret: o.secret } : {}),
    ...(format ? { format: format as 'json' | 'slack' } : {}),
    ...(o.type !== undefined ? { type: o.type } : {}),
    ...(o.label !== undefined ? { label: o.label } : {}),
  });
  if (s.json) return s.printJson(hook);
  if (s.quiet) return s.out(String(hook.id));
  s.out(hook.secret);
  s.note(
    `Webhook ${hook.id}: ${describe(hook)}. The line above is its signing secret, shown only now: give it to ` +
      'the receiver to check Docket-Signature (docs/webhooks.md). Send a test with: docket webhook test ' +
      `${hook.id}. Deliveries go out from docket serve or docket webhooks run.`,
  );
}

function describe(w: WebhookInfo): string {
  const what = w.events.length ? w.events.join(', ') : 'every event';
  const only = [w.type && `type ${w.type}`, w.label && `label ${w.label}`].filter(Boolean).join(', ');
  return `${what}${only ? ` (${only})` : ''} to ${w.url}${w.format === 'slack' ? ' as Slack messages' : ''}`;
}

/** `docket webhook ls`: the project's webhooks, paused ones with the reason. */
export async function webhookList(s: Session): Promise<void> {
  const hooks = await (await s.project()).webhooks();
  if (s.json) return s.printJson(hooks);
  if (s.quiet) return s.lines(hooks.map((h) => String(h.id)));
  if (!hooks.length) return s.note('no webhooks; add one with: docket webhook add https://example.com/hook');
  s.out(
    table(
      [
        { header: 'ID' },
        { header: 'STATE' },
        { header: 'EVENTS' },
        { header: 'FORMAT' },
        { header: 'URL', flex: true },
      ],
      hooks.map((h) => [
        String(h.id),
        h.active ? 'active' : 'paused',
        h.events.length ? h.events.join(',') : 'all',
        h.format,
        h.url + [h.type && ` type=${h.type}`, h.label && ` label=${h.label}`].filter(Boolean).join(''),
      ]),
      s.width,
      s.paint,
    ),
  );
  for (const h of hooks) if (!h.active && h.pausedReason) s.note(`webhook ${h.id} paused: ${h.pausedReason}`);
}

const idOf = (id: string, what = 'ID') => intArg(id, what, 1)!;

export async function webhookRemove(s: Session, id: string): Promise<void> {
  await (await s.project()).removeWebhook(idOf(id));
  s.done({ id: Number(id), removed: true }, id, `Removed webhook ${id} and its delivery log`);
}

export async function webhookPause(s: Session, id: string, o: { readonly reason?: string }): Promise<void> {
  const hook = await (await s.project()).pauseWebhook(idOf(id), o.reason);
  s.done(hook, id, `Paused webhook ${id}: its events wait, in order, until: docket webhook resume ${id}`);
}

export async function webhookResume(s: Session, id: string): Promise<void> {
  const hook = await (await s.project()).resumeWebhook(idOf(id));
  s.done(hook, id, `Resumed webhook ${id}: what waited goes out first, in order`);
}

/** `docket webhook test ID`: a signed ping now, outside the queue. */
export async function webhookTest(s: Session, id: string): Promise<void> {
  const r = await (await s.project()).testWebhook(idOf(id));
  if (s.json) s.printJson(r);
  else if (r.ok) s.out(`ping ${r.deliveryId}: ${r.responseCode} in ${r.ms} ms`);
  else s.err(`docket: ping to webhook ${id} failed: ${r.error}`);
  if (!r.ok) throw new AlreadyReported();
}

export async function webhookDeliveries(
  s: Session,
  id: string,
  o: { readonly limit?: string; readonly before?: string },
) {
  const rows = await (await s.project()).webhookDeliveries(idOf(id), {
    limit: intArg(o.limit, '--limit', 1) ?? 20,
    ...(o.before !== undefined ? { before: idOf(o.before, '--before') } : {}),
  });
  if (s.json) return s.printJson(rows);
  if (s.quiet) return s.lines(rows.map((d) => String(d.id)));
  if (!rows.length) return s.note(`no deliveries yet for webhook ${id}`);
  s.out(
    table(
      [
        { header: 'ID' },
        { header: 'EVENT' },
        { header: 'STATUS' },
        { header: 'TRIES' },
        { header: 'CODE' },
        { header: 'LAST' },
        { header: 'ERROR / NEXT', flex: true },
      ],
      rows.map((d) => [
        String(d.id),
        `${d.event} ${d.kind}`,
        d.status,
        String(d.attempts),
        d.responseCode === null ? '-' : String(d.responseCode),
        d.lastAttemptAt ? shortTime(d.lastAttemptAt) : '-',
        detail(d),
      ]),
      s.width,
      s.paint,
    ),
  );
}

function detail(d: DeliveryInfo): string {
  const next = d.nextAttemptAt ? `next ${shortTime(d.nextAttemptAt)}` : '';
  return [d.lastError, next].filter(Boolean).join('; ') || '-';
}

export async function webhookRedeliver(s: Session, deliveryId: string): Promise<void> {
  const d = await (await s.project()).redeliver(idOf(deliveryId, 'DELIVERY'));
  s.done(d, deliveryId, `Delivery ${deliveryId} (${d.deliveryId}) queued again; it goes out in its place in order`);
}

/**
 * `docket webhooks run`: delivers webhooks until stopped (Ctrl-C), for stores nobody serves; with
 * `--once`, sends what is due now and exits.
 */
export async function webhooksRun(s: Session, o: { readonly once?: boolean }): Promise<void> {
  const docket = await s.docket();
  const timeout = intArg(s.io.env.DOCKET_WEBHOOK_TIMEOUT_MS, 'DOCKET_WEBHOOK_TIMEOUT_MS', 1);
  const worker = docket.webhookWorker({
    ...(timeout ? { timeoutMs: timeout } : {}),
    onError: (e) => s.err(`docket: webhooks: ${(e as Error).message}`),
  });
  if (o.once) {
    const n = await worker.drain();
    return s.done({ attempted: n }, String(n), `Attempted ${n} deliveries`);
  }
  worker.start();
  s.note('docket: delivering webhooks; Ctrl-C to stop');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await worker.stop();
}

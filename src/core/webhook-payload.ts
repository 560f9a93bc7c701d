import type { Ticket } from '../domain/ticket.js';
import { signature } from './webhook-send.js';

/** What a webhook POSTs: one event, with the ticket as REST shows it now (docs/webhooks.md). */
export interface WebhookPayload {
  /** The delivery id, the same as the `Docket-Delivery` header. */
  readonly id: string;
  /** The event kind (`ticket.moved`, …), or `ping` for `docket webhook test`. */
  readonly event: string;
  readonly project: string;
  /** The event's position in the project's change feed. */
  readonly eventId: number;
  readonly actor: string | null;
  readonly at: string;
  /** The ticket as it is when the delivery is made (null for project events or a ticket gone). */
  readonly ticket: Ticket | null;
  readonly changes: readonly { readonly field: string; readonly old: string | null; readonly new: string | null }[];
}

const VERBS: Record<string, string> = {
  'ticket.created': 'created',
  'ticket.updated': 'updated',
  'ticket.moved': 'moved',
  'ticket.commented': 'commented on',
  'ticket.linked': 'linked',
  'ticket.unlinked': 'unlinked',
  'ticket.claimed': 'claimed',
  'ticket.released': 'released',
};

/** One line for a chat channel, e.g. `DOC-4 moved by alice: Fix login (status: todo → doing)`. */
export function slackText(p: WebhookPayload): string {
  const by = p.actor ? ` by ${p.actor}` : '';
  if (p.event === 'ping') return `Docket webhook test for project ${p.project}`;
  if (!p.ticket) return `[${p.project}] ${p.event}${by}`;
  const what = p.changes
    .filter((c) => c.field !== 'version')
    .slice(0, 3)
    .map((c) => `${c.field}: ${c.old ?? '∅'} → ${c.new ?? '∅'}`)
    .join(', ');
  const verb = VERBS[p.event] ?? p.event;
  return `${p.ticket.id} ${verb}${by}: ${p.ticket.title}${what ? ` (${what.slice(0, 300)})` : ''}`;
}

/** The body and headers of one request, signed at `now`. */
export function webhookRequest(
  payload: WebhookPayload,
  format: 'json' | 'slack',
  secret: string,
  now: number,
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(format === 'slack' ? { text: slackText(payload) } : payload);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Docket-Webhooks/1',
      'docket-delivery': payload.id,
      'docket-event': payload.event,
      'docket-signature': signature(secret, body, Math.floor(now / 1000)),
    },
  };
}

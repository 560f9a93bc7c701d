import { z } from 'zod';
import type { Project } from '../../core/docket.js';
import { changesSince } from '../../core/recent.js';
import type { ChangeEvent } from '../../domain/events.js';
import { invalid, isDocketError } from '../../domain/errors.js';
import type { Ticket } from '../../domain/ticket.js';
import { card, when } from '../render.js';
import { type PromptDef, projectArg, text } from './prompt.js';

const MAX_CHANGES = 500;
const MAX_TICKETS = 60;
const UNITS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `24h`, `90m`, `7d`, `2w`, a date (`2025-01-31`, midnight UTC) or an ISO time → epoch ms. */
export function parseSince(value: string | undefined, now: number): number {
  const v = (value ?? '24h').trim().toLowerCase();
  const relative = /^(\d{1,5})\s*([mhdw])$/.exec(v);
  if (relative) return now - Number(relative[1]) * UNITS[relative[2]!]!;
  const at = /^\d{4}-\d{2}-\d{2}/.test(v)
    ? Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v.toUpperCase())
    : Number.NaN;
  if (Number.isNaN(at)) {
    throw invalid(`since: '${value}' is not a time; use 24h, 90m, 7d or a date like 2025-01-31`, { field: 'since' });
  }
  return at;
}

/** One ticket's changes on a line: `created, triage→in_progress, 2 comments, title, priority (by alice, bob)`. */
function summary(events: readonly ChangeEvent[]): string {
  const parts: string[] = [];
  if (events.some((e) => e.kind === 'ticket.created')) parts.push('created');
  const moves = events.flatMap((e) => e.changes.filter((c) => c.field === 'status'));
  if (moves.length) parts.push(`${moves[0]!.old ?? '∅'}→${moves[moves.length - 1]!.new ?? '∅'}`);
  const comments = events.filter((e) => e.kind === 'ticket.commented').length;
  if (comments) parts.push(`${comments} comment${comments > 1 ? 's' : ''}`);
  const fields = new Set(
    events.flatMap((e) => e.changes.map((c) => c.field)).filter((f) => !['status', 'comment', 'created'].includes(f)),
  );
  parts.push(...fields);
  const actors = [...new Set(events.map((e) => e.actor ?? 'anonymous'))];
  return `${parts.join(', ') || 'changed'} (by ${actors.join(', ')})`;
}

async function ticketOf(doc: Project, id: string): Promise<Ticket | null> {
  try {
    return await doc.get(id);
  } catch (e) {
    if (isDocketError(e) && e.code === 'not_found') return null;
    throw e;
  }
}

export const standupPrompt: PromptDef = {
  name: 'standup',
  title: 'Standup',
  description: 'What changed since a time, per assignee.',
  args: {
    since: z.string().optional().describe('24h (default), 7d, or a date like 2025-01-31'),
    assignee: z.string().optional().describe('only this assignee’s tickets'),
    project: projectArg,
  },
  complete: { since: 'since', assignee: 'entity', project: 'project' },
  async run(a, call) {
    const doc = await call.project(a.project, 'read');
    const since = parseSince(a.since, call.docket.now());
    const { events, complete } = await changesSince(doc, since, MAX_CHANGES);
    const byTicket = new Map<string, ChangeEvent[]>();
    for (const e of events) if (e.ticket) byTicket.set(e.ticket, [...(byTicket.get(e.ticket) ?? []), e]);
    const who = a.assignee?.trim().replace(/^@/, '').toLowerCase();
    const groups = new Map<string, string[]>();
    let shown = 0;
    const last = (evs: readonly ChangeEvent[]) => evs[evs.length - 1]!.id;
    for (const [id, evs] of [...byTicket].sort((x, y) => last(y[1]) - last(x[1]))) {
      if (shown === MAX_TICKETS) break;
      const t = await ticketOf(doc, id);
      if (!t || (who !== undefined && who !== '' && t.assignee !== who)) continue;
      const key = t.assignee ? `@${t.assignee}` : 'unassigned';
      groups.set(key, [...(groups.get(key) ?? []), `${card(t)} — ${summary(evs)}`]);
      shown++;
    }
    const from = `${when(new Date(since).toISOString())} UTC`;
    if (!groups.size)
      return [text(`Nothing changed in ${doc.key} since ${from}${who ? ` on @${who}'s tickets` : ''}.`)];
    const cut = !complete || shown < byTicket.size ? ' Only the most recent changes are shown.' : '';
    const body = [...groups].map(([k, lines]) => `${k}\n${lines.join('\n')}`).join('\n\n');
    return [
      text(
        `Standup for ${doc.key}: changes since ${from}, per assignee, most recent first.${cut} ` +
          `Summarise for the team: what got done, what is in progress, what is blocked or waiting; name ticket ids.\n\n${body}`,
      ),
    ];
  },
};

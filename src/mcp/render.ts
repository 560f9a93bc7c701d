import type { Link } from '../domain/links.js';
import type { HistoryEntry } from '../domain/records.js';
import type { Ticket } from '../domain/ticket.js';
import type { Reference } from '../domain/references.js';
import type { TicketDetail } from '../core/queries.js';
import { flatRuns, snippetRuns } from '../domain/snippet.js';

/**
 * Answers are plain text: an agent reads them as well as JSON at about half the tokens. Nothing
 * absent is printed (no nulls, no empty sections) and ids are always display ids.
 */

const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** `2025-01-02T10:04:05.123Z` → `2025-01-02 10:04` (UTC). */
export const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** One line per ticket: `DOC-4 bug triage high @alice: Login fails`. */
export function card(t: Ticket): string {
  return `${t.id} ${t.type} ${t.status} ${t.priority}${t.assignee ? ` @${t.assignee}` : ''}${plan(t)}: ${flat(t.title)}`;
}

/** A ticket after a write: its card with the version to pass back as `version` for a guarded write. */
export function written(t: Ticket): string {
  return `${t.id} ${t.type} ${t.status} ${t.priority}${t.assignee ? ` @${t.assignee}` : ''}${plan(t)} v${t.version}: ${flat(t.title)}`;
}

/** Planning values, only those set: ` due 2026-12-31 est 3 in v2.4`. */
function plan(t: Ticket): string {
  if (t.due === undefined && t.estimate === undefined && t.milestone === undefined) return '';
  const due = t.due === undefined ? '' : ` due ${t.due.length > 10 ? when(t.due) : t.due}`;
  return `${due}${t.estimate === undefined ? '' : ` est ${t.estimate}`}${t.milestone ? ` in ${t.milestone}` : ''}`;
}

export function cards(items: readonly Ticket[], empty = 'no tickets'): string {
  return items.length ? items.map(card).join('\n') : empty;
}

export function linkLine(l: Link): string {
  return `#${l.linkId} ${l.relation} ${l.ticket} ${l.status}: ${flat(l.title)}`;
}

/** A link as added from `source` (a display id): `#1 DOC-1 blocks DOC-2 backlog: Ship it`. */
export function addedLink(source: string, l: Link): string {
  return `#${l.linkId} ${source} ${l.relation} ${l.ticket} ${l.status}: ${flat(l.title)}`;
}

/** `at` is printed in full, or as the time alone when `day` (the previous row's date) is the same. */
export function historyLine(h: HistoryEntry, day = ''): string {
  const at = when(h.at);
  const stamp = at.startsWith(day) && day ? at.slice(11) : at;
  const who = h.actor ? ` ${h.actor}` : '';
  if (h.field === 'created') return `${stamp}${who} created`;
  const old = h.old === null ? '' : `${cut(flat(h.old), 60)}→`;
  return `${stamp}${who} ${h.field}: ${old}${h.new === null ? 'none' : cut(flat(h.new), 60)}`;
}

/** History rows oldest first, each day's date printed once. */
export function historyLines(rows: readonly HistoryEntry[]): string[] {
  let day = '';
  return rows.map((h) => {
    const line = historyLine(h, day);
    day = h.at.slice(0, 10);
    return line;
  });
}

/** A reference in one line: `commit 1a2b3c4d on main: Fix the login`, `pull https://…`. */
const referenceLine = (r: Reference) =>
  r.kind === 'commit'
    ? `commit ${r.key.slice(0, 10)}${r.branch ? ` on ${r.branch}` : ''}${r.subject ? `: ${r.subject}` : ''}`
    : `${r.kind} ${r.key}`;

/** The whole ticket: card, facts, description, links, comments and history (comments once, not twice). */
export function detail(d: TicketDetail): string {
  const t = d.ticket;
  const facts = [
    t.category ? `category: ${t.category}` : '',
    t.labels.length ? `tags: ${t.labels.join(', ')}` : '',
    `created ${when(t.createdAt)}${t.createdBy ? ` by ${t.createdBy}` : ''}`,
    t.updatedAt !== t.createdAt ? `updated ${when(t.updatedAt)}` : '',
    t.closedAt ? `closed ${when(t.closedAt)}` : '',
    t.leaseUntil ? `lease until ${when(t.leaseUntil)}` : '',
    ...Object.entries(t.fields ?? {}).map(([k, v]) => `${k}: ${String(v)}`),
  ].filter(Boolean);
  const out = [written(t), facts.join(' · ')];
  if (t.description) out.push('', t.description, '');
  if (d.links.length) out.push('links:', ...d.links.map(linkLine));
  if (d.references.length) out.push('refs:', ...d.references.map(referenceLine));
  if (d.comments.length) {
    out.push('comments:');
    for (const c of d.comments) {
      const moved = c.status ? ` →${c.status}` : '';
      out.push(`#${c.id} ${c.author ?? 'anonymous'} ${when(c.createdAt)}${moved}: ${c.body}`);
    }
  }
  const history = d.history.filter((h) => h.field !== 'comment' && h.field !== 'reference');
  if (history.length) out.push('history:', ...historyLines(history));
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd();
}

/**
 * A search snippet for an agent, on one line: matches in `**`, the text's own `*` escaped as `\*`
 * (and a `\` that would otherwise escape what follows doubled), so `**` only ever means a match.
 */
export function passage(snippet: string): string {
  const literal = (text: string) => text.replace(/\\(?=[\\*]|$)/g, '\\\\').replace(/\*/g, '\\*');
  return flatRuns(snippetRuns(snippet))
    .map((r) => (r.match ? `**${literal(r.text)}**` : literal(r.text)))
    .join('');
}

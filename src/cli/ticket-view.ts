import type { TicketDetail } from '../core/queries.js';
import { isOverdue } from '../domain/overdue.js';
import type { Comment, HistoryEntry } from '../domain/records.js';
import type { Ticket } from '../domain/ticket.js';
import { type Column, type Palette, priorityPaint, shortTime, table } from './render.js';
import type { Session } from './session.js';

/** The table of tickets behind ls, ready and search; the TYPE column only when types differ. */
export function ticketTable(
  s: Session,
  tickets: readonly Ticket[],
  extra?: { header: string; cells: string[]; paint?: Column['paint'] },
) {
  const p = s.paint;
  const types = new Set(tickets.map((t) => t.type));
  const cols: (Column & { cell: (t: Ticket, i: number) => string })[] = [
    { header: 'ID', cell: (t) => t.id, paint: (x) => p.bold(x) },
    ...(types.size > 1 ? [{ header: 'TYPE', cell: (t: Ticket) => t.type }] : []),
    { header: 'STATUS', cell: (t) => t.status, paint: (x, raw) => statusPaint(p, tickets, raw)(x) },
    { header: 'PRIORITY', cell: (t) => t.priority, paint: (x, raw) => priorityPaint(p, raw)(x) },
    { header: 'ASSIGNEE', cell: (t) => t.assignee ?? '-', paint: (x, raw) => (raw === '-' ? p.dim(x) : x) },
    ...(tickets.some((t) => t.due)
      ? [
          {
            header: 'DUE',
            cell: (t: Ticket) => dueCell(t),
            paint: (x: string, raw: string) => (raw.endsWith('!') ? p.red(x) : x),
          },
        ]
      : []),
    { header: 'TITLE', cell: (t) => t.title + (t.labels.length ? ` [${t.labels.join(', ')}]` : ''), flex: true },
    ...(extra
      ? [
          {
            header: extra.header,
            cell: (_t: Ticket, i: number) => extra.cells[i] ?? '',
            flex: true,
            ...(extra.paint ? { paint: extra.paint } : {}),
          },
        ]
      : []),
  ];
  return table(
    cols,
    tickets.map((t, i) => cols.map((c) => c.cell(t, i))),
    s.width,
    p,
  );
}

/** A due date for a table: the day (and time in UTC), `!` when the ticket is open and past it. */
function dueCell(t: Ticket, now = Date.now()): string {
  if (!t.due) return '';
  const text = t.due.length === 10 ? t.due : `${t.due.slice(0, 16).replace('T', ' ')}Z`;
  return isOverdue(t, now) ? `${text} !` : text;
}

/** The planning facts of a ticket, for one-line views: due, estimate, milestone. */
export function planningFacts(t: Ticket): string[] {
  return [
    ...(t.due ? [`due ${t.due}${isOverdue(t) ? ' (overdue)' : ''}`] : []),
    ...(t.estimate !== undefined ? [`estimate ${t.estimate}`] : []),
    ...(t.milestone ? [`milestone ${t.milestone}`] : []),
  ];
}

function statusPaint(p: Palette, tickets: readonly Ticket[], status: string) {
  const closed = tickets.some((t) => t.status === status && t.closedAt !== null);
  return closed ? p.green : p.cyan;
}

/** Prints tickets as JSON, ids (--quiet) or a table, with a note when there is nothing to show. */
export function printTickets(s: Session, tickets: readonly Ticket[], jsonValue: unknown, empty: string): void {
  if (s.json) s.printJson(jsonValue);
  else if (s.quiet) for (const t of tickets) s.out(t.id);
  else if (!tickets.length) s.note(empty);
  else s.out(ticketTable(s, tickets));
}

/** `DOC-4 Fix login [bug · triage · high]`: a ticket in one line, for confirmations. */
export function ticketLine(s: Session, t: Ticket): string {
  const facts = [t.type, t.status, t.priority, ...(t.assignee ? [`@${t.assignee}`] : []), ...planningFacts(t)].join(
    ' · ',
  );
  return `${s.paint.bold(t.id)} ${t.title} ${s.paint.dim(`[${facts}]`)}`;
}

const historyText = (h: HistoryEntry) =>
  h.field === 'created'
    ? `created: ${h.new ?? ''}`
    : h.field === 'comment'
      ? `commented: ${h.new ?? ''}`
      : `${h.field}: ${h.old ?? '-'} -> ${h.new ?? '-'}`;

export function historyTable(s: Session, rows: readonly HistoryEntry[]): string {
  return table(
    [{ header: 'WHEN' }, { header: 'WHO' }, { header: 'CHANGE', flex: true }],
    rows.map((h) => [shortTime(h.at), h.actor ?? '-', historyText(h)]),
    s.width,
    s.paint,
  );
}

function commentBlock(s: Session, c: Comment): string {
  const head = `${s.paint.dim(`#${c.id}`)} ${c.author ?? 'someone'} ${s.paint.dim(shortTime(c.createdAt))}${
    c.status ? s.paint.dim(` (moved to ${c.status})`) : ''
  }`;
  return `  ${head}\n${indent(c.body)}`;
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');

/** The human view of `show`: facts, description, links, comments and history. */
export function detailText(s: Session, d: TicketDetail): string {
  const p = s.paint;
  const t = d.ticket;
  const facts = [
    `${t.type} · ${t.status} · ${t.priority}`,
    t.assignee ? `assigned to ${t.assignee}` : 'unassigned',
    ...(t.category ? [`category ${t.category}`] : []),
    ...(t.labels.length ? [`labels ${t.labels.join(', ')}`] : []),
    ...planningFacts(t),
  ].join(' · ');
  const fields = Object.entries(t.fields ?? {}).map(([k, v]) => `${k}: ${String(v)}`);
  const when = [
    `created ${shortTime(t.createdAt)}${t.createdBy ? ` by ${t.createdBy}` : ''}`,
    `updated ${shortTime(t.updatedAt)}`,
    ...(t.closedAt ? [`closed ${shortTime(t.closedAt)}`] : []),
    ...(t.leaseUntil ? [`claim lapses ${shortTime(t.leaseUntil)}`] : []),
    `version ${t.version}`,
  ].join(' · ');
  const out = [
    `${p.bold(t.id)}  ${p.bold(t.title)}`,
    facts,
    ...(fields.length ? [fields.join(' · ')] : []),
    p.dim(when),
  ];
  if (t.description) out.push('', indent(t.description));
  if (d.links.length) {
    out.push('', p.bold('Links'));
    for (const l of d.links) out.push(`  ${l.relation.padEnd(12)} ${l.ticket}  ${l.title} ${p.dim(`(${l.status})`)}`);
  }
  if (d.references.length) {
    out.push('', p.bold('References'));
    for (const r of d.references) {
      const key = r.kind === 'commit' ? r.key.slice(0, 12) : r.key;
      const about = [r.subject, r.branch && p.dim(`(${r.branch})`)].filter(Boolean).join(' ');
      out.push(`  ${r.kind.padEnd(7)} ${key}${about ? `  ${about}` : ''}`);
    }
  }
  if (d.comments.length) {
    out.push('', p.bold(`Comments (${d.comments.length})`));
    for (const c of d.comments) out.push(commentBlock(s, c));
  }
  if (d.history.length) out.push('', p.bold('History'), historyTable(s, d.history));
  return out.join('\n');
}

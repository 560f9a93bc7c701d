import type { Milestone } from '../../core/milestones.js';
import { UsageError } from '../errors.js';
import { textArg } from '../input.js';
import { table } from '../render.js';
import type { Session } from '../session.js';

export interface MilestoneOptions {
  readonly name?: string;
  readonly description?: string;
  readonly due?: string;
  readonly key?: string;
}

const BAR = 20;

/** `[########------------] 40%`: closed tickets over all of them. */
export function progressBar(m: Milestone): string {
  const filled = Math.round(m.progress * BAR);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}] ${Math.round(m.progress * 100)}%`;
}

const estimateText = (m: Milestone) =>
  m.estimate.total ? `${m.estimate.closed}/${m.estimate.total} ${m.estimate.unit}` : '-';

/** `docket milestone ls`: open milestones by due date with their progress, then closed ones (--open: only open). */
export async function milestoneList(s: Session, o: { open?: boolean; closed?: boolean }): Promise<void> {
  const state = o.open ? 'open' : o.closed ? 'closed' : 'all';
  const rows = await (await s.project()).milestones({ state });
  if (s.json) return s.printJson(rows);
  if (s.quiet) return s.lines(rows.map((m) => m.key));
  if (!rows.length) return s.note('no milestones; add one with: docket milestone add v2.4 --due 2026-12-31');
  s.out(
    table(
      [
        { header: 'MILESTONE' },
        { header: 'STATE' },
        { header: 'DUE' },
        { header: 'TICKETS' },
        { header: 'ESTIMATE' },
        { header: 'PROGRESS' },
        { header: 'NAME', flex: true },
      ],
      rows.map((m) => [
        m.key,
        m.state,
        m.due ?? '-',
        `${m.tickets.closed}/${m.tickets.total}`,
        estimateText(m),
        progressBar(m),
        m.name === m.key ? '' : m.name,
      ]),
      s.width,
      s.paint,
    ),
  );
}

/** `docket milestone show KEY`: the milestone, its progress and its burn-down by day. */
export async function milestoneShow(s: Session, key: string): Promise<void> {
  const project = await s.project();
  const m = await project.milestone(key);
  const burn = await project.burnDown(key);
  if (s.json) return s.printJson({ ...m, burnDown: burn.days });
  if (s.quiet) return s.lines([m.key]);
  const p = s.paint;
  const out = [
    `${p.bold(m.key)}  ${m.name === m.key ? '' : p.bold(m.name)}`.trimEnd(),
    [
      m.state,
      m.due ? `due ${m.due}` : 'no due date',
      `${m.tickets.closed}/${m.tickets.total} tickets closed`,
      `estimate ${estimateText(m)}`,
    ].join(' · '),
    progressBar(m),
  ];
  if (m.description) out.push('', m.description);
  const shown = burn.days.filter((d) => d.open !== null);
  if (shown.length) {
    out.push('', p.bold(`Open ${burn.unit} by day`));
    for (const d of shown.slice(-14)) out.push(`  ${d.day}  ${String(d.open).padStart(8)}`);
  }
  s.out(out.join('\n'));
}

export async function milestoneAdd(s: Session, key: string, o: MilestoneOptions): Promise<void> {
  const description = await textArg(o.description, 'description');
  const m = await (await s.project()).addMilestone({
    key,
    ...(o.name !== undefined ? { name: o.name } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(o.due !== undefined ? { due: o.due } : {}),
  });
  s.done(m, m.key, `Milestone added: ${m.key}${m.due ? ` (due ${m.due})` : ''}`);
}

/** `docket milestone edit KEY [--key NEW] [--name] [-m] [--due]`: a new key moves its tickets with it. */
export async function milestoneEdit(s: Session, key: string, o: MilestoneOptions): Promise<void> {
  const description = await textArg(o.description, 'description');
  const input = {
    ...(o.key !== undefined ? { key: o.key } : {}),
    ...(o.name !== undefined ? { name: o.name } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(o.due !== undefined ? { due: o.due.trim() === '' ? null : o.due } : {}),
  };
  if (!Object.keys(input).length) throw new UsageError('nothing to change: give --key, --name, -m or --due');
  const m = await (await s.project()).editMilestone(key, input);
  s.done(m, m.key, `Milestone updated: ${m.key}`);
}

export async function milestoneClose(s: Session, key: string): Promise<void> {
  const m = await (await s.project()).closeMilestone(key);
  s.done(m, m.key, `Milestone closed: ${m.key} (${m.tickets.closed}/${m.tickets.total} tickets closed)`);
}

export async function milestoneReopen(s: Session, key: string): Promise<void> {
  const m = await (await s.project()).reopenMilestone(key);
  s.done(m, m.key, `Milestone reopened: ${m.key}`);
}

/** `docket milestone rm KEY [--move-to OTHER]`: refused while tickets are in it, unless they move. */
export async function milestoneRemove(s: Session, key: string, o: { moveTo?: string }): Promise<void> {
  const r = await (await s.project()).removeMilestone(key, o.moveTo === undefined ? {} : { moveTo: o.moveTo });
  const moved = r.moved ? ` (${r.moved} ticket(s) moved to ${o.moveTo})` : '';
  s.done({ deleted: key, ...r }, key, `Milestone deleted: ${key}${moved}`);
}

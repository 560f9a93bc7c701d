import { table } from '../render.js';
import type { Session } from '../session.js';
import { ticketLine } from '../ticket-view.js';

/** `docket label add 42 auth ui`. */
export async function labelAdd(s: Session, id: string, labels: readonly string[]): Promise<void> {
  const t = await (await s.project()).addLabels(id, labels);
  s.done(t, t.id, `Labelled ${ticketLine(s, t)}${t.labels.length ? ` ${s.paint.dim(t.labels.join(', '))}` : ''}`);
}

/** `docket label remove 42 ui`. */
export async function labelRemove(s: Session, id: string, labels: readonly string[]): Promise<void> {
  const t = await (await s.project()).removeLabels(id, labels);
  s.done(t, t.id, `Labelled ${ticketLine(s, t)}${t.labels.length ? ` ${s.paint.dim(t.labels.join(', '))}` : ''}`);
}

/** `docket label list`: every label in use, with how many tickets carry it. */
export async function labelList(s: Session): Promise<void> {
  const rows = await (await s.project()).labels();
  if (s.json) return s.printJson(rows);
  if (s.quiet) return s.lines(rows.map((r) => r.label));
  if (!rows.length) return s.note('no labels yet; add some with: docket label add ID LABEL');
  s.out(
    table(
      [{ header: 'LABEL' }, { header: 'TICKETS', right: true }],
      rows.map((r) => [r.label, String(r.count)]),
      s.width,
      s.paint,
    ),
  );
}

import type { Board, BoardColumn } from '../../core/queries.js';
import { intArg } from '../input.js';
import { priorityPaint, truncate } from '../render.js';
import type { Session } from '../session.js';

export interface BoardOptions {
  readonly summary?: boolean;
  readonly type?: string;
  readonly all?: boolean;
  readonly limit?: string;
}

const MIN_COLUMN = 18;
const GAP = '  ';

/** Counts per status in workflow order, one line per type. */
export function summaryText(s: Session, b: Board): string {
  const lines = b.types.map((t) => {
    const cells = t.columns.map((c) => {
      const text = `${c.status} ${c.count}`;
      return c.terminal ? s.paint.dim(text) : c.count ? s.paint.bold(text) : text;
    });
    return `${t.type.padEnd(Math.max(...b.types.map((x) => x.type.length)))}  ${cells.join(' · ')}`;
  });
  return [...lines, s.paint.dim(`open ${b.open} · closed ${b.closed}`)].join('\n');
}

function columnLines(s: Session, c: BoardColumn, width: number): string[] {
  const head = truncate(`${c.status.toUpperCase()} ${c.count}`, width);
  const lines = [s.paint.bold(head.padEnd(width)), s.paint.dim('─'.repeat(width))];
  for (const t of c.tickets ?? []) {
    const text = truncate(`${t.id} ${t.title}`, width);
    const id = priorityPaint(s.paint, t.priority)(s.paint.bold(t.id));
    lines.push(id + text.slice(t.id.length) + ' '.repeat(Math.max(width - [...text].length, 0)));
  }
  const hidden = c.count - (c.tickets?.length ?? 0);
  if (hidden > 0) lines.push(s.paint.dim(`+${hidden} more`.padEnd(width)));
  return lines;
}

/** Kanban columns side by side, in bands when the terminal is too narrow for all of them. */
export function kanbanText(s: Session, b: Board): string {
  const out: string[] = [];
  for (const t of b.types) {
    const shown = t.columns.filter((c) => c.tickets !== undefined);
    const counted = t.columns.filter((c) => c.tickets === undefined);
    const open = t.columns.filter((c) => !c.terminal).reduce((n, c) => n + c.count, 0);
    const tail = counted.length ? s.paint.dim(`  (${counted.map((c) => `${c.status} ${c.count}`).join(' · ')})`) : '';
    out.push(`${s.paint.bold(t.type)} ${s.paint.dim(`${open} open`)}${tail}`);
    const perBand = Math.max(1, Math.min(shown.length, Math.floor((s.width + GAP.length) / (MIN_COLUMN + GAP.length))));
    const width = Math.floor((s.width - GAP.length * (perBand - 1)) / perBand);
    for (let i = 0; i < shown.length; i += perBand) {
      const band = shown.slice(i, i + perBand).map((c) => columnLines(s, c, width));
      const height = Math.max(...band.map((l) => l.length));
      for (let row = 0; row < height; row++) {
        out.push(
          band
            .map((l) => l[row] ?? ' '.repeat(width))
            .join(GAP)
            .trimEnd(),
        );
      }
      out.push('');
    }
  }
  return out.join('\n').trimEnd();
}

/** `docket board`: kanban columns that fit the terminal; `--summary` for counts only. */
export async function board(s: Session, o: BoardOptions): Promise<void> {
  const b = await (await s.project()).board({
    view: o.summary ? 'summary' : 'kanban',
    ...(o.type ? { type: o.type } : {}),
    ...(o.all ? { includeTerminal: true } : {}),
    ...(o.limit !== undefined ? { limit: intArg(o.limit, '--limit', 1)! } : {}),
  });
  if (s.json) return s.printJson(b);
  if (s.quiet) {
    for (const t of b.types) for (const c of t.columns) for (const x of c.tickets ?? []) s.out(x.id);
    return;
  }
  s.out(o.summary ? summaryText(s, b) : kanbanText(s, b));
}

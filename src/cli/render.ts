/** Terminal output: colours (only when allowed), tables that fit the width, short text forms. */
import type { SnippetRun } from '../domain/snippet.js';

export type Paint = (text: string) => string;

export interface Palette {
  readonly bold: Paint;
  readonly dim: Paint;
  readonly red: Paint;
  readonly green: Paint;
  readonly yellow: Paint;
  readonly blue: Paint;
  readonly cyan: Paint;
  readonly magenta: Paint;
}

const sgr =
  (open: number, close: number): Paint =>
  (text) =>
    text ? `\u001b[${open}m${text}\u001b[${close}m` : text;
const plain: Paint = (text) => text;

export function palette(enabled: boolean): Palette {
  if (!enabled) {
    return {
      bold: plain,
      dim: plain,
      red: plain,
      green: plain,
      yellow: plain,
      blue: plain,
      cyan: plain,
      magenta: plain,
    };
  }
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    blue: sgr(34, 39),
    cyan: sgr(36, 39),
    magenta: sgr(35, 39),
  };
}

/**
 * Colour only for a terminal: never with NO_COLOR (any value) or --no-color; FORCE_COLOR turns it on
 * for a pipe (handy for `less -R`).
 */
export function colourWanted(env: NodeJS.ProcessEnv, isTTY: boolean, flag: boolean | undefined): boolean {
  if (flag === false || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return isTTY && env.TERM !== 'dumb';
}

/** The width to fit: the terminal's, else COLUMNS, else a roomy default for pipes and files. */
export function outputWidth(env: NodeJS.ProcessEnv, columns: number | undefined): number {
  const fromEnv = Number(env.COLUMNS);
  const width = columns || (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 120);
  return Math.max(width, 40);
}

/** Code points, so an accented title does not throw the columns off. */
export const visibleLength = (s: string): number => [...s].length;

export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  if (max <= 0) return '';
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, Math.max(max - 1, 0)).join('')}…`;
}

const pad = (s: string, width: number, right: boolean) => {
  const gap = ' '.repeat(Math.max(width - visibleLength(s), 0));
  return right ? gap + s : s + gap;
};

/** A flexible column never shrinks below this; past that, the table is wider than asked. */
const MIN_FLEX = 8;

export interface Column {
  readonly header: string;
  /** Shrinks (and truncates) to make the table fit; give it to the column holding free text. */
  readonly flex?: boolean;
  readonly right?: boolean;
  /** Colours a cell after padding, so escape codes never disturb the widths; `row` counts from 0. */
  readonly paint?: (padded: string, raw: string, row: number) => string;
}

/** A table with a header row, columns two spaces apart, fitted to `width` by shrinking the flex columns. */
export function table(columns: readonly Column[], rows: readonly (readonly string[])[], width: number, p: Palette) {
  const widths = columns.map((c, i) =>
    Math.max(visibleLength(c.header), ...rows.map((r) => visibleLength((r[i] ?? '').replace(/\s+/g, ' ')))),
  );
  const total = () => widths.reduce((a, b) => a + b, 0) + 2 * (columns.length - 1);
  // Shrink the widest flexible column, one character at a time, until the table fits.
  const flexible = columns.flatMap((c, i) => (c.flex ? [i] : []));
  let over = total() - width;
  while (over > 0) {
    const widest = flexible.filter((i) => widths[i]! > MIN_FLEX).sort((a, b) => widths[b]! - widths[a]!)[0];
    if (widest === undefined) break;
    widths[widest]!--;
    over--;
  }
  const line = (cells: readonly string[], header: boolean, row = -1) =>
    columns
      .map((c, i) => {
        const raw = truncate(cells[i] ?? '', widths[i]!);
        const last = i === columns.length - 1 && !c.right;
        const padded = last ? raw : pad(raw, widths[i]!, c.right === true);
        return header ? p.dim(padded) : c.paint ? c.paint(padded, raw, row) : padded;
      })
      .join('  ')
      .trimEnd();
  return [
    line(
      columns.map((c) => c.header),
      true,
    ),
    ...rows.map((r, row) => line(r, false, row)),
  ].join('\n');
}

/**
 * A search snippet's cell with its matches in bold. `shown` is the cell as the table cut it: the
 * runs' text, or a prefix of it ending in `…`.
 */
export function boldMatches(p: Palette, runs: readonly SnippetRun[], shown: string): string {
  const full = runs.map((r) => r.text).join('');
  const keep = shown === full ? full.length : Math.max(shown.length - 1, 0);
  let out = '';
  let at = 0;
  for (const r of runs) {
    if (at >= keep) break;
    const text = r.text.slice(0, keep - at);
    out += r.match ? p.bold(text) : text;
    at += r.text.length;
  }
  return out + shown.slice(keep);
}

/** `2025-03-04 10:22` in UTC: short, sortable and the same on every machine. */
export function shortTime(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '';
}

export function priorityPaint(p: Palette, priority: string): Paint {
  if (priority === 'urgent' || priority === 'critical') return p.red;
  if (priority === 'high') return p.yellow;
  if (priority === 'low' || priority === 'none') return p.dim;
  return (s) => s;
}

/** One JSON document for stdout: two-space indented, newline-terminated. */
export const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** What every `bench/*.bench.ts` returns, and how the runner prints it. */

export interface BenchOptions {
  /** Add the largest scales (1M tickets for the core benchmark). */
  readonly large: boolean;
}

export interface SectionResult {
  readonly title: string;
  readonly columns: string[];
  readonly rows: (string | number)[][];
  readonly notes?: string[];
}

/** Milliseconds with the precision that matters at their size. */
export function ms(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (v < 1) return v.toFixed(3);
  if (v < 10) return v.toFixed(2);
  if (v < 100) return v.toFixed(1);
  return v.toFixed(0);
}

const cell = (v: string | number) => (typeof v === 'number' ? String(v) : v);
const numeric = (v: string) => /^[-+]?[\d.,]+( ?[a-zA-Z%×]+)?$/.test(v) || v === '—';

/** A plain-text table for the terminal: numbers right-aligned. */
export function textTable(s: SectionResult): string {
  const rows = s.rows.map((r) => r.map(cell));
  const widths = s.columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((v, i) => (numeric(v) ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(s.columns), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function markdownTable(s: SectionResult): string {
  const esc = (v: string) => v.replace(/\|/g, '\\|');
  const rows = s.rows.map((r) => r.map(cell));
  const align = s.columns.map((_, i) => (rows.length && rows.every((r) => numeric(r[i] ?? '')) ? '---:' : '---'));
  return [
    `| ${s.columns.map(esc).join(' | ')} |`,
    `| ${align.join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

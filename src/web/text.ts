/** Small text helpers shared by the views. */

/** `in_progress` → `in progress`. */
export const human = (slug: string): string => slug.replace(/_/g, ' ');

/**
 * A search snippet split at the API's `**` marks: odd parts are matches. The parts are rendered as
 * text nodes, so nothing in the snippet can become markup.
 */
export function snippetParts(snippet: string): { readonly text: string; readonly match: boolean }[] {
  return snippet
    .split('**')
    .map((text, i) => ({ text, match: i % 2 === 1 }))
    .filter((p) => p.text !== '');
}

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** `3 minutes ago`, `yesterday`, `just now`. */
export function ago(iso: string, now = Date.now()): string {
  const diff = Date.parse(iso) - now;
  if (!Number.isFinite(diff)) return iso;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return relative.format(Math.round(diff / ms), unit);
  }
  return 'just now';
}

/** The full local date and time, for tooltips beside a relative time. */
export const when = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
};

/** Small text helpers shared by the views. */

/** `in_progress` → `in progress`. */
export const human = (slug: string): string => slug.replace(/_/g, ' ');

/**
 * A search snippet cut at the API's marks: each match sits between U+E000 and U+E001 (see
 * src/domain/snippet.ts; private-use characters, so the text's own `**` stays text). The parts
 * are rendered as text nodes, so nothing in the snippet can become markup.
 */
export function snippetParts(snippet: string): { readonly text: string; readonly match: boolean }[] {
  const parts: { text: string; match: boolean }[] = [];
  let match = false;
  for (const part of snippet.split(/([\uE000\uE001])/)) {
    if (part === '\uE000') match = true;
    else if (part === '\uE001') match = false;
    else if (part) parts.push({ text: part, match });
  }
  return parts;
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

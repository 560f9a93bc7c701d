import { invalid } from './errors.js';

/**
 * Planning values: due dates, estimates and custom field values, parsed and checked without I/O.
 * A due date is a calendar day (`2026-12-31`, kept as that day: never shifted by a zone) or an
 * instant with its zone (`2026-12-31T17:00+02:00`, stored as UTC).
 */
export interface Due {
  /** Epoch ms: midnight UTC of the day for a calendar day, the instant otherwise. */
  readonly at: number;
  /** True for a calendar day without a time. */
  readonly day: boolean;
}

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const EXAMPLES =
  'use YYYY-MM-DD (e.g. 2026-12-31) or a time with its zone (e.g. 2026-12-31T17:00Z or 2026-12-31T17:00+02:00)';

function dayOf(y: number, m: number, d: number, field: string, text: string): number {
  if (y < 1970 || y > 9999)
    throw invalid(`${field}: '${text}' is out of range; years run from 1970 to 9999`, { field, value: text });
  const at = Date.UTC(y, m - 1, d);
  const back = new Date(at);
  if (m < 1 || m > 12 || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) {
    throw invalid(`${field}: '${text}' is not a date on the calendar; ${EXAMPLES}`, { field, value: text });
  }
  return at;
}

/** Reads a due date as users type it, or refuses it with a `validation` error naming `field`. */
export function parseDue(text: string, field = 'due'): Due {
  const s = text.trim();
  const date = DATE.exec(s);
  if (date) return { at: dayOf(Number(date[1]), Number(date[2]), Number(date[3]), field, s), day: true };
  const dt = DATE_TIME.exec(s);
  if (!dt) throw invalid(`${field}: '${s.slice(0, 40)}' is not a date; ${EXAMPLES}`, { field, value: s.slice(0, 40) });
  const [, y, mo, d, h, mi, sec = '0', ms = '0', zone] = dt;
  if (!zone) {
    throw invalid(`${field}: '${s}' has a time but no zone; add one (Z for UTC, or an offset like +02:00)`, {
      field,
      value: s,
    });
  }
  const day = dayOf(Number(y), Number(mo), Number(d), field, s);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(sec);
  if (hour > 23 || minute > 59 || second > 59) {
    throw invalid(`${field}: '${s}' is not a time of day; ${EXAMPLES}`, { field, value: s });
  }
  let offset = 0;
  if (zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2));
    if (oh > 14 || om > 59)
      throw invalid(`${field}: '${zone}' is not a zone offset; offsets run from -14:00 to +14:00`, { field, value: s });
    offset = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const at = day + ((hour * 60 + minute) * 60 + second) * 1000 + Number(ms.padEnd(3, '0')) - offset;
  return { at, day: false };
}

/** A due date as the API shows it: `YYYY-MM-DD` for a day, ISO-8601 UTC for an instant. */
export function formatDue(at: number, day: boolean): string {
  const text = new Date(at).toISOString();
  return day ? text.slice(0, 10) : text;
}

/** The instants a due filter compares with: a day is its midnight UTC; `end` moves a day to the next. */
export function dueBound(text: string, field: string, end: boolean): number {
  const due = parseDue(text, field);
  return due.day && end ? due.at + DAY_MS : due.at;
}

/** Start of the UTC day holding `now`: a calendar-day due date is overdue once its day has passed. */
export const startOfDay = (now: number): number => now - (((now % DAY_MS) + DAY_MS) % DAY_MS);

/** The largest estimate taken: far above any real plan, small enough to add up exactly. */
export const MAX_ESTIMATE = 1_000_000;

/** An estimate: a number from 0 to MAX_ESTIMATE (a string is read as a number), at most 3 decimals kept. */
export function parseEstimate(value: unknown, field = 'estimate'): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : Number.NaN;
  if (!Number.isFinite(n) || n < 0 || n > MAX_ESTIMATE) {
    throw invalid(`${field}: must be a number from 0 to ${MAX_ESTIMATE}, not '${String(value).slice(0, 40)}'`, {
      field,
      value: String(value).slice(0, 40),
    });
  }
  return Math.round(n * 1000) / 1000;
}

export const ESTIMATE_UNITS = ['points', 'hours'] as const;
export type EstimateUnit = (typeof ESTIMATE_UNITS)[number];

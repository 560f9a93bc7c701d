import { BadRecord } from './import-item.js';

// Small readers shared by the parsers: each throws BadRecord naming the field, so a bad value refuses
// (or, with skipBad, skips) its record with the place and the reason.

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string field, trimmed; null when absent or empty. */
export function text(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

/** A time the source writes as ISO 8601 (or anything `Date.parse` reads: Linear's CSV uses JavaScript's). */
export function time(v: unknown, origin: string, field: string): number | null {
  const s = text(v);
  if (s === null) return null;
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) throw new BadRecord(origin, `${field} is not a time Docket can read: ${JSON.stringify(s)}`);
  return ms;
}

/** `YYYY-MM-DD` from a date or a time (the date as written, whatever its zone). */
export function day(v: unknown, origin: string, field: string): string | null {
  const s = text(v);
  if (s === null) return null;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(s);
  if (m) return m[1]!;
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) throw new BadRecord(origin, `${field} is not a date Docket can read: ${JSON.stringify(s)}`);
  return new Date(ms).toISOString().slice(0, 10);
}

export function number(v: unknown, origin: string, field: string): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  if (!Number.isFinite(n)) throw new BadRecord(origin, `${field} is not a number: ${JSON.stringify(v)}`);
  return n;
}

/** A list that may be absent; anything else than an array is a bad record. */
export function list(v: unknown, origin: string, field: string): readonly unknown[] {
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v)) throw new BadRecord(origin, `${field} should be a list`);
  return v;
}

/** Distinct non-empty strings, in first-seen order. */
export function distinct(values: Iterable<string | null>): string[] {
  const out: string[] = [];
  for (const v of values) if (v && !out.includes(v)) out.push(v);
  return out;
}

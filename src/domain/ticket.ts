import { invalid, notFound } from './errors.js';
import type { FieldValue } from './fields.js';

/** A ticket as the library returns it. Absent values are null; timestamps are ISO-8601 UTC. */
export interface Ticket {
  /** Display id: the project's prefix and the number, e.g. `DOC-42`. */
  readonly id: string;
  readonly number: number;
  readonly project: string;
  readonly type: string;
  readonly title: string;
  readonly description: string;
  readonly status: string;
  readonly priority: string;
  readonly assignee: string | null;
  readonly category: string | null;
  readonly labels: readonly string[];
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly closedAt: string | null;
  /** When a claim made with a lease runs out; null for no claim or a claim without expiry. */
  readonly leaseUntil: string | null;
  /** Bumped by every change; pass it back as `expectedVersion` to refuse a stale write. */
  readonly version: number;
  // Planning values, present only when set (so answers stay short for tickets without them).
  /** `YYYY-MM-DD` for a calendar day, or an ISO-8601 UTC instant. */
  readonly due?: string;
  /** In the project's unit (`estimate_unit`: points or hours). */
  readonly estimate?: number;
  /** The key of its milestone. */
  readonly milestone?: string;
  /** Custom field values by name. */
  readonly fields?: Readonly<Record<string, FieldValue>>;
}

export function displayId(prefix: string, number: number): string {
  return `${prefix}${number}`;
}

/**
 * Reads a ticket reference as users type it: `42`, `#42`, `DOC-42` or `doc-42`.
 * A reference with another project's prefix is not found here (ids never leak across projects).
 */
export function parseTicketRef(ref: string | number, prefix: string): number {
  if (typeof ref === 'number') {
    if (Number.isSafeInteger(ref) && ref > 0) return ref;
    throw invalid(`ticket id must be a positive whole number, not ${ref}`, { field: 'id' });
  }
  const text = ref.trim();
  let digits = text;
  if (prefix && text.toLowerCase().startsWith(prefix.toLowerCase())) digits = text.slice(prefix.length);
  else if (text.startsWith('#')) digits = text.slice(1);
  if (/^\d{1,15}$/.test(digits)) {
    if (Number(digits) > 0) return Number(digits);
    throw invalid(`'${text}' is not a ticket id: ticket numbers start at 1`, { field: 'id' });
  }
  if (/^[A-Za-z][A-Za-z0-9_]*-\d+$/.test(text)) {
    throw notFound('ticket', `${text} (this project's ids look like ${prefix}1)`, { id: text });
  }
  throw invalid(`'${text.slice(0, 40)}' is not a ticket id; use a number or a display id like ${prefix}42`, {
    field: 'id',
  });
}

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

import type { WriteOptions } from '../../core/tickets.js';
import { invalid } from '../../domain/errors.js';

/** Small parsers shared by the tools: required arguments, lists and the "" that clears a field. */

export function need<T>(value: T | undefined, name: string, action: string): T {
  if (value === undefined || value === '') throw invalid(`${action} needs ${name}`, { field: name });
  return value;
}

/** `a,b` or `a` → ['a', 'b']; undefined stays undefined. */
export function many(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

/** An empty string means "nobody"/"none" for assignee and category. */
export const orNull = (value: string) => (value.trim() === '' ? null : value);

export function guard(version: number | undefined): WriteOptions {
  return version === undefined ? {} : { expectedVersion: version };
}

/** Builds an object without the keys whose value is undefined (exactOptionalPropertyTypes). */
export function defined<T extends Record<string, unknown>>(obj: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

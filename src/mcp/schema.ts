import { type ZodRawShape, z } from 'zod';

/**
 * Building blocks for tool input schemas. Every token of a tools list is paid for in each agent's
 * context, so schemas stay plain: no `.int()` (it adds ±2^53 bounds), no per-field prose unless a
 * name cannot say it, and no `$schema` key (MCP assumes a dialect when none is given).
 */
export function input<S extends ZodRawShape>(shape: S) {
  // zod copies root metadata over the `$schema` it emits; an undefined value drops out of the JSON.
  return z.object(shape).meta({ $schema: undefined } as Record<string, unknown>);
}

/**
 * A ticket as agents name it: its number or its display id (`4`, `#4`, `DOC-4`). Listed as a plain
 * string (a `type` array is less portable across model providers); a number is accepted all the same.
 */
export const ticketId = z.coerce.string();

export const text = z.string();
export const num = z.number();
export const flag = z.boolean();

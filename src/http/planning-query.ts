import { z } from 'zod';
import { SlugSchema } from '../domain/inputs.js';

/** `true`/`false`/`1`/`0` in a query string (as schemas.ts reads them). */
const boolParam = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

// Planning filters (docs/planning.md): dates are checked by core, which words the error.
const planningParams = {
  due_before: z.string().max(40).optional().describe('due before this day (YYYY-MM-DD) or instant'),
  due_after: z.string().max(40).optional().describe('due on a later day than this, or after this instant'),
  overdue: boolParam.optional().describe('open and past due'),
  milestone: SlugSchema.optional().describe("a milestone's key"),
  no_milestone: boolParam.optional().describe('only tickets in no milestone'),
};
const FIELD_KEY = /^field\.[a-z][a-z0-9_]{0,39}$/;

/**
 * Adds the planning filters and `field.NAME=VALUE` to a ticket query, turned into the library's
 * names (`dueBefore`, `milestone: null`, `fields`); any other unknown key is refused as before.
 */
export function withPlanning<T extends z.ZodRawShape>(shape: T) {
  return z
    .object({ ...shape, ...planningParams })
    .catchall(z.string().max(200).describe('field.NAME=VALUE: a custom field'))
    .superRefine((q, ctx) => {
      for (const key of Object.keys(q)) {
        if (!(key in shape) && !(key in planningParams) && !FIELD_KEY.test(key)) {
          // Worded like a strict schema's refusal (pipeline.ts adds hints such as offset's).
          ctx.addIssue({ code: 'unrecognized_keys', keys: [key], path: [], message: `unknown parameter ${key}` });
        }
      }
    })
    .transform((q) => {
      const { due_before, due_after, overdue, milestone, no_milestone, ...rest } = q as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      const fields: Record<string, string> = {};
      for (const [k, v] of Object.entries(rest)) {
        if (FIELD_KEY.test(k) && !(k in shape)) fields[k.slice(6)] = v as string;
        else out[k] = v;
      }
      if (due_before !== undefined) out.dueBefore = due_before;
      if (due_after !== undefined) out.dueAfter = due_after;
      if (overdue) out.overdue = true;
      if (no_milestone) out.milestone = null;
      else if (milestone !== undefined) out.milestone = milestone;
      if (Object.keys(fields).length) out.fields = fields;
      return out as z.output<z.ZodObject<T>> & PlanningFilter;
    });
}

export interface PlanningFilter {
  dueBefore?: string;
  dueAfter?: string;
  overdue?: boolean;
  milestone?: string | null;
  fields?: Record<string, string>;
}

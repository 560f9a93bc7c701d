import { z } from 'zod';
import { invalid } from './errors.js';
import { LINK_TYPES } from './links.js';
import { ENTITY_KINDS } from './records.js';
import { isSlug } from './slug.js';

/** Zod schemas for every input the library takes; faces reuse them so errors read the same everywhere. */

const MAX_TITLE = 500;
const MAX_DESCRIPTION = 100_000;
export const MAX_LABELS = 50;
const MAX_IDEMPOTENCY_KEY = 200;
const MAX_COMMENT = 50_000;

const SLUG_CHARACTERS = /^[\p{L}\p{N}][\p{L}\p{N}_.:@-]*$/u;
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

// overwrite (not transform) keeps the slug a plain string schema, which zod checks in one pass: with
// a transform, a ticket input took a third longer to parse. The character check runs only on a slug
// of the right length, so an empty or long one gets one message, as it did when the transform
// stopped there. (Aborting the length checks instead would turn a bad slug inside a list filter,
// `type: ['bug', '']`, into zod's bare "Invalid input".)
const slug = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .overwrite((s) => s.toLowerCase().replace(/\s+/g, '-'))
  .refine((s) => SLUG_CHARACTERS.test(s), {
    message: 'may hold letters, digits and _ . : @ - only',
    when: (payload) => payload.issues.length === 0,
  });

export const TicketRefSchema = z.union([z.number().int().positive(), z.string().trim().min(1).max(40)]);
export const TitleSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_TITLE, `must be at most ${MAX_TITLE} characters`)
  .refine((s) => !CONTROL_CHARACTERS.test(s), 'must not contain control characters');
/** NUL cannot be stored by PostgreSQL; refusing it everywhere keeps both backends alike. */
const noNul = (s: string) => !s.includes('\u0000');
export const DescriptionSchema = z
  .string()
  .max(MAX_DESCRIPTION, `must be at most ${MAX_DESCRIPTION} characters`)
  .refine(noNul, 'must not contain NUL characters');
export const SlugSchema = slug;
export const LabelsSchema = z.array(slug).max(MAX_LABELS, `a ticket takes at most ${MAX_LABELS} labels`);
export const LimitSchema = z.number().int().min(1).max(500);

// Planning values are checked for range and calendar in core (domain/planning.ts, domain/fields.ts),
// which words each refusal; here only their JSON kind. A JSON 1e400 arrives as Infinity, still a number.
const DueSchema = z.string().max(40, 'must be at most 40 characters');
const EstimateSchema = z.custom<number | string>(
  (v) => typeof v === 'number' || typeof v === 'string',
  'must be a number, e.g. 3 or 0.5',
);
const FieldValueSchema = z.custom<string | number | boolean>(
  (v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean',
  'must be text, a number or true/false',
);
const FieldsSchema = z.record(z.string().max(40), FieldValueSchema.nullable());

export const CreateInputSchema = z.strictObject({
  title: TitleSchema,
  description: DescriptionSchema.optional(),
  type: slug.optional(),
  priority: slug.optional(),
  assignee: slug.nullable().optional(),
  category: slug.nullable().optional(),
  labels: LabelsSchema.optional(),
  /** `YYYY-MM-DD`, or a time with its zone (`2026-12-31T17:00+02:00`). */
  due: DueSchema.nullable().optional(),
  estimate: EstimateSchema.nullable().optional(),
  /** A milestone's key. */
  milestone: slug.nullable().optional(),
  /** Custom field values by name (declared in the schema file). */
  fields: FieldsSchema.optional(),
  /** A retry with the same key returns the ticket the first call created. */
  idempotencyKey: z.string().min(1).max(MAX_IDEMPOTENCY_KEY).optional(),
});
export type CreateInput = z.input<typeof CreateInputSchema>;
export type CreateFields = z.output<typeof CreateInputSchema>;

const CREATE_KEYS = Object.keys(CreateInputSchema.shape) as (keyof CreateFields)[];
const CREATE_KEY_SET: ReadonlySet<string> = new Set(CREATE_KEYS);
const optionalSlug = (v: unknown) => v === undefined || (typeof v === 'string' && isSlug(v));

/**
 * A create input that `CreateInputSchema` would return unchanged, checked without zod; undefined
 * for anything else. Every ticket written passes here, and zod's parse was a visible share of a
 * create, run between SQLite calls with cold caches (docs/benchmarks.md has the figures). Only inputs already in their
 * final form qualify (a trimmed title, slugs already lower-case ASCII), so zod still words every
 * error and does every normalisation. The keys come out in the schema's order, as zod's do: the
 * idempotency hash depends on it. A property test holds this equal to zod.
 */
export function plainCreate(raw: unknown): CreateFields | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const proto: unknown = Object.getPrototypeOf(raw);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const input = raw as Record<string, unknown>;
  // Unknown keys (strictObject refuses them, and counts only enumerable ones) go to zod for their message.
  for (const key of Object.keys(input)) if (!CREATE_KEY_SET.has(key)) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of CREATE_KEYS) {
    if (!Object.hasOwn(input, key)) continue;
    const v = input[key];
    switch (key) {
      case 'title':
        if (typeof v !== 'string' || v.length < 1 || v.length > MAX_TITLE || v !== v.trim()) return undefined;
        if (CONTROL_CHARACTERS.test(v)) return undefined;
        break;
      case 'description':
        if (v !== undefined && (typeof v !== 'string' || v.length > MAX_DESCRIPTION || !noNul(v))) return undefined;
        break;
      case 'type':
      case 'priority':
        if (!optionalSlug(v)) return undefined;
        break;
      case 'assignee':
      case 'category':
      case 'milestone':
        if (v !== null && !optionalSlug(v)) return undefined;
        break;
      case 'due':
      case 'estimate':
      case 'fields':
        // Rarer, and their values go to zod for its exact shape.
        if (v !== undefined) return undefined;
        break;
      case 'labels': {
        if (v === undefined) break;
        if (!Array.isArray(v) || v.length > MAX_LABELS) return undefined;
        const labels: string[] = [];
        for (let i = 0; i < v.length; i++) {
          const label: unknown = v[i];
          if (typeof label !== 'string' || !isSlug(label)) return undefined;
          labels.push(label);
        }
        out[key] = labels;
        continue;
      }
      case 'idempotencyKey':
        if (v !== undefined && (typeof v !== 'string' || v.length < 1 || v.length > MAX_IDEMPOTENCY_KEY))
          return undefined;
        break;
    }
    out[key] = v;
  }
  // A missing title goes to zod for its message.
  if (!('title' in out)) return undefined;
  return out as CreateFields;
}

/** A create input, checked: see `plainCreate` for the common case; zod for the rest. */
export function parseCreateInput(raw: unknown): CreateFields {
  return plainCreate(raw) ?? parseInput(CreateInputSchema, raw);
}

export const UpdateInputSchema = z.strictObject({
  title: TitleSchema.optional(),
  description: DescriptionSchema.nullable().optional(),
  type: slug.optional(),
  priority: slug.optional(),
  assignee: slug.nullable().optional(),
  category: slug.nullable().optional(),
  /** The whole set; or edit it with `addLabels` / `removeLabels` (not both ways at once). */
  labels: LabelsSchema.optional(),
  addLabels: LabelsSchema.optional(),
  removeLabels: LabelsSchema.optional(),
  /** null clears it. */
  due: DueSchema.nullable().optional(),
  estimate: EstimateSchema.nullable().optional(),
  milestone: slug.nullable().optional(),
  /** Values to set; a null clears that field; fields not named keep their values. */
  fields: FieldsSchema.optional(),
});
export type UpdateInput = z.input<typeof UpdateInputSchema>;

const oneOrMany = z.union([slug, z.array(slug).max(50)]);

export const TicketFilterSchema = z.strictObject({
  type: oneOrMany.optional(),
  status: oneOrMany.optional(),
  /** `open` (not terminal), `closed` (terminal) or `all` (default). */
  state: z.enum(['open', 'closed', 'all']).optional(),
  priority: oneOrMany.optional(),
  /** An entity, or null for unassigned tickets. */
  assignee: slug.nullable().optional(),
  category: slug.nullable().optional(),
  label: slug.optional(),
  /** Due before this day or instant (`YYYY-MM-DD` or a time with its zone). */
  dueBefore: DueSchema.optional(),
  /** Due after this day (on a later day) or at or after this instant. */
  dueAfter: DueSchema.optional(),
  /** Open and past due. */
  overdue: z.boolean().optional(),
  /** A milestone's key, or null for tickets in none. */
  milestone: slug.nullable().optional(),
  /** Custom field values to match, by name. */
  fields: z.record(z.string().max(40), FieldValueSchema).optional(),
});
export type TicketFilter = z.input<typeof TicketFilterSchema>;

export const ListQuerySchema = TicketFilterSchema.extend({
  /** Cursor: the last ticket number of the previous page. */
  after: z.number().int().min(0).optional(),
  limit: LimitSchema.optional(),
  /** By number, or `due`: soonest due first, undated last (one page, no cursor). */
  order: z.enum(['asc', 'desc', 'due']).optional(),
});
export type ListQuery = z.input<typeof ListQuerySchema>;

export const SearchInputSchema = TicketFilterSchema.extend({
  query: z.string().min(1, 'must not be empty').max(2000),
  limit: LimitSchema.optional(),
  includeComments: z.boolean().optional(),
});
export type SearchInput = z.input<typeof SearchInputSchema>;

export const ReadyQuerySchema = z.strictObject({
  type: oneOrMany.optional(),
  priority: oneOrMany.optional(),
  category: slug.nullable().optional(),
  label: slug.optional(),
  /** Ready tickets already assigned to this entity instead of unassigned ones. */
  assignee: slug.optional(),
  limit: LimitSchema.optional(),
});
export type ReadyQuery = z.input<typeof ReadyQuerySchema>;

export const CommentInputSchema = z.strictObject({
  body: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(MAX_COMMENT, `must be at most ${MAX_COMMENT} characters`)
    .refine(noNul, 'must not contain NUL characters'),
  /** Move the ticket to this status in the same change. */
  status: slug.optional(),
});
export type CommentInput = z.input<typeof CommentInputSchema>;

export const LinkTypeSchema = z.enum(LINK_TYPES);

export const EntityInputSchema = z.strictObject({
  slug,
  name: z.string().trim().min(1).max(200).optional(),
  kind: z.enum(ENTITY_KINDS).optional(),
});
export type EntityInput = z.input<typeof EntityInputSchema>;

export const ProjectInputSchema = z.strictObject({
  key: z
    .string()
    .trim()
    .min(1)
    .max(32)
    .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'must start with a letter and hold letters, digits, _ or - only'),
  name: z.string().trim().min(1).max(200).optional(),
  prefix: z.string().max(16).optional(),
});
export type ProjectInput = z.input<typeof ProjectInputSchema>;

export const ClaimInputSchema = z.strictObject({
  /** Minutes until the claim lapses and the ticket is ready again (no expiry when absent). */
  leaseMinutes: z.number().int().min(1).max(10_080).optional(),
});

/**
 * A whole-number argument (a limit, a cursor, a position) or a `validation` error naming it, so that
 * a NaN from a face never reaches the database as a datatype error.
 */
export function wholeNumber(value: number, field: string): number {
  if (!Number.isSafeInteger(value)) throw invalid(`${field}: must be a whole number, not ${value}`, { field });
  return value;
}

/**
 * Parses `value` with `schema`, turning zod's issues into one `validation` error naming each field.
 * `field` names a bare value (a status, a label) so the message says which argument was wrong.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, field = 'input'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 5).map((i) => {
    const path = i.path.length ? i.path.join('.') : field;
    return `${path}: ${i.message}`;
  });
  throw invalid(issues.join('; '), { issues: result.error.issues.map((i) => ({ path: i.path, message: i.message })) });
}

import { z } from 'zod';
import { EVENT_KINDS } from '../../domain/events.js';
import { LINK_TYPES } from '../../domain/links.js';
import { REFERENCE_KINDS } from '../../domain/references.js';
import { ENTITY_KINDS } from '../../domain/records.js';

/**
 * Docket's export format: JSON Lines, one record per line, each with a `record` field naming its
 * kind. Tickets are named by number, never by row id, so a file loads into any database.
 * Described for people in docs/export-format.md; bump EXPORT_VERSION on any incompatible change.
 */
export const EXPORT_FORMAT = 'docket-export';
export const EXPORT_VERSION = 1;

/** Rows per store page while exporting or importing: bounds memory whatever the project's size. */
export const PAGE = 500;

export const toIso = (ms: number): string => new Date(ms).toISOString();

const Time = z.iso.datetime().transform((s) => Date.parse(s));
const Number_ = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const Text = (max: number) => z.string().max(max);
const Name = z.string().min(1).max(200);
const Who = z.string().min(1).max(200).nullable();

// The project schema is stored exactly as exported (key order included) so that a re-export is
// byte-identical; these shapes only check it. Loose, so optional keys a later 1.x adds still load.
const WorkflowShape = z.looseObject({
  type: z.string().min(1),
  states: z.array(z.string().min(1)).min(1),
  initial: z.string().min(1),
  terminal: z.array(z.string().min(1)),
  transitions: z.array(z.tuple([z.string().min(1), z.string().min(1)])),
  work: z.string().min(1).optional(),
});
export const SchemaShape = z.looseObject({
  types: z.array(WorkflowShape).min(1),
  priorities: z.array(z.string().min(1)).min(1),
  options: z.looseObject({
    display_prefix: z.string().max(16),
    lock_entities: z.boolean(),
    default_priority: z.string().min(1),
    require_operator: z.boolean(),
    audit_log: z.boolean(),
    audit_prune_keep_days: z.number().int().min(0),
    default_type: z.string().min(1),
  }),
});

const Header = z.strictObject({
  record: z.literal('header'),
  format: z.literal(EXPORT_FORMAT),
  version: z.number().int(),
  project: z.strictObject({ key: z.string().min(1).max(32), name: Name, createdAt: Time }),
  schema: SchemaShape,
});

const Entity = z.strictObject({
  record: z.literal('entity'),
  slug: z.string().min(1).max(64),
  name: Name,
  kind: z.enum(ENTITY_KINDS),
  createdAt: Time,
});

const Category = z.strictObject({
  record: z.literal('category'),
  slug: z.string().min(1).max(64),
  createdAt: Time,
});

const Ticket = z.strictObject({
  record: z.literal('ticket'),
  number: Number_,
  type: z.string().min(1),
  title: z.string().min(1).max(500),
  description: Text(1_000_000),
  status: z.string().min(1),
  priority: z.string().min(1),
  assignee: z.string().min(1).nullable(),
  category: z.string().min(1).nullable(),
  labels: z.array(z.string().min(1).max(64)).max(50),
  createdBy: Who,
  createdAt: Time,
  updatedAt: Time,
  closedAt: Time.nullable(),
  leaseUntil: Time.nullable(),
  version: Number_,
  // Planning values (#15), present only when set; core checked them when they were written.
  due: z.string().min(10).max(40).optional(),
  estimate: z.number().min(0).max(1_000_000).optional(),
  milestone: z.string().min(1).max(64).optional(),
  fields: z.record(z.string().min(1).max(40), z.union([z.string().max(2000), z.number(), z.boolean()])).optional(),
});

const Milestone = z.strictObject({
  record: z.literal('milestone'),
  key: z.string().min(1).max(64),
  name: Name,
  description: Text(10_000),
  due: z.string().min(10).max(40).nullable(),
  closedAt: Time.nullable(),
  createdAt: Time,
});

const Comment = z.strictObject({
  record: z.literal('comment'),
  ticket: Number_,
  author: Who,
  body: Text(1_000_000),
  status: z.string().min(1).nullable(),
  createdAt: Time,
});

const Link = z.strictObject({
  record: z.literal('link'),
  source: Number_,
  type: z.enum(LINK_TYPES),
  target: Number_,
  createdBy: Who,
  createdAt: Time,
});

const Reference = z.strictObject({
  record: z.literal('reference'),
  ticket: Number_,
  kind: z.enum(REFERENCE_KINDS),
  key: z.string().min(1).max(2000),
  subject: Text(1000).nullable(),
  author: Text(1000).nullable(),
  time: Time.nullable(),
  branch: Text(1000).nullable(),
  url: Text(2000).nullable(),
  createdBy: Who,
  createdAt: Time,
});

const Change = z.strictObject({
  ticket: Number_,
  field: z.string().min(1).max(64),
  old: Text(1_000_000).nullable(),
  new: Text(1_000_000).nullable(),
  /** Present only when the row's actor or time differs from its event's. */
  actor: Who.optional(),
  at: Time.optional(),
});

const Event = z.strictObject({
  record: z.literal('event'),
  kind: z.enum(EVENT_KINDS),
  ticket: Number_.nullable(),
  actor: Who,
  at: Time,
  changes: z.array(Change),
});

const Audit = z.strictObject({
  record: z.literal('audit'),
  kind: z.string().min(1).max(64),
  actor: Who,
  at: Time,
  line: Text(100_000),
});

const Idempotency = z.strictObject({
  record: z.literal('idempotency'),
  key: z.string().min(1).max(200),
  hash: z.string().min(1).max(200),
  ticket: Number_,
  createdAt: Time,
});

const ImportRef = z.strictObject({
  record: z.literal('import_ref'),
  source: z.string().min(1).max(32),
  id: z.string().min(1).max(500),
  url: z.string().max(2000).nullable(),
  ticket: Number_,
  hash: z.string().min(1).max(200),
  at: Time,
});

/** A webhook subscription, secret included (docs/webhooks.md, "Moving data"); not counted by the end line. */
const Webhook = z.strictObject({
  record: z.literal('webhook'),
  url: z.string().min(1).max(2000),
  events: z.array(z.enum(EVENT_KINDS)),
  type: z.string().min(1).max(64).nullable(),
  label: z.string().min(1).max(64).nullable(),
  format: z.enum(['json', 'slack']),
  secret: z.string().min(16).max(200),
  active: z.boolean(),
  pausedReason: z.string().max(2000).nullable(),
  createdAt: Time,
});

const Counter = z.strictObject({
  record: z.literal('counter'),
  lastNumber: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});

/** Records that the end line counts, in the order an export writes them. */
export const COUNTED = [
  'entity',
  'category',
  'milestone',
  'ticket',
  'comment',
  'link',
  'reference',
  'event',
  'audit',
  'idempotency',
  'import_ref',
] as const;
export type Counted = (typeof COUNTED)[number];

/** Counts an end line may leave out when zero: files written before the record existed still load. */
export const OPTIONAL_COUNTS: ReadonlySet<Counted> = new Set<Counted>(['milestone', 'reference', 'import_ref']);

const End = z.strictObject({
  record: z.literal('end'),
  counts: z.strictObject(
    Object.fromEntries(
      COUNTED.map((k) => [k, OPTIONAL_COUNTS.has(k) ? z.number().int().min(0).optional() : z.number().int().min(0)]),
    ) as Record<Counted, z.ZodNumber>,
  ),
});

export const LINE_SCHEMAS = {
  header: Header,
  entity: Entity,
  category: Category,
  milestone: Milestone,
  ticket: Ticket,
  comment: Comment,
  link: Link,
  reference: Reference,
  event: Event,
  audit: Audit,
  idempotency: Idempotency,
  import_ref: ImportRef,
  webhook: Webhook,
  counter: Counter,
  end: End,
} as const;

export type RecordName = keyof typeof LINE_SCHEMAS;
export type ParsedLine = { [K in RecordName]: z.output<(typeof LINE_SCHEMAS)[K]> }[RecordName];
export type ChangeLine = z.output<typeof Change>;

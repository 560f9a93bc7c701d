import { z } from 'zod';
import { SCOPES } from '../domain/access.js';
import { EVENT_KINDS } from '../domain/events.js';
import { REFERENCE_KINDS } from '../domain/references.js';
import {
  ClaimInputSchema,
  CommentInputSchema,
  CreateInputSchema,
  EntityInputSchema,
  LabelsSchema,
  LinkTypeSchema,
  ProjectInputSchema,
  SlugSchema,
  TicketRefSchema,
  UpdateInputSchema,
} from '../domain/inputs.js';
import { LINK_TYPES } from '../domain/links.js';
import { ENTITY_KINDS } from '../domain/records.js';
import { withPlanning } from './planning-query.js';

/**
 * The REST API's request and response shapes. Request bodies reuse the library's schemas from
 * `domain/inputs.ts`; query strings wrap them with string parsing. The same objects feed validation
 * and the OpenAPI document, and the responses are checked against them in the tests.
 */

export const registry = z.registry<{ id: string; description?: string }>();
export const named = <T extends z.ZodType>(schema: T, id: string, description?: string): T => {
  registry.add(schema, description === undefined ? { id } : { id, description });
  return schema;
};

// --- query string pieces -----------------------------------------------------------------------

/**
 * A whole number in a query string or path, with bounds. Only plain digits are read as one (no
 * sign, exponent or hex); the OpenAPI document shows the number it stands for: an integer.
 */
export const intParam = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : v),
    z
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`),
  );

const boolParam = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** `status=a&status=b` or `status=a,b`. */
const listParam = z
  .union([z.string().max(2000), z.array(z.string().max(200)).max(50)])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(SlugSchema).max(50, 'at most 50 values'));

/** `none` (or an empty value) selects tickets without one. */
const nullableSlugParam = z
  .string()
  .max(64)
  .transform((v) => (v === '' || v.toLowerCase() === 'none' ? null : v))
  .pipe(SlugSchema.nullable());

const filterParams = {
  type: listParam.optional(),
  status: listParam.optional(),
  state: z.enum(['open', 'closed', 'all']).optional(),
  priority: listParam.optional(),
  assignee: nullableSlugParam.optional(),
  category: nullableSlugParam.optional(),
  label: SlugSchema.optional(),
};

export const ProjectParams = z.strictObject({ name: z.string().min(1).max(64) });
export const TicketParams = ProjectParams.extend({ id: z.string().min(1).max(40) });
export const LinkParams = TicketParams.extend({ linkId: intParam(1, Number.MAX_SAFE_INTEGER) });
export const SlugParams = ProjectParams.extend({ slug: z.string().min(1).max(64) });
export const KeyParams = ProjectParams.extend({ key: z.string().min(1).max(64) });
export const TypeParams = ProjectParams.extend({ type: z.string().min(1).max(64) });
export const StateParams = TypeParams.extend({ state: z.string().min(1).max(64) });
export const TransitionParams = TypeParams.extend({ from: z.string().min(1).max(64), to: z.string().min(1).max(64) });
export const PriorityParams = ProjectParams.extend({ priority: z.string().min(1).max(64) });

export const ListQuery = withPlanning({
  ...filterParams,
  after: intParam(0, Number.MAX_SAFE_INTEGER).optional(),
  limit: intParam(1, 500).optional(),
  order: z.enum(['asc', 'desc', 'due']).optional(),
});

export const SearchQuery = withPlanning({
  ...filterParams,
  q: z.string().min(1, 'must not be empty').max(2000).optional(),
  query: z.string().min(1, 'must not be empty').max(2000).optional(),
  limit: intParam(1, 500).optional(),
  includeComments: boolParam.optional(),
});

export const BoardQuery = z.strictObject({
  view: z.enum(['kanban', 'summary']).optional(),
  type: SlugSchema.optional(),
  includeTerminal: boolParam.optional(),
  limit: intParam(1, 100).optional(),
});

export const ReadyQuery = z.strictObject({
  type: listParam.optional(),
  priority: listParam.optional(),
  category: nullableSlugParam.optional(),
  label: SlugSchema.optional(),
  assignee: SlugSchema.optional(),
  limit: intParam(1, 500).optional(),
});

export const CountsQuery = z.strictObject({ status: listParam.optional() });
export const FlowQuery = z.strictObject({
  days: intParam(1, 366).optional().describe('how many days, today last (30)'),
});
export const PageQuery = z.strictObject({
  after: intParam(0, Number.MAX_SAFE_INTEGER).optional(),
  limit: intParam(1, 500).optional(),
});
export const GetQuery = z.strictObject({ include: listParam.optional() });
export const ForceQuery = z.strictObject({ force: boolParam.optional() });

// --- request bodies ------------------------------------------------------------------------------

/** stompy-ticketing's `tags` is accepted for `labels`. */
export const CreateBody = named(
  CreateInputSchema.omit({ idempotencyKey: true }).extend({ tags: LabelsSchema.optional() }),
  'CreateTicket',
);
export const UpdateBody = named(UpdateInputSchema.extend({ tags: LabelsSchema.optional() }), 'UpdateTicket');
export const MoveBody = z.strictObject({ status: SlugSchema, comment: CommentInputSchema.shape.body.optional() });
export const CloseBody = z.strictObject({ resolution: SlugSchema.optional() });
export const EmptyBody = z.strictObject({});
export const LabelsBody = z.strictObject({ add: LabelsSchema.optional(), remove: LabelsSchema.optional() });
export const ClaimBody = ClaimInputSchema;
export const ClaimNextBody = ClaimInputSchema.extend({
  type: z.array(SlugSchema).max(50).optional(),
  priority: z.array(SlugSchema).max(50).optional(),
  category: SlugSchema.nullable().optional(),
  label: SlugSchema.optional(),
});
export const CommentBody = CommentInputSchema;
/** `type` + `target`, or stompy-ticketing's `link_type` + `target_id`. */
export const LinkBody = z
  .strictObject({
    type: LinkTypeSchema.optional(),
    target: TicketRefSchema.optional(),
    link_type: LinkTypeSchema.optional(),
    target_id: TicketRefSchema.optional(),
  })
  .refine((b) => (b.type ?? b.link_type) !== undefined, { message: 'give the link type', path: ['type'] })
  .refine((b) => (b.target ?? b.target_id) !== undefined, { message: 'give the target ticket', path: ['target'] });
const ids = z.array(TicketRefSchema).min(1, 'give at least one id').max(50, 'at most 50 ids per batch');
export const BatchMoveBody = z.strictObject({ ids, status: SlugSchema, dryRun: z.boolean().optional() });
export const BatchCloseBody = z.strictObject({
  ids,
  resolution: SlugSchema.optional(),
  dryRun: z.boolean().optional(),
});
export const ProjectBody = ProjectInputSchema;
export const EntityBody = EntityInputSchema;
export const EntityUpdateBody = EntityInputSchema.omit({ slug: true });
export const CategoryBody = z.strictObject({ slug: SlugSchema });
export const ConfigBody = z.strictObject({ value: z.union([z.string().max(200), z.boolean(), z.number()]) });
export const StateBody = z.strictObject({ state: SlugSchema, terminal: z.boolean().optional() });
export const TransitionBody = z.strictObject({ from: SlugSchema, to: SlugSchema });
export const PriorityBody = z.strictObject({
  priority: SlugSchema,
  /** 1 = most urgent; default: least urgent. */
  position: z.number().int().min(1).max(1000).optional(),
});
export const RenameBody = z.strictObject({ name: SlugSchema });
export const WorkflowBody = z.strictObject({
  type: SlugSchema,
  states: z.array(SlugSchema).min(1).max(50),
  initial: SlugSchema,
  terminal: z.array(SlugSchema).max(50),
  transitions: z.array(z.tuple([SlugSchema, SlugSchema])).max(500),
  work: SlugSchema.optional(),
});
export const PruneBody = z.strictObject({ keepDays: z.number().int().min(0).max(36500).optional() });

// --- responses -------------------------------------------------------------------------------

const nstr = z.string().nullable();
/** Response arrays are read-only: the library returns readonly arrays. */
const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();

export const Ticket = named(
  z.object({
    id: z.string().describe('display id, e.g. DOC-42'),
    number: z.number(),
    project: z.string(),
    type: z.string(),
    title: z.string(),
    description: z.string(),
    status: z.string(),
    priority: z.string(),
    assignee: nstr,
    category: nstr,
    labels: list(z.string()),
    createdBy: nstr,
    createdAt: z.string(),
    updatedAt: z.string(),
    closedAt: nstr,
    leaseUntil: nstr,
    version: z.number().describe('bumped by every change; the ETag and If-Match carry it'),
    due: z.string().optional().describe('YYYY-MM-DD (a calendar day) or an ISO-8601 UTC instant; absent when none'),
    estimate: z.number().optional().describe("in the project's estimate_unit; absent when none"),
    milestone: z.string().optional().describe("the milestone's key; absent when none"),
    fields: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .describe('custom field values by name; absent when none'),
  }),
  'Ticket',
);
export const Link = named(
  z.object({
    linkId: z.number(),
    type: z.enum(LINK_TYPES),
    relation: z.enum(['blocks', 'blocked_by', 'children', 'parent', 'related', 'duplicate_of', 'duplicates']),
    ticket: z.string(),
    title: z.string(),
    status: z.string(),
    closed: z.boolean(),
  }),
  'Link',
);
export const Comment = named(
  z.object({ id: z.number(), author: nstr, body: z.string(), status: nstr, createdAt: z.string() }),
  'Comment',
);
export const HistoryEntry = named(
  z.object({ id: z.number(), field: z.string(), old: nstr, new: nstr, actor: nstr, at: z.string() }),
  'HistoryEntry',
);
export const Reference = named(
  z.object({
    kind: z.enum(REFERENCE_KINDS),
    key: z.string().describe("the commit's full sha, the branch name, or the pull request's URL"),
    subject: nstr,
    author: nstr,
    time: nstr.describe('when the commit was made'),
    branch: nstr.describe('where the commit was seen; the default branch once it landed there'),
    url: nstr,
    createdAt: z.string(),
  }),
  'Reference',
);
export const TicketWithDetail = Ticket.extend({
  links: list(Link).optional(),
  references: list(Reference).optional(),
  comments: list(Comment).optional(),
  history: list(HistoryEntry).optional(),
});
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: list(item), next: z.number().nullable().describe('pass as `after` for the next page') });
export const TicketPage = named(page(Ticket), 'TicketPage');
export const SearchResults = z.object({
  items: list(
    z.object({
      ticket: Ticket,
      rank: z.number(),
      snippet: z
        .string()
        .describe(
          'the best passage as written, each match between U+E000 and U+E001 (private-use characters; a ticket whose own text holds one gets no marks)',
        ),
    }),
  ),
});
const Column = z.object({
  status: z.string(),
  terminal: z.boolean(),
  count: z.number(),
  tickets: list(Ticket).optional(),
});
export const Board = named(
  z.object({
    types: list(z.object({ type: z.string(), columns: list(Column) })),
    open: z.number(),
    closed: z.number(),
  }),
  'Board',
);
export const Tickets = z.object({ items: list(Ticket) });
export const LabelCounts = z.object({ items: list(z.object({ label: z.string(), count: z.number() })) });
export const TicketFlow = z.object({
  items: list(z.object({ day: z.string().describe('YYYY-MM-DD (UTC)'), opened: z.number(), closed: z.number() })),
});
export const EntityCounts = z.object({ items: list(z.object({ entity: nstr, count: z.number() })) });
export const CommentResult = z.object({ ticket: Ticket, commentId: z.number() });
export const BatchResult = named(
  z.object({
    items: list(
      z.object({
        id: z.string(),
        ok: z.boolean(),
        from: z.string().optional(),
        to: z.string().optional(),
        ticket: Ticket.optional(),
        error: z.object({ code: z.string(), message: z.string() }).optional(),
      }),
    ),
  }),
  'BatchResult',
);
export const Removed = z.object({ removed: z.number() });
export const ProjectInfo = named(
  z.object({ key: z.string(), name: z.string(), prefix: z.string(), createdAt: z.string() }),
  'Project',
);
export const Workflow = z.object({
  type: z.string(),
  states: list(z.string()),
  initial: z.string(),
  terminal: list(z.string()),
  transitions: list(z.tuple([z.string(), z.string()]).readonly()),
  work: z.string().optional(),
});
export const ProjectSchemaOut = named(
  z.object({
    types: list(Workflow),
    priorities: list(z.string()),
    options: z.object({
      display_prefix: z.string(),
      lock_entities: z.boolean(),
      default_priority: z.string(),
      require_operator: z.boolean(),
      audit_log: z.boolean(),
      audit_prune_keep_days: z.number(),
      default_type: z.string(),
      webhook_allow_private: z.boolean().optional(),
      estimate_unit: z.enum(['points', 'hours']).optional(),
    }),
    fields: list(
      z.object({
        name: z.string(),
        type: z.enum(['string', 'number', 'date', 'bool', 'enum']),
        values: list(z.string()).optional().describe("an enum's allowed values"),
        required: z.boolean().optional(),
        default: z.union([z.string(), z.number(), z.boolean()]).optional(),
        types: list(z.string()).optional().describe('the ticket types it applies to; all when absent'),
      }),
    )
      .optional()
      .describe('custom fields from the schema file; absent when none'),
  }),
  'ProjectSchema',
);
export const Entity = named(
  z.object({ slug: z.string(), name: z.string(), kind: z.enum(ENTITY_KINDS), createdAt: z.string() }),
  'Entity',
);
export const Category = named(z.object({ slug: z.string(), createdAt: z.string() }), 'Category');
export const Config = z.record(z.string(), z.string());
export const AuditEntry = z.object({ id: z.number(), at: z.string(), actor: nstr, kind: z.string(), line: z.string() });
export const ChangeEvent = named(
  z.object({
    id: z.number(),
    project: z.string(),
    kind: z.enum(EVENT_KINDS),
    ticket: nstr,
    actor: nstr,
    at: z.string(),
    changes: list(z.object({ field: z.string(), old: nstr, new: nstr })),
  }),
  'ChangeEvent',
);
export const Problem = named(
  z.object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    code: z.string().describe('stable machine-readable code; branch on this'),
    instance: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
  'Problem',
);
export const Scope = z.enum(SCOPES);

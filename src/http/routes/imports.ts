import type { IncomingMessage } from 'node:http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IMPORT_KINDS } from '../../core/transfer/importers/import-item.js';
import { parseMappingRules } from '../../core/transfer/importers/mapping.js';
import { DocketError } from '../../domain/errors.js';
import { ProjectParams } from '../schemas.js';
import { type Deps, problems, projectOf } from './deps.js';

/** The largest import body read; past it the import is refused (split the file, or use the CLI). */
export const IMPORT_BODY_LIMIT = 256 * 1024 * 1024;

const flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .optional();

const ImportQuery = z.strictObject({
  from: z.enum(IMPORT_KINDS).describe('the tracker the body comes from'),
  dryRun: flag.describe('plan only: the mapping and counts, nothing written'),
  map: z
    .union([z.string().max(500), z.array(z.string().max(500)).max(100)])
    .optional()
    .describe('mapping rules, e.g. map=status:Todo=backlog&map=type:Epic=- (see docs/import.md)'),
  skipBad: flag.describe('leave out (and list) records that cannot be read'),
  dropUnmapped: flag.describe('leave out (and list) items with a value nothing maps'),
  includeArchived: flag,
  includePrs: flag.describe('github: import pull requests too'),
  baseUrl: z.url().max(500).optional().describe("jira, linear: the site, to keep each item's URL"),
});

const Counts = z.object({
  items: z.number().int(),
  comments: z.number().int(),
  links: z.number().int(),
  labels: z.number().int(),
  entities: z.number().int(),
  dropped: z.number().int(),
  skipped: z.number().int(),
  unmapped: z.number().int(),
});
const Mapped = z.object({
  field: z.enum(['type', 'status', 'priority']),
  forType: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  by: z.string(),
  count: z.number().int(),
});
const Unmapped = Mapped.omit({ to: true, by: true }).extend({
  why: z.string(),
  examples: z.array(z.string()).readonly(),
});
const Place = z.object({ origin: z.string(), reason: z.string() });
const ImportResult = z.object({
  plan: z.object({
    kind: z.string(),
    ok: z.boolean(),
    counts: Counts,
    mapping: z.array(Mapped).readonly(),
    unmapped: z.array(Unmapped).readonly(),
    dropped: z.array(Place.extend({ externalId: z.string().nullable() })).readonly(),
    skipped: z.array(Place).readonly(),
    notes: z.array(z.string()).readonly(),
  }),
  summary: z
    .object({
      kind: z.string(),
      project: z.string(),
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      comments: z.number().int(),
      links: z.number().int(),
      entities: z.number().int(),
      tickets: z
        .array(
          z.object({
            externalId: z.string(),
            ticket: z.string(),
            outcome: z.enum(['created', 'updated', 'unchanged']),
          }),
        )
        .readonly(),
      notes: z.array(z.string()).readonly(),
    })
    .nullable()
    .describe('what was written; null for a dry run'),
});

/** The request body as it arrives, refused once it passes the limit. */
async function* bounded(req: IncomingMessage): AsyncIterable<Uint8Array> {
  let seen = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    seen += chunk.length;
    if (seen > IMPORT_BODY_LIMIT) {
      throw new DocketError(
        'too_large',
        `an import body may hold ${IMPORT_BODY_LIMIT / 1024 / 1024} MiB; split the file, or import it with the CLI`,
        { limit: IMPORT_BODY_LIMIT },
      );
    }
    yield chunk;
  }
}

/** Backlog.md is a folder: over HTTP its files come as JSON `{"files": [{"path", "text"}]}`. */
const BacklogFiles = z.strictObject({
  files: z.array(z.strictObject({ path: z.string().min(1).max(1000), text: z.string() })).max(100_000),
});

async function backlogFiles(req: IncomingMessage) {
  let text = '';
  const decoder = new TextDecoder();
  for await (const chunk of bounded(req)) text += decoder.decode(chunk, { stream: true });
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new DocketError('validation', `backlog: the body is not JSON (${(e as Error).message})`, {
      field: 'body',
    });
  }
  const parsed = BacklogFiles.safeParse(doc);
  if (!parsed.success) {
    throw new DocketError(
      'validation',
      'backlog: send the folder as {"files": [{"path": "tasks/task-1 - Title.md", "text": "…"}]}',
      { field: 'body' },
    );
  }
  return parsed.data.files;
}

/** Reads what is left of a refused body (up to a bound) so the client, still sending, gets the answer. */
async function drain(req: IncomingMessage): Promise<void> {
  if (req.complete || req.destroyed) return;
  let seen = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      seen += chunk.length;
      if (seen > IMPORT_BODY_LIMIT) return;
    }
  } catch {
    // the client went away: nothing to answer
  }
}

/**
 * `POST /projects/{name}/imports?from=KIND`: another tracker's export, streamed as the request body,
 * into the project (admin scope). The body is read as it arrives, never whole, except Backlog.md's
 * files, which come as one JSON document.
 */
export const importRoutes: FastifyPluginAsyncZod<Deps> = async (app, { docket }) => {
  // This route reads the raw stream itself: no parser may buffer the body first.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  app.post(
    '/projects/:name/imports',
    {
      config: { scope: 'admin' as const },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['admin'],
        operationId: 'importFrom',
        summary: "Import another tracker's export into the project",
        description:
          'The request body is the exported file as the tracker writes it (GitHub JSON, Linear or Jira CSV, beads JSONL, Taskmaster tasks.json), streamed; for backlog, JSON {"files": [{"path", "text"}]} holding the backlog folder\'s files. New items become tickets; items imported before update their tickets. Nothing is written while a record cannot be read (unless skipBad) or a value maps to nothing (unless a rule maps it or dropUnmapped). docs/import.md has each source and mapping.',
        params: ProjectParams,
        querystring: ImportQuery,
        response: { 200: ImportResult, ...problems },
      },
    },
    async (request) => {
      const q = request.query;
      const raw = request.raw;
      try {
        const map = q.map === undefined ? [] : [q.map].flat();
        const options = {
          rules: parseMappingRules(map),
          dryRun: q.dryRun === true,
          skipBad: q.skipBad === true,
          dropUnmapped: q.dropUnmapped === true,
          includeArchived: q.includeArchived === true,
          includePullRequests: q.includePrs === true,
          ...(q.baseUrl !== undefined ? { baseUrl: q.baseUrl } : {}),
          sourceName: 'body',
        };
        const project = projectOf(docket, request);
        if (q.from === 'backlog') return await project.importFrom('backlog', await backlogFiles(raw), options);
        return await project.importFrom(q.from, bounded(raw), options);
      } catch (e) {
        await drain(raw);
        throw e;
      }
    },
  );
};

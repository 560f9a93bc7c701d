import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ChangeEvent as Change } from '../../domain/events.js';
import { latestChanges } from '../../core/recent.js';
import { invalid } from '../../domain/errors.js';
import { HttpProblem } from '../problem.js';
import { ChangeEvent, intParam, page, ProjectParams } from '../schemas.js';
import { type Deps, problems, projectOf } from './deps.js';

export type Streams = Set<() => void>;

/** A client that stops reading is cut off past this much unsent data; it resumes with Last-Event-ID. */
const MAX_BUFFERED = 1024 * 1024;

const EventsQuery = z.strictObject({ after: intParam(0, Number.MAX_SAFE_INTEGER).optional() });
const ChangesQuery = z.strictObject({
  after: intParam(0, Number.MAX_SAFE_INTEGER).optional(),
  before: intParam(1, Number.MAX_SAFE_INTEGER).optional().describe('with order=desc: ids below this one'),
  order: z
    .enum(['asc', 'desc'])
    .optional()
    .describe('desc: newest first, for an activity feed (then `next` is a `before`)'),
  limit: intParam(1, 500).optional(),
});

const frame = (e: Change) => `id: ${e.id}\nevent: ${e.kind}\ndata: ${JSON.stringify(e)}\n\n`;

/** Changes as they happen (server-sent events) and as pages (for pollers). */
export const eventRoutes: FastifyPluginAsyncZod<Deps> = async (app, { docket, feed, streams, heartbeatMs }) => {
  app.get(
    '/projects/:name/events',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['events'],
        operationId: 'streamEvents',
        summary: 'Live changes (server-sent events)',
        description:
          'One event per change (ticket.created, ticket.updated, ticket.moved, ticket.commented, ticket.linked, ticket.claimed, …): `id:` is the change id, `event:` its kind, `data:` a ChangeEvent. Reconnect with Last-Event-ID (or ?after=ID) to get every change since, none twice. Comment lines every 15 s keep the connection open.',
        params: ProjectParams,
        querystring: EventsQuery,
        headers: z.object({ 'last-event-id': z.string().max(20).optional() }),
        response: {
          200: {
            description: 'text/event-stream of ChangeEvent',
            content: { 'text/event-stream': { schema: ChangeEvent } },
          },
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const project = projectOf(docket, request);
      const header = request.headers['last-event-id'];
      if (header !== undefined && !/^\d{1,15}$/.test(header.trim())) {
        throw new HttpProblem('malformed', 'Last-Event-ID must be the id of an event this stream sent', {
          field: 'Last-Event-ID',
        });
      }
      const resume = header !== undefined ? Number(header.trim()) : request.query.after;
      let last = await project.lastChangeId(); // also: 404 before the stream starts for an unknown project
      if (resume !== undefined) last = resume;

      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(`retry: 2000\n: connected to ${project.key}\n\n`);

      let closed = false;
      const end = () => {
        if (closed) return;
        closed = true;
        clearInterval(beat);
        unsubscribe();
        streams.delete(end);
        res.end();
      };
      const send = (events: readonly Change[]) => {
        if (closed) return;
        // Resumption and the shared stream may overlap by a few events: each id goes out once, in order.
        const fresh = events.filter((e) => e.id > last);
        if (!fresh.length) return;
        last = fresh[fresh.length - 1]!.id;
        res.write(fresh.map(frame).join(''));
        if (res.writableLength > MAX_BUFFERED) end();
      };
      const beat = setInterval(() => res.write(': ping\n\n'), heartbeatMs);
      beat.unref();
      const unsubscribe = feed.subscribe(project.key, resume ?? null, send, (e) => {
        request.log.warn({ err: e }, 'event stream failed');
        end();
      });
      streams.add(end);
      request.raw.on('close', end);
      res.on('error', end);
    },
  );

  app.get(
    '/projects/:name/changes',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['events'],
        operationId: 'listChanges',
        summary: 'Changes as pages',
        description:
          'The same events as the live stream, oldest first after `after`; `next` is null on the last page (to poll, pass the last item’s id). `order=desc` lists the newest first instead (an activity feed): `next` is then the `before` of the next, older page.',
        params: ProjectParams,
        querystring: ChangesQuery,
        response: { 200: page(ChangeEvent), ...problems },
      },
    },
    async (request) => {
      const { after, before, order = 'asc', limit = 100 } = request.query;
      const project = projectOf(docket, request);
      if (order === 'desc') {
        if (after !== undefined)
          throw invalid('after: reads forwards; with order=desc page back with before', { field: 'after' });
        const rows = await latestChanges(project, { limit: limit + 1, ...(before === undefined ? {} : { before }) });
        const items = rows.slice(0, limit);
        return { items, next: rows.length > limit ? items[items.length - 1]!.id : null };
      }
      if (before !== undefined) throw invalid('before: pages back only with order=desc', { field: 'before' });
      const rows = await project.changes(after ?? 0, limit + 1);
      const items = rows.slice(0, limit);
      return { items, next: rows.length > limit ? items[items.length - 1]!.id : null };
    },
  );
};

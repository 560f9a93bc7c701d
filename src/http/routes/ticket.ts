import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { invalid } from '../../domain/errors.js';
import { sendTicket, writeOptions } from '../etag.js';
import {
  ClaimBody,
  CloseBody,
  Comment,
  CommentBody,
  CommentResult,
  EmptyBody,
  GetQuery,
  HistoryEntry,
  LabelsBody,
  MoveBody,
  PageQuery,
  page,
  Ticket,
  TicketParams,
  TicketWithDetail,
  UpdateBody,
} from '../schemas.js';
import { type Deps, empty, problems, projectOf } from './deps.js';

const one = '/projects/:name/tickets/:id';
const INCLUDES = ['links', 'references', 'comments', 'history'] as const;
const ifMatch = 'Honours If-Match (412 when the ticket changed since that version).';
const ticketOut = { 200: Ticket, ...problems };

/** One ticket: read, update, move, close, reopen, labels, claim, release, comments, history. */
export const ticketRoutes: FastifyPluginAsyncZod<Deps> = async (app, { docket }) => {
  app.get(
    one,
    {
      config: { scope: 'read' },
      schema: {
        tags: ['tickets'],
        operationId: 'getTicket',
        summary: 'Get a ticket',
        description:
          '`{id}` is a number or a display id (`DOC-42`). The ETag is the version; If-None-Match answers 304. `include=links,references,comments,history` embeds those (stompy-ticketing’s get), without an ETag.',
        params: TicketParams,
        querystring: GetQuery,
        response: { 200: TicketWithDetail, 304: empty('not modified'), ...problems },
      },
    },
    async (request, reply) => {
      const project = projectOf(docket, request);
      const include = request.query.include ?? [];
      const unknown = include.filter((i) => !(INCLUDES as readonly string[]).includes(i));
      if (unknown.length) throw invalid(`include: unknown ${unknown.join(', ')}; use ${INCLUDES.join(', ')}`);
      if (!include.length) return sendTicket(request, reply, await project.get(request.params.id));
      const d = await project.detail(request.params.id, {
        links: include.includes('links'),
        references: include.includes('references'),
        comments: include.includes('comments'),
        history: include.includes('history') ? 1000 : 0,
      });
      return {
        ...d.ticket,
        ...(include.includes('links') ? { links: d.links } : {}),
        ...(include.includes('references') ? { references: d.references } : {}),
        ...(include.includes('comments') ? { comments: d.comments } : {}),
        ...(include.includes('history') ? { history: d.history } : {}),
      };
    },
  );

  app.put(
    one,
    {
      config: { scope: 'write' },
      schema: {
        tags: ['tickets'],
        operationId: 'updateTicket',
        summary: 'Update a ticket',
        description: `Changes the given fields; null clears assignee, category or description. Status changes go through move. ${ifMatch}`,
        params: TicketParams,
        body: UpdateBody,
        response: ticketOut,
      },
    },
    async (request, reply) => {
      const { tags, ...input } = request.body;
      if (tags !== undefined && input.labels !== undefined) throw invalid('give labels or tags, not both');
      const patch = tags !== undefined ? { ...input, labels: tags } : input;
      const ticket = await projectOf(docket, request).update(request.params.id, patch, writeOptions(request));
      return sendTicket(request, reply, ticket);
    },
  );

  app.post(
    `${one}/move`,
    {
      config: { scope: 'write' },
      schema: {
        tags: ['tickets'],
        operationId: 'moveTicket',
        summary: 'Move a ticket to another status',
        description: `One legal step of its workflow (409 lists the legal targets). With \`comment\`, the comment and the move are one change. ${ifMatch}`,
        params: TicketParams,
        body: MoveBody,
        response: ticketOut,
      },
    },
    async (request, reply) => {
      const { status, comment } = request.body;
      const project = projectOf(docket, request);
      const ticket =
        comment === undefined
          ? await project.move(request.params.id, status, writeOptions(request))
          : (await project.comment(request.params.id, { body: comment, status }, writeOptions(request))).ticket;
      return sendTicket(request, reply, ticket);
    },
  );

  app.post(
    `${one}/close`,
    {
      config: { scope: 'write' },
      schema: {
        tags: ['tickets'],
        operationId: 'closeTicket',
        summary: 'Close a ticket',
        description: `Walks the shortest legal path to a terminal state (preferring done-like ones), or to \`resolution\`, in one change; a closed ticket is returned as is. ${ifMatch}`,
        params: TicketParams,
        body: CloseBody.nullish(),
        response: ticketOut,
      },
    },
    async (request, reply) => {
      const resolution = request.body?.resolution;
      const options = { ...writeOptions(request), ...(resolution !== undefined ? { resolution } : {}) };
      return sendTicket(request, reply, await projectOf(docket, request).close(request.params.id, options));
    },
  );

  app.post(
    `${one}/reopen`,
    {
      config: { scope: 'write' },
      schema: {
        tags: ['tickets'],
        operationId: 'reopenTicket',
        summary: 'Reopen a ticket',
        description: `Walks back to the nearest open state (preferring the initial one). ${ifMatch}`,
        params: TicketParams,
        body: EmptyBody.nullish(),
        response: ticketOut,
      },
    },
    async (request, reply) =>
      sendTicket(request, reply, await projectOf(docket, request).reopen(request.params.id, writeOptions(request))),
  );

  app.post(
    `${one}/labels`,
    {
      config: { scope: 'write' },
      schema: {
        tags: ['tickets'],
        operationId: 'changeLabels',
        summary: 'Add and remove labels',
        description: `Concurrent label edits never lose a label. ${ifMatch}`,
        params: TicketParams,
        body: LabelsBody,
        response: ticketOut,
      },
    },
    async (request, reply) => {
      const { add = [], remove = [] } = request.body;
      const ticket = await projectOf(docket, request).editLabels(request.params.id, add, remove, writeOptions(request));
      return sendTicket(request, reply, ticket);
    },
  );

  app.post(
    `${one}/claim`,
    {
      config: { scope: 'write' },
      schema: {
        tags: ['tickets'],
        operationId: 'claimTicket',
        summary: 'Claim a ticket',
        description: `Assigns it to the caller and moves it into work, atomically: of two claimants one wins, the other gets 409. \`leaseMinutes\` makes the claim lapse. Needs an entity. ${ifMatch}`,
        params: TicketParams,
        body: ClaimBody.nullish(),
        response: ticketOut,
      },
    },
    async (request, reply) => {
      const lease = request.body?.leaseMinutes;
      const options = { ...writeOptions(request), ...(lease !== undefined ? { leaseMinutes: lease } : {}) };
      return sendTicket(request, reply, await projectOf(docket, request).claim(request.params.id, options));
    },
  );

  app.post(
    `${one}/release`,
    {
      config: { scope: 'write' },
      schema: {
        tags: ['tickets'],
        operationId: 'releaseTicket',
        summary: 'Release a claim',
        description: `Clears the assignee and lease; the status stays. ${ifMatch}`,
        params: TicketParams,
        body: EmptyBody.nullish(),
        response: ticketOut,
      },
    },
    async (request, reply) =>
      sendTicket(request, reply, await projectOf(docket, request).release(request.params.id, writeOptions(request))),
  );

  app.get(
    `${one}/comments`,
    {
      config: { scope: 'read' },
      schema: {
        tags: ['tickets'],
        operationId: 'listComments',
        summary: 'List comments',
        description: 'Oldest first, one page at a time (`after=<next>`).',
        params: TicketParams,
        querystring: PageQuery,
        response: { 200: page(Comment), ...problems },
      },
    },
    async (request) => projectOf(docket, request).commentsPage(request.params.id, request.query),
  );

  app.post(
    `${one}/comments`,
    {
      config: { scope: 'write' },
      schema: {
        tags: ['tickets'],
        operationId: 'addComment',
        summary: 'Add a comment',
        description: `With \`status\`, also moves the ticket in the same change. ${ifMatch}`,
        params: TicketParams,
        body: CommentBody,
        response: { 201: CommentResult, ...problems },
      },
    },
    async (request, reply) => {
      const result = await projectOf(docket, request).comment(request.params.id, request.body, writeOptions(request));
      reply.header('etag', `"${result.ticket.version}"`);
      return reply.code(201).send(result);
    },
  );

  app.get(
    `${one}/history`,
    {
      config: { scope: 'read' },
      schema: {
        tags: ['tickets'],
        operationId: 'listHistory',
        summary: 'History',
        description:
          'Every changed field with old and new value, who and when, oldest first, one page at a time (`after=<next>`).',
        params: TicketParams,
        querystring: PageQuery,
        response: { 200: page(HistoryEntry), ...problems },
      },
    },
    async (request) => projectOf(docket, request).historyPage(request.params.id, request.query),
  );
};

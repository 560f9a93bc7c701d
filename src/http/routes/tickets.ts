import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { invalid } from '../../domain/errors.js';
import { sendTicket } from '../etag.js';
import { ticketIdempotencyKey } from '../idempotency.js';
import {
  BatchCloseBody,
  BatchMoveBody,
  BatchResult,
  Board,
  BoardQuery,
  ClaimNextBody,
  CountsQuery,
  CreateBody,
  EntityCounts,
  FlowQuery,
  LabelCounts,
  TicketFlow,
  ListQuery,
  ProjectParams,
  ReadyQuery,
  SearchQuery,
  SearchResults,
  Ticket,
  TicketPage,
  Tickets,
} from '../schemas.js';
import { type Deps, empty, problems, projectOf } from './deps.js';

const base = '/projects/:name/tickets';

/** The ticket collection: create, list, board, search, ready work, labels, counts, claim-next, batches. */
export const ticketsRoutes: FastifyPluginAsyncZod<Deps> = async (app, { docket }) => {
  app.post(
    base,
    {
      config: { scope: 'write' },
      schema: {
        tags: ['tickets'],
        operationId: 'createTicket',
        summary: 'Create a ticket',
        description:
          'Starts in its type’s initial state. `tags` (stompy-ticketing) is accepted for `labels`. With an `Idempotency-Key`, a retry returns the first response.',
        params: ProjectParams,
        body: CreateBody,
        response: { 201: Ticket, ...problems },
      },
    },
    async (request, reply) => {
      const { tags, ...input } = request.body;
      if (tags !== undefined && input.labels !== undefined) throw invalid('give labels or tags, not both');
      const key = request.headers['idempotency-key'];
      const ticket = await projectOf(docket, request).create({
        ...input,
        ...(tags !== undefined ? { labels: tags } : {}),
        ...(typeof key === 'string' ? { idempotencyKey: ticketIdempotencyKey(request, key) } : {}),
      });
      reply.header('location', `/projects/${encodeURIComponent(request.params.name)}/tickets/${ticket.id}`);
      return sendTicket(request, reply, ticket, 201);
    },
  );

  app.get(
    base,
    {
      config: { scope: 'read' },
      schema: {
        tags: ['tickets'],
        operationId: 'listTickets',
        summary: 'List tickets',
        description:
          'In number order, one page at a time: pass `after=<next>` for the next page (`next` is null on the last). Filters take one value or several (`status=a,b`); `assignee=none` selects unassigned tickets.',
        params: ProjectParams,
        querystring: ListQuery,
        response: { 200: TicketPage, ...problems },
      },
    },
    async (request) => projectOf(docket, request).list(request.query),
  );

  app.get(
    `${base}/board`,
    {
      config: { scope: 'read' },
      schema: {
        tags: ['tickets'],
        operationId: 'getBoard',
        summary: 'Board',
        description:
          'Columns in workflow order per type. `summary` (default) has counts; `kanban` adds the most urgent cards of each open column (terminal ones with includeTerminal).',
        params: ProjectParams,
        querystring: BoardQuery,
        response: { 200: Board, ...problems },
      },
    },
    async (request) => {
      const { view = 'summary', type, includeTerminal, limit } = request.query;
      return projectOf(docket, request).board({
        view,
        ...(type !== undefined ? { type } : {}),
        ...(includeTerminal !== undefined ? { includeTerminal } : {}),
        ...(limit !== undefined ? { limit } : {}),
      });
    },
  );

  app.get(
    `${base}/search`,
    {
      config: { scope: 'read' },
      schema: {
        tags: ['tickets'],
        operationId: 'searchTickets',
        summary: 'Search',
        description:
          'Ranked full-text search over titles and descriptions (and comments with includeComments): `login bug`, `"exact phrase"`, `auth*`, `-flaky`, `a OR b`. Returns the best `limit` (default 20) hits; no pages.',
        params: ProjectParams,
        querystring: SearchQuery,
        response: { 200: SearchResults, ...problems },
      },
    },
    async (request) => {
      const { q, query, ...rest } = request.query;
      const text = q ?? query;
      if (text === undefined) throw invalid('q: give the words to search for, e.g. ?q=login', { field: 'q' });
      return { items: await projectOf(docket, request).search({ ...rest, query: text }) };
    },
  );

  app.get(
    `${base}/ready`,
    {
      config: { scope: 'read' },
      schema: {
        tags: ['tickets'],
        operationId: 'listReadyTickets',
        summary: 'Ready work',
        description:
          'Open tickets not blocked by an open ticket and not claimed (or claimed by `assignee` when given), most urgent first, then oldest.',
        params: ProjectParams,
        querystring: ReadyQuery,
        response: { 200: Tickets, ...problems },
      },
    },
    async (request) => ({ items: await projectOf(docket, request).ready(request.query) }),
  );

  app.get(
    `${base}/labels`,
    {
      config: { scope: 'read' },
      schema: {
        tags: ['tickets'],
        operationId: 'listLabels',
        summary: 'Labels in use, with counts',
        params: ProjectParams,
        response: { 200: LabelCounts, ...problems },
      },
    },
    async (request) => ({ items: await projectOf(docket, request).labels() }),
  );

  app.get(
    `${base}/flow`,
    {
      config: { scope: 'read' },
      schema: {
        tags: ['tickets'],
        operationId: 'ticketFlow',
        summary: 'Tickets opened and closed per day',
        description:
          'One item per UTC day over the last `days` days (30), oldest first, today last, zeros included. A ticket counts as closed on the day it was last closed, if it is closed now.',
        params: ProjectParams,
        querystring: FlowQuery,
        response: { 200: TicketFlow, ...problems },
      },
    },
    async (request) => ({ items: await projectOf(docket, request).flow(request.query.days) }),
  );

  app.get(
    `${base}/counts`,
    {
      config: { scope: 'read' },
      schema: {
        tags: ['tickets'],
        operationId: 'countTicketsByEntity',
        summary: 'Ticket counts by entity',
        description: 'Tickets per assignee (null: unassigned), optionally only those in the given statuses.',
        params: ProjectParams,
        querystring: CountsQuery,
        response: { 200: EntityCounts, ...problems },
      },
    },
    async (request) => ({ items: await projectOf(docket, request).countByEntity(request.query.status ?? []) }),
  );

  app.post(
    `${base}/claim-next`,
    {
      config: { scope: 'write' },
      schema: {
        tags: ['tickets'],
        operationId: 'claimNextTicket',
        summary: 'Claim the next ready ticket',
        description:
          'Atomically assigns the best ready ticket matching the filter to the caller and moves it into work; 204 when nothing is ready. Needs an entity (a token with --as, or the Docket-Actor header locally).',
        params: ProjectParams,
        body: ClaimNextBody.nullish(),
        response: { 200: Ticket, 204: empty('nothing is ready'), ...problems },
      },
    },
    async (request, reply) => {
      const { leaseMinutes, ...filter } = request.body ?? {};
      const ticket = await projectOf(docket, request).claimNext(
        filter,
        leaseMinutes === undefined ? {} : { leaseMinutes },
      );
      return ticket ? sendTicket(request, reply, ticket) : reply.code(204).send(null);
    },
  );

  app.post(
    `${base}/batch/move`,
    {
      config: { scope: 'write' },
      schema: {
        tags: ['tickets'],
        operationId: 'batchMoveTickets',
        summary: 'Move up to 50 tickets',
        description:
          'Each ticket moves in its own transaction; one illegal move fails only its own item. `dryRun` reports what would happen.',
        params: ProjectParams,
        body: BatchMoveBody,
        response: { 200: BatchResult, ...problems },
      },
    },
    async (request) => {
      const { ids, status, dryRun } = request.body;
      return { items: await projectOf(docket, request).batchMove(ids, status, dryRun ? { dryRun } : {}) };
    },
  );

  app.post(
    `${base}/batch/close`,
    {
      config: { scope: 'write' },
      schema: {
        tags: ['tickets'],
        operationId: 'batchCloseTickets',
        summary: 'Close up to 50 tickets',
        description: 'Like close on each ticket (the shortest walk to a terminal state, or to `resolution`).',
        params: ProjectParams,
        body: BatchCloseBody,
        response: { 200: BatchResult, ...problems },
      },
    },
    async (request) => {
      const { ids, resolution, dryRun } = request.body;
      const options = { ...(resolution !== undefined ? { resolution } : {}), ...(dryRun ? { dryRun } : {}) };
      return { items: await projectOf(docket, request).batchClose(ids, options) };
    },
  );
};

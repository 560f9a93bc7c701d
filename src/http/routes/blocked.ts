import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { intParam, ProjectParams, Ticket } from '../schemas.js';
import { type Deps, problems, projectOf } from './deps.js';

const BlockedQuery = z.strictObject({ limit: intParam(1, 500).optional() });
const BlockedList = z.object({
  items: z
    .array(
      z.object({
        ticket: Ticket,
        blockers: z.array(z.object({ id: z.string(), title: z.string(), status: z.string() })).readonly(),
      }),
    )
    .readonly(),
});

/** What is stuck: open tickets waiting for open blockers (the board's summary shows them). */
export const blockedRoutes: FastifyPluginAsyncZod<Deps> = async (app, { docket }) => {
  app.get(
    '/projects/:name/tickets/blocked',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['tickets'],
        operationId: 'listBlockedTickets',
        summary: 'Blocked work',
        description:
          'Open tickets with at least one open ticket blocking them, each with those blockers; most urgent first, then oldest. `limit` 1–500, default 50.',
        params: ProjectParams,
        querystring: BlockedQuery,
        response: { 200: BlockedList, ...problems },
      },
    },
    async (request) => ({ items: await projectOf(docket, request).blocked(request.query.limit ?? 50) }),
  );
};

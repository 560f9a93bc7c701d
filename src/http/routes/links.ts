import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../domain/errors.js';
import { Link, LinkBody, LinkParams, Removed, TicketParams } from '../schemas.js';
import { type Deps, problems, projectOf } from './deps.js';

const links = '/projects/:name/tickets/:id/links';

/** Links between tickets of one project, stored once and listed from both ends. */
export const linkRoutes: FastifyPluginAsyncZod<Deps> = async (app, { docket }) => {
  app.post(
    links,
    {
      config: { scope: 'write' },
      schema: {
        tags: ['links'],
        operationId: 'addLink',
        summary: 'Link this ticket to another',
        description:
          '`{id} TYPE target`: blocks, parent (this is the target’s parent), related, duplicate (this duplicates the target). A link that would close a cycle of blocks or parent links is refused (409 link_cycle); an existing link is returned as is. stompy-ticketing’s `link_type` and `target_id` are accepted.',
        params: TicketParams,
        body: LinkBody,
        response: { 201: Link, ...problems },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const link = await projectOf(docket, request).link(
        request.params.id,
        (b.type ?? b.link_type)!,
        (b.target ?? b.target_id)!,
      );
      return reply.code(201).send(link);
    },
  );

  app.get(
    links,
    {
      config: { scope: 'read' },
      schema: {
        tags: ['links'],
        operationId: 'listLinks',
        summary: 'List a ticket’s links',
        description:
          'From this ticket’s side: `relation` says how each link reads from here (blocked_by, children, …).',
        params: TicketParams,
        response: { 200: z.object({ items: z.array(Link).readonly() }), ...problems },
      },
    },
    async (request) => ({ items: await projectOf(docket, request).links(request.params.id) }),
  );

  app.delete(
    `${links}/:linkId`,
    {
      config: { scope: 'write' },
      schema: {
        tags: ['links'],
        operationId: 'removeLink',
        summary: 'Remove a link',
        description: 'The link must touch this ticket (404 otherwise).',
        params: LinkParams,
        response: { 200: Removed, ...problems },
      },
    },
    async (request) => {
      const project = projectOf(docket, request);
      const { id, linkId } = request.params;
      // A link id belongs to the ticket in the path: deleting it through another ticket is not found.
      if (!(await project.links(id)).some((l) => l.linkId === linkId)) {
        throw notFound('link', `${linkId} is not a link of ticket ${id}`, { linkId });
      }
      return project.unlink({ linkId });
    },
  );
};

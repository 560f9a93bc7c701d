import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AuditEntry,
  Category,
  CategoryBody,
  Config,
  ConfigBody,
  Entity,
  EntityBody,
  EntityUpdateBody,
  ForceQuery,
  KeyParams,
  PageQuery,
  page,
  ProjectParams,
  PruneBody,
  Removed,
  SlugParams,
} from '../schemas.js';
import { type Deps, empty, problems, projectOf } from './deps.js';

const p = '/projects/:name';
const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item).readonly() });
const done = { 204: empty('done'), ...problems };

/** Entities, categories, options and the audit log. Reading needs `read`; changing needs `admin`. */
export const adminRoutes: FastifyPluginAsyncZod<Deps> = async (app, { docket }) => {
  const read = { scope: 'read' as const };
  const admin = { scope: 'admin' as const };
  const tags = ['admin'];

  app.get(
    `${p}/entities`,
    {
      config: read,
      schema: {
        tags,
        operationId: 'listEntities',
        summary: 'List entities (people, teams, agents)',
        params: ProjectParams,
        response: { 200: items(Entity), ...problems },
      },
    },
    async (request) => ({ items: await projectOf(docket, request).entities() }),
  );
  app.post(
    `${p}/entities`,
    {
      config: admin,
      schema: {
        tags,
        operationId: 'addEntity',
        summary: 'Add an entity',
        params: ProjectParams,
        body: EntityBody,
        response: { 201: Entity, ...problems },
      },
    },
    async (request, reply) => reply.code(201).send(await projectOf(docket, request).addEntity(request.body)),
  );
  app.get(
    `${p}/entities/:slug`,
    {
      config: read,
      schema: {
        tags,
        operationId: 'getEntity',
        summary: 'Get an entity',
        params: SlugParams,
        response: { 200: Entity, ...problems },
      },
    },
    async (request) => projectOf(docket, request).entity(request.params.slug),
  );
  app.put(
    `${p}/entities/:slug`,
    {
      config: admin,
      schema: {
        tags,
        operationId: 'setEntity',
        summary: 'Add or update an entity',
        params: SlugParams,
        body: EntityUpdateBody,
        response: { 200: Entity, ...problems },
      },
    },
    async (request) => projectOf(docket, request).updateEntity({ ...request.body, slug: request.params.slug }),
  );
  app.delete(
    `${p}/entities/:slug`,
    {
      config: admin,
      schema: {
        tags,
        operationId: 'removeEntity',
        summary: 'Remove an entity',
        description: 'Refused while tickets are assigned to it, unless force=true (which unassigns them).',
        params: SlugParams,
        querystring: ForceQuery,
        response: done,
      },
    },
    async (request, reply) => {
      await projectOf(docket, request).removeEntity(request.params.slug, { force: request.query.force ?? false });
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${p}/categories`,
    {
      config: read,
      schema: {
        tags,
        operationId: 'listCategories',
        summary: 'List categories',
        params: ProjectParams,
        response: { 200: items(Category), ...problems },
      },
    },
    async (request) => ({ items: await projectOf(docket, request).categories() }),
  );
  app.post(
    `${p}/categories`,
    {
      config: admin,
      schema: {
        tags,
        operationId: 'addCategory',
        summary: 'Add a category',
        params: ProjectParams,
        body: CategoryBody,
        response: { 201: Category, ...problems },
      },
    },
    async (request, reply) => reply.code(201).send(await projectOf(docket, request).addCategory(request.body.slug)),
  );
  app.put(
    `${p}/categories/:slug`,
    {
      config: admin,
      schema: {
        tags,
        operationId: 'renameCategory',
        summary: 'Rename a category',
        description: 'Its tickets move with it.',
        params: SlugParams,
        body: CategoryBody,
        response: done,
      },
    },
    async (request, reply) => {
      await projectOf(docket, request).renameCategory(request.params.slug, request.body.slug);
      return reply.code(204).send(null);
    },
  );
  app.delete(
    `${p}/categories/:slug`,
    {
      config: admin,
      schema: {
        tags,
        operationId: 'removeCategory',
        summary: 'Delete a category',
        description: 'Refused while tickets are in it, unless force=true (which clears it from them).',
        params: SlugParams,
        querystring: ForceQuery,
        response: done,
      },
    },
    async (request, reply) => {
      await projectOf(docket, request).removeCategory(request.params.slug, { force: request.query.force ?? false });
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${p}/config`,
    {
      config: read,
      schema: {
        tags,
        operationId: 'getConfig',
        summary: 'Project options',
        params: ProjectParams,
        response: { 200: Config, ...problems },
      },
    },
    async (request) => projectOf(docket, request).config(),
  );
  app.put(
    `${p}/config/:key`,
    {
      config: admin,
      schema: {
        tags,
        operationId: 'setConfig',
        summary: 'Set an option',
        description:
          'display_prefix, lock_entities, default_priority, require_operator, audit_log, audit_prune_keep_days, default_type. Answers with all options.',
        params: KeyParams,
        body: ConfigBody,
        response: { 200: Config, ...problems },
      },
    },
    async (request) => {
      const project = projectOf(docket, request);
      await project.setConfig(request.params.key, request.body.value);
      return project.config();
    },
  );

  app.get(
    `${p}/audit`,
    {
      config: read,
      schema: {
        tags,
        operationId: 'listAudit',
        summary: 'Audit log',
        description: 'One line per operation, oldest first, one page at a time (`after=<next>`).',
        params: ProjectParams,
        querystring: PageQuery,
        response: { 200: page(AuditEntry), ...problems },
      },
    },
    async (request) => {
      const { after = 0, limit = 100 } = request.query;
      const rows = await projectOf(docket, request).audit(after, limit + 1);
      const list = rows.slice(0, limit);
      return { items: list, next: rows.length > limit ? list[list.length - 1]!.id : null };
    },
  );
  app.post(
    `${p}/audit/prune`,
    {
      config: admin,
      schema: {
        tags,
        operationId: 'pruneAudit',
        summary: 'Prune the audit log',
        description: 'Deletes lines older than keepDays (default: the audit_prune_keep_days option).',
        params: ProjectParams,
        body: PruneBody.nullish(),
        response: { 200: Removed, ...problems },
      },
    },
    async (request) => projectOf(docket, request).pruneAudit(request.body?.keepDays),
  );
};

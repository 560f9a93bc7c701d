import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorizeGlobal, reaches } from '../guard.js';
import { ProjectBody, ProjectInfo, ProjectParams, ProjectSchemaOut } from '../schemas.js';
import { type Deps, problems } from './deps.js';

/** Projects: list the ones the caller reaches, create new ones, read one with its workflows. */
export const projectRoutes: FastifyPluginAsyncZod<Deps> = async (app, { docket }) => {
  app.get(
    '/projects',
    {
      schema: {
        tags: ['projects'],
        operationId: 'listProjects',
        summary: 'List projects',
        description: 'The projects this caller reaches (all of them locally or with a `*` token).',
        response: { 200: z.object({ items: z.array(ProjectInfo).readonly() }), ...problems },
      },
    },
    async (request) => ({ items: (await docket.projects()).filter((p) => reaches(request, p.key)) }),
  );

  app.post(
    '/projects',
    {
      schema: {
        tags: ['projects'],
        operationId: 'createProject',
        summary: 'Create a project',
        description:
          'With the default workflows (task, bug, feature, decision). Needs an admin token for every project (`*`).',
        body: ProjectBody,
        response: { 201: ProjectInfo, ...problems },
      },
    },
    async (request, reply) => {
      authorizeGlobal(request, 'admin');
      const project = await docket.createProject(request.body, { actor: request.actor });
      reply.header('location', `/projects/${encodeURIComponent(project.key)}`);
      return reply.code(201).send(project);
    },
  );

  app.get(
    '/projects/:name',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['projects'],
        operationId: 'getProject',
        summary: 'Get a project with its workflows',
        description:
          'Its key, name and prefix, and its schema: ticket types with their states and transitions, priorities (most urgent first) and options.',
        params: ProjectParams,
        response: { 200: ProjectInfo.extend({ schema: ProjectSchemaOut }), ...problems },
      },
    },
    async (request) => {
      const project = docket.project(request.params.name);
      const schema = await project.schema();
      const info = (await docket.projects()).find((p) => p.key === project.key)!;
      return { ...info, schema };
    },
  );
};

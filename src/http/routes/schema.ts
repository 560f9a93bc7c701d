import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Workflow } from '../../domain/workflow.js';
import {
  PriorityBody,
  PriorityParams,
  ProjectParams,
  ProjectSchemaOut,
  RenameBody,
  StateBody,
  StateParams,
  TransitionBody,
  TransitionParams,
  TypeParams,
  WorkflowBody,
} from '../schemas.js';
import { type Deps, problems, projectOf } from './deps.js';

const base = '/projects/:name/schema';
const out = { 200: ProjectSchemaOut, ...problems };

/** Changing a project's workflows and priorities (admin). Each change answers with the whole new schema. */
export const schemaRoutes: FastifyPluginAsyncZod<Deps> = async (app, { docket }) => {
  const admin = { scope: 'admin' as const };
  const tags = ['projects'];

  app.post(
    `${base}/types`,
    {
      config: admin,
      schema: {
        tags,
        operationId: 'addType',
        summary: 'Add a ticket type with its workflow',
        params: ProjectParams,
        body: WorkflowBody,
        response: out,
      },
    },
    async (request) => {
      const { work, ...rest } = request.body;
      const wf: Workflow = { ...rest, ...(work !== undefined ? { work } : {}) };
      return projectOf(docket, request).addType(wf);
    },
  );

  app.post(
    `${base}/types/:type/states`,
    {
      config: admin,
      schema: {
        tags,
        operationId: 'addState',
        summary: 'Add a state',
        params: TypeParams,
        body: StateBody,
        response: out,
      },
    },
    async (request) => {
      const { state, terminal } = request.body;
      return projectOf(docket, request).addState(state, {
        type: request.params.type,
        ...(terminal ? { terminal } : {}),
      });
    },
  );

  app.delete(
    `${base}/types/:type/states/:state`,
    {
      config: admin,
      schema: {
        tags,
        operationId: 'removeState',
        summary: 'Remove a state',
        description: 'Refused while tickets are in it.',
        params: StateParams,
        response: out,
      },
    },
    async (request) => projectOf(docket, request).removeState(request.params.state, { type: request.params.type }),
  );

  app.post(
    `${base}/types/:type/transitions`,
    {
      config: admin,
      schema: {
        tags,
        operationId: 'addTransition',
        summary: 'Add a transition',
        params: TypeParams,
        body: TransitionBody,
        response: out,
      },
    },
    async (request) =>
      projectOf(docket, request).addTransition(request.body.from, request.body.to, { type: request.params.type }),
  );

  app.delete(
    `${base}/types/:type/transitions/:from/:to`,
    {
      config: admin,
      schema: {
        tags,
        operationId: 'removeTransition',
        summary: 'Remove a transition',
        params: TransitionParams,
        response: out,
      },
    },
    async (request) =>
      projectOf(docket, request).removeTransition(request.params.from, request.params.to, {
        type: request.params.type,
      }),
  );

  app.post(
    `${base}/priorities`,
    {
      config: admin,
      schema: {
        tags,
        operationId: 'addPriority',
        summary: 'Add a priority',
        description: '`position` 1 is the most urgent; default: least urgent.',
        params: ProjectParams,
        body: PriorityBody,
        response: out,
      },
    },
    async (request) => projectOf(docket, request).addPriority(request.body.priority, request.body.position),
  );

  app.put(
    `${base}/priorities/:priority`,
    {
      config: admin,
      schema: {
        tags,
        operationId: 'renamePriority',
        summary: 'Rename a priority',
        params: PriorityParams,
        body: RenameBody,
        response: out,
      },
    },
    async (request) => projectOf(docket, request).renamePriority(request.params.priority, request.body.name),
  );

  app.delete(
    `${base}/priorities/:priority`,
    {
      config: admin,
      schema: {
        tags,
        operationId: 'removePriority',
        summary: 'Remove a priority',
        description: 'Refused while tickets have it.',
        params: PriorityParams,
        response: out,
      },
    },
    async (request) => projectOf(docket, request).removePriority(request.params.priority),
  );
};

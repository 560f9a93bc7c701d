import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SlugSchema } from '../../domain/inputs.js';
import { KeyParams, ProjectParams } from '../schemas.js';
import { type Deps, problems, projectOf } from './deps.js';

const Milestone = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string(),
  due: z.string().nullable().describe('YYYY-MM-DD or an ISO-8601 UTC instant'),
  state: z.enum(['open', 'closed']),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
  tickets: z.object({ total: z.number(), closed: z.number() }),
  estimate: z.object({ total: z.number(), closed: z.number(), unit: z.string() }),
  progress: z.number().describe('closed share of its tickets, 0 to 1'),
});
const MilestoneDetail = Milestone.extend({
  burnDown: z
    .array(z.object({ day: z.string(), open: z.number().nullable() }))
    .readonly()
    .describe('open estimate at the end of each day up to the due date; null for days to come'),
});
const MilestoneList = z.object({ items: z.array(Milestone).readonly() });
const ListQuery = z.strictObject({ state: z.enum(['open', 'closed', 'all']).optional() });
const due = z.string().max(40).nullable().optional().describe('YYYY-MM-DD or a time with its zone; null clears');
const AddBody = z.strictObject({
  key: SlugSchema,
  name: z.string().max(200).optional(),
  description: z.string().max(10_000).optional(),
  due,
});
const EditBody = z.strictObject({
  key: SlugSchema.optional().describe('a new key: its tickets move with it'),
  name: z.string().max(200).optional(),
  description: z.string().max(10_000).optional(),
  due,
});
const RemoveQuery = z.strictObject({ move_to: SlugSchema.optional() });
const Removed = z.object({ moved: z.number() });

const tags = ['milestones'];
const read = { scope: 'read' } as const;
const write = { scope: 'write' } as const;
const base = '/projects/:name/milestones';

/** A project's milestones with progress and burn-down (docs/planning.md). */
export const milestoneRoutes: FastifyPluginAsyncZod<Deps> = async (app, { docket }) => {
  app.get(
    base,
    {
      config: read,
      schema: {
        tags,
        operationId: 'listMilestones',
        summary: 'List milestones',
        description: 'With progress: open ones by due date (none last), then closed ones. `state` narrows.',
        params: ProjectParams,
        querystring: ListQuery,
        response: { 200: MilestoneList, ...problems },
      },
    },
    async (request) => {
      const { state } = request.query;
      return { items: await projectOf(docket, request).milestones(state === undefined ? {} : { state }) };
    },
  );
  app.post(
    base,
    {
      config: write,
      schema: {
        tags,
        operationId: 'addMilestone',
        summary: 'Add a milestone',
        params: ProjectParams,
        body: AddBody,
        response: { 201: Milestone, ...problems },
      },
    },
    async (request, reply) => reply.code(201).send(await projectOf(docket, request).addMilestone(request.body)),
  );
  app.get(
    `${base}/:key`,
    {
      config: read,
      schema: {
        tags,
        operationId: 'getMilestone',
        summary: 'A milestone with its burn-down',
        params: KeyParams,
        response: { 200: MilestoneDetail, ...problems },
      },
    },
    async (request) => {
      const project = projectOf(docket, request);
      const m = await project.milestone(request.params.key);
      return { ...m, burnDown: (await project.burnDown(m.key)).days };
    },
  );
  app.put(
    `${base}/:key`,
    {
      config: write,
      schema: {
        tags,
        operationId: 'editMilestone',
        summary: 'Rename, describe or re-date a milestone',
        params: KeyParams,
        body: EditBody,
        response: { 200: Milestone, ...problems },
      },
    },
    async (request) => projectOf(docket, request).editMilestone(request.params.key, request.body),
  );
  for (const verb of ['close', 'reopen'] as const) {
    app.post(
      `${base}/:key/${verb}`,
      {
        config: write,
        schema: {
          tags,
          operationId: `${verb}Milestone`,
          summary: verb === 'close' ? 'Close a milestone' : 'Reopen a milestone',
          params: KeyParams,
          response: { 200: Milestone, ...problems },
        },
      },
      async (request) => {
        const project = projectOf(docket, request);
        return verb === 'close'
          ? project.closeMilestone(request.params.key)
          : project.reopenMilestone(request.params.key);
      },
    );
  }
  app.delete(
    `${base}/:key`,
    {
      config: write,
      schema: {
        tags,
        operationId: 'removeMilestone',
        summary: 'Delete a milestone',
        description: 'Refused (409) while tickets are in it, unless `move_to` names the milestone they move to.',
        params: KeyParams,
        querystring: RemoveQuery,
        response: { 200: Removed, ...problems },
      },
    },
    async (request) => {
      const to = request.query.move_to;
      return projectOf(docket, request).removeMilestone(request.params.key, to === undefined ? {} : { moveTo: to });
    },
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { intParam, named, ProjectParams } from '../schemas.js';
import { type Deps, empty, problems, projectOf } from './deps.js';

// Webhook subscriptions and their delivery log (docs/webhooks.md). Every route needs `admin`: a
// webhook sends the project's changes elsewhere, and its secret signs them.

const Webhook = named(
  z.object({
    id: z.number(),
    project: z.string(),
    url: z.string(),
    events: z.array(z.string()).readonly().describe('event kinds sent; empty for every kind'),
    type: z.string().nullable(),
    label: z.string().nullable(),
    format: z.enum(['json', 'slack']),
    active: z.boolean(),
    pausedReason: z.string().nullable(),
    secretHint: z.string(),
    createdAt: z.string(),
  }),
  'Webhook',
  'A subscription; its secret is only in the answer that creates it',
);
const WebhookCreated = named(
  Webhook.extend({ secret: z.string().describe('the signing secret, shown this once') }),
  'WebhookCreated',
);
const WebhookBody = named(
  z.strictObject({
    url: z.string().min(1).max(2000).describe('http:// or https:// URL'),
    events: z.array(z.string().min(1).max(64)).max(20).optional().describe('kinds, e.g. ["created", "moved"]'),
    secret: z.string().min(16).max(200).optional().describe('default: a new random secret'),
    format: z.enum(['json', 'slack']).optional(),
    type: z.string().min(1).max(64).nullable().optional(),
    label: z.string().min(1).max(64).nullable().optional(),
  }),
  'WebhookBody',
);
const Delivery = named(
  z.object({
    id: z.number(),
    deliveryId: z.string().describe('the Docket-Delivery header, the same on every attempt'),
    webhook: z.number(),
    event: z.number(),
    kind: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number(),
    nextAttemptAt: z.string().nullable(),
    lastError: z.string().nullable(),
    responseCode: z.number().nullable(),
    lastAttemptAt: z.string().nullable(),
    createdAt: z.string(),
  }),
  'WebhookDelivery',
);
const Ping = named(
  z.object({
    ok: z.boolean(),
    deliveryId: z.string(),
    responseCode: z.number().nullable(),
    error: z.string().nullable(),
    ms: z.number(),
  }),
  'WebhookPing',
);

const HookParams = ProjectParams.extend({ id: intParam(1, Number.MAX_SAFE_INTEGER) });
const DeliveryParams = ProjectParams.extend({ delivery: intParam(1, Number.MAX_SAFE_INTEGER) });
const DeliveriesQuery = z.strictObject({
  limit: intParam(1, 500).optional(),
  before: intParam(1, Number.MAX_SAFE_INTEGER).optional(),
});
const PauseBody = z.strictObject({ reason: z.string().max(500).optional() }).optional();

const p = '/projects/:name/webhooks';

export const webhookRoutes: FastifyPluginAsyncZod<Deps> = async (app, { docket }) => {
  const config = { scope: 'admin' as const };
  const tags = ['webhooks'];

  app.get(
    p,
    {
      config,
      schema: {
        tags,
        operationId: 'listWebhooks',
        summary: 'List webhooks',
        params: ProjectParams,
        response: { 200: z.object({ items: z.array(Webhook).readonly() }), ...problems },
      },
    },
    async (request) => ({ items: await projectOf(docket, request).webhooks() }),
  );
  app.post(
    p,
    {
      config,
      schema: {
        tags,
        operationId: 'addWebhook',
        summary: 'Subscribe a URL to the project’s changes from now on',
        params: ProjectParams,
        body: WebhookBody,
        response: { 201: WebhookCreated, ...problems },
      },
    },
    async (request, reply) => reply.code(201).send(await projectOf(docket, request).addWebhook(request.body)),
  );
  app.get(
    `${p}/:id`,
    {
      config,
      schema: {
        tags,
        operationId: 'getWebhook',
        summary: 'Get a webhook',
        params: HookParams,
        response: { 200: Webhook, ...problems },
      },
    },
    async (request) => projectOf(docket, request).webhook(request.params.id),
  );
  app.delete(
    `${p}/:id`,
    {
      config,
      schema: {
        tags,
        operationId: 'removeWebhook',
        summary: 'Delete a webhook and its delivery log',
        params: HookParams,
        response: { 204: empty('removed'), ...problems },
      },
    },
    async (request, reply) => {
      await projectOf(docket, request).removeWebhook(request.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    `${p}/:id/pause`,
    {
      config,
      schema: {
        tags,
        operationId: 'pauseWebhook',
        summary: 'Stop sending; events wait in order',
        params: HookParams,
        body: PauseBody,
        response: { 200: Webhook, ...problems },
      },
    },
    async (request) => projectOf(docket, request).pauseWebhook(request.params.id, request.body?.reason),
  );
  app.post(
    `${p}/:id/resume`,
    {
      config,
      schema: {
        tags,
        operationId: 'resumeWebhook',
        summary: 'Send again, starting with what waited',
        params: HookParams,
        response: { 200: Webhook, ...problems },
      },
    },
    async (request) => projectOf(docket, request).resumeWebhook(request.params.id),
  );
  app.post(
    `${p}/:id/test`,
    {
      config,
      schema: {
        tags,
        operationId: 'testWebhook',
        summary: 'Send a signed ping now and report the answer',
        params: HookParams,
        response: { 200: Ping, ...problems },
      },
    },
    async (request) => projectOf(docket, request).testWebhook(request.params.id),
  );
  app.get(
    `${p}/:id/deliveries`,
    {
      config,
      schema: {
        tags,
        operationId: 'listWebhookDeliveries',
        summary: 'The delivery log, newest first',
        params: HookParams,
        querystring: DeliveriesQuery,
        response: { 200: z.object({ items: z.array(Delivery).readonly() }), ...problems },
      },
    },
    async (request) => {
      const { limit, before } = request.query;
      return {
        items: await projectOf(docket, request).webhookDeliveries(request.params.id, {
          ...(limit !== undefined ? { limit } : {}),
          ...(before !== undefined ? { before } : {}),
        }),
      };
    },
  );
  app.post(
    `${p}/deliveries/:delivery/redeliver`,
    {
      config,
      schema: {
        tags,
        operationId: 'redeliverWebhook',
        summary: 'Send a delivery again, with the same delivery id',
        params: DeliveryParams,
        response: { 200: Delivery, ...problems },
      },
    },
    async (request) => projectOf(docket, request).redeliver(request.params.delivery),
  );
};

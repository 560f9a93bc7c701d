import type { FastifyPluginAsync } from 'fastify';
import { renderDocs } from '../docs-page.js';

/** The API reference, the OpenAPI document and a health check: no data, no token needed. (The board at / is routes/board.ts.) */
export const metaRoutes: FastifyPluginAsync = async (app) => {
  const open = { config: { public: true }, schema: { hide: true } };
  let docs: string | null = null;

  app.get('/openapi.json', open, async () => app.swagger());
  app.get('/docs', open, async (_request, reply) => {
    docs ??= renderDocs(app.swagger() as unknown as Record<string, unknown>);
    return reply.type('text/html; charset=utf-8').send(docs);
  });
  app.get('/health', open, async () => ({ ok: true }));
};

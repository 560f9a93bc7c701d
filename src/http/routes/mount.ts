import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';

/** Another handler served on the same port (the MCP HTTP transport): it reads the raw request itself. */
export interface Mount {
  /** Answers the request and returns true, or returns false when the path is not its own. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  close(): Promise<void>;
}

export const MOUNT_PATHS = ['/mcp', '/sse', '/messages'] as const;

/**
 * Hands /mcp, /sse and /messages to the mount untouched: no body parsing here (the transport reads
 * the stream); the mount admits callers through the same door as the routes (core/door.ts) and checks sizes.
 */
export const mountRoutes: FastifyPluginAsync<{ mount: Mount }> = async (app, { mount }) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  for (const url of MOUNT_PATHS) {
    app.route({
      method: ['GET', 'POST', 'DELETE'],
      url,
      config: { mount: true },
      schema: { hide: true },
      handler: async (request, reply) => {
        reply.hijack();
        const res = reply.raw;
        try {
          if (await mount.handle(request.raw, res)) return;
          if (!res.headersSent) {
            res.writeHead(404, { 'content-type': 'application/problem+json' });
            res.end(
              JSON.stringify({
                type: '/docs#problem-not_found',
                title: 'Not found',
                status: 404,
                code: 'not_found',
                detail: `no handler for ${url}`,
              }),
            );
          }
        } catch (e) {
          request.log.error({ err: e }, 'mounted handler failed');
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/problem+json' });
          res.end(
            JSON.stringify({
              type: '/docs#problem-internal',
              title: 'Internal error',
              status: 500,
              code: 'internal',
              detail: 'the MCP handler failed; it was logged',
            }),
          );
        }
      },
    });
  }
};

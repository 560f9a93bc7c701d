import type { SwaggerOptions } from '@fastify/swagger';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { registry } from './schemas.js';

/**
 * The OpenAPI 3.1 document's frame (served at /openapi.json, rendered at /docs): the operations
 * come from the routes' zod schemas, each route naming its own `operationId`. It lints clean with
 * Redocly's recommended rules (test/http/openapi.test.ts).
 */
export function openApiOptions(): SwaggerOptions {
  const components = createJsonSchemaTransformObject({ schemaRegistry: registry });
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Docket REST API',
        version: '1',
        description:
          'Tickets for AI agents and people. Errors are application/problem+json with a stable `code`. See /docs.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      // Relative: the document is right wherever the server is reached (a proxy, another port).
      servers: [{ url: '/', description: 'the server that serves this document' }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
      tags: [
        { name: 'tickets', description: 'Create, read, change and find tickets' },
        { name: 'links', description: 'Relations between tickets' },
        { name: 'events', description: 'Changes as they happen' },
        { name: 'projects', description: 'Projects and their workflows' },
        { name: 'admin', description: 'Entities, categories, options and the audit log' },
        { name: 'webhooks', description: 'Changes sent to other systems, signed and retried' },
      ],
    },
    transform: createJsonSchemaTransform({ schemaRegistry: registry, skipList: [] }),
    transformObject: (input) => withoutUnusedSchemas(components(input)),
  };
}

interface Components {
  readonly components?: { readonly schemas?: Record<string, unknown> };
}

/**
 * Every named schema is emitted twice, as the request (`…Input`) and the answer shape; keep only
 * those an operation reaches, directly or through another schema.
 */
function withoutUnusedSchemas<T extends object>(document: T): T {
  const doc = document as T & Components;
  const schemas = doc.components?.schemas ?? {};
  const used = new Set<string>();
  const visit = (value: unknown): void => {
    for (const [, name] of JSON.stringify(value).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
      if (name === undefined || used.has(name)) continue;
      used.add(name);
      visit(schemas[name]);
    }
  };
  visit({ ...doc, components: { ...doc.components, schemas: {} } });
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)));
  return { ...doc, components: { ...doc.components, schemas: kept } } as T;
}

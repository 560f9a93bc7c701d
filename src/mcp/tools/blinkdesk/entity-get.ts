import { when } from '../../render.js';
import { input, text } from '../../schema.js';
import { defineTool, READ_ONLY } from '../../tool.js';

export const entityGetTool = defineTool({
  name: 'entity_get',
  description: 'Look up an entity by slug.',
  input: input({ slug: text }),
  annotations: { ...READ_ONLY, idempotentHint: true },
  async run(a, call) {
    const e = await (await call.project(undefined, 'read')).entity(a.slug);
    return `${e.slug} ${e.kind}: ${e.name} (since ${when(e.createdAt)})`;
  },
});

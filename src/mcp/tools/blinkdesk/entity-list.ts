import { input } from '../../schema.js';
import { defineTool, READ_ONLY } from '../../tool.js';

export const entityListTool = defineTool({
  name: 'entity_list',
  description: 'List entities (people, teams, agents).',
  input: input({}),
  annotations: { ...READ_ONLY, idempotentHint: true },
  async run(_a, call) {
    const all = await (await call.project(undefined, 'read')).entities();
    return all.length
      ? all.map((e) => `${e.slug} ${e.kind}${e.name !== e.slug ? `: ${e.name}` : ''}`).join('\n')
      : 'no entities';
  },
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, linkedClient, ok, tempDocket } from './support.js';

type Env = Awaited<ReturnType<typeof tempDocket>>;

describe('MCP filters and actor names, in process', () => {
  let env: Env;
  beforeEach(async () => {
    env = await tempDocket();
  });
  afterEach(() => env.cleanup());

  it('ticket list, ready, next and ticket_search refuse values the project does not have', async () => {
    const mcp = await linkedClient(env.docket, { actor: 'alice' });
    try {
      await ok(mcp.client, 'ticket', { action: 'create', title: 'Crash', type: 'bug', tags: ['api'] });
      const list = await call(mcp.client, 'ticket', { action: 'list', status: 'in_progess' });
      expect(list).toEqual({
        isError: true,
        text: expect.stringMatching(/^validation: unknown status 'in_progess'; statuses: backlog, in_progress,/),
      });
      expect(await call(mcp.client, 'ticket', { action: 'ready', type: 'bugs' })).toEqual({
        isError: true,
        text: "validation: unknown ticket type 'bugs'; types: task, bug, feature, decision",
      });
      expect(await call(mcp.client, 'ticket', { action: 'next', tags: ['apii'] })).toMatchObject({
        isError: true,
        text: expect.stringMatching(/^validation: unknown label 'apii'.*labels in use: api$/),
      });
      expect(await call(mcp.client, 'ticket_search', { query: 'crash', status: 'opne' })).toMatchObject({
        isError: true,
        text: expect.stringMatching(/^validation: unknown status 'opne'/),
      });
      // the honest answers still come through
      expect(await ok(mcp.client, 'ticket', { action: 'ready', type: 'bug' })).toMatch(/^DOC-1 /);
      expect(await ok(mcp.client, 'ticket', { action: 'list', status: 'in_progress' })).not.toMatch(/DOC-1/);
    } finally {
      await mcp.close();
    }
  });

  it('a server acting as an invalid actor name refuses with a validation error naming it', async () => {
    const mcp = await linkedClient(env.docket, { actor: 'bad name!' });
    try {
      expect(await call(mcp.client, 'ticket', { action: 'create', title: 'Hello' })).toEqual({
        isError: true,
        text: "validation: actor 'bad name!' is not a valid name (may hold letters, digits and _ . : @ - only); name it as an entity, e.g. 'bad-name'",
      });
      expect(await env.docket.project('doc').entities()).toEqual([]);
      expect((await env.docket.project('doc').list()).items).toEqual([]);
    } finally {
      await mcp.close();
    }
  });
});

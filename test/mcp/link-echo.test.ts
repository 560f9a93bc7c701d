import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linkedClient, ok, tempDocket } from './support.js';

type Env = Awaited<ReturnType<typeof tempDocket>>;
type Linked = Awaited<ReturnType<typeof linkedClient>>;

/** `ticket_link add` answers with display ids however the caller spelled the tickets. */
describe('ticket_link add answer, in process', () => {
  let env: Env;
  let mcp: Linked;
  beforeEach(async () => {
    env = await tempDocket();
    mcp = await linkedClient(env.docket, { actor: 'alice' });
    const doc = env.docket.project('doc');
    await doc.create({ title: 'Write the parser' });
    await doc.create({ title: 'Ship the release' });
    await doc.create({ title: 'Fix the docs' });
  });
  afterEach(async () => {
    await mcp.close();
    await env.cleanup();
  });
  const add = (ticket_id: unknown, link_type: string, target_id: unknown) =>
    ok(mcp.client, 'ticket_link', { action: 'add', ticket_id, link_type, target_id });

  it('names the source ticket by its display id, not by the number or "#n" that was sent', async () => {
    expect(await add(1, 'blocks', 2)).toBe('#1 DOC-1 blocks DOC-2 backlog: Ship the release');
    expect(await add('#3', 'parent', 'DOC-2')).toBe('#2 DOC-3 children DOC-2 backlog: Ship the release');
    expect(await add('doc-1', 'related', '3')).toBe('#3 DOC-1 related DOC-3 backlog: Fix the docs');
    // Adding an existing link again returns it, with the same display ids.
    expect(await add('1', 'blocks', '#2')).toBe('#1 DOC-1 blocks DOC-2 backlog: Ship the release');
  });
});

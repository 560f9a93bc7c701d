import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { type CallToolResult, CallToolResultSchema, type Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH } from '../../src/mcp/tools/ticket.js';
import { call, linkedClient, tempDocket } from './support.js';

const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `WEB-${from + i}`).join(',');

describe('progress on many-ticket moves and closes', () => {
  let env: Awaited<ReturnType<typeof tempDocket>>;
  let mcp: Awaited<ReturnType<typeof linkedClient>>;
  let client: Client;
  const closed = async () => (await env.docket.project('web').list({ state: 'closed', limit: 500 })).items.length;

  beforeAll(async () => {
    env = await tempDocket(['web']);
    const web = env.docket.project('web', { actor: 'alice' });
    for (let i = 1; i <= 160; i++) await web.create({ title: `Ticket ${i}` });
    mcp = await linkedClient(env.docket, { actor: 'alice' });
    client = mcp.client;
  });
  afterAll(async () => {
    await mcp.close();
    await env.cleanup();
  });

  it('reports progress after each batch to a client that sent a progress token', async () => {
    const seen: Progress[] = [];
    const r = (await client.callTool(
      { name: 'ticket', arguments: { action: 'close', ticket_id: `${ids(1, 25)},WEB-999` } },
      CallToolResultSchema,
      { onprogress: (p) => seen.push(p) },
    )) as CallToolResult;
    expect(seen.map((p) => [p.progress, p.total])).toEqual([
      [0, 26],
      [10, 26],
      [20, 26],
      [26, 26],
    ]);
    const lines = (r.content[0] as { text: string }).text.split('\n');
    expect(lines).toHaveLength(26);
    expect(lines[0]).toBe('WEB-1 task done medium v2: Ticket 1');
    expect(lines[25]).toBe('WEB-999 not_found: ticket not found: WEB-999 does not exist in project web');
    expect(r.isError).toBeFalsy();
    expect(await closed()).toBe(25);
  });

  it('moves many tickets the same way, and sends nothing to a client that asked for no progress', async () => {
    const a = await call(client, 'ticket', { action: 'move', ticket_id: ids(26, 30), status: 'in_progress' });
    expect(a.text.split('\n').every((l) => / task in_progress medium v2: /.test(l))).toBe(true);
    const refused = await call(client, 'ticket', { action: 'close', ticket_id: ids(26, 27), version: 2 });
    expect(refused).toEqual({
      text: 'validation: version guards one ticket; leave it out with a list of ids',
      isError: true,
    });
  });

  it('stops between batches when the client cancels: no batch is left half done', async () => {
    const before = await closed();
    const controller = new AbortController();
    const done = client
      .callTool({ name: 'ticket', arguments: { action: 'close', ticket_id: ids(31, 160) } }, CallToolResultSchema, {
        signal: controller.signal,
        onprogress: (p) => {
          if (p.progress >= 2 * BATCH) controller.abort('enough');
        },
      })
      .catch((e: unknown) => e);
    expect(await done).toBeInstanceOf(Error);
    await new Promise((r) => setTimeout(r, 300));
    const made = (await closed()) - before;
    expect(made % BATCH).toBe(0);
    expect(made).toBeGreaterThanOrEqual(2 * BATCH);
    expect(made).toBeLessThan(130);
  });
});

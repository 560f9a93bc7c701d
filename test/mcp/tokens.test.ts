import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerFigures, toolsListTokens } from './measure.js';
import { linkedClient, tempDocket } from './support.js';

/**
 * Issue 4's budgets, measured through a real SDK client: the whole tools list at most 800 o200k
 * tokens; writes at most 60 (median), a list of 10 at most 400, a typical get with history at most 300.
 */
describe('token budgets', () => {
  let env: Awaited<ReturnType<typeof tempDocket>>;
  let client: Awaited<ReturnType<typeof linkedClient>>;
  beforeAll(async () => {
    env = await tempDocket();
    client = await linkedClient(env.docket, { actor: 'alice' });
  });
  afterAll(async () => {
    await client.close();
    await env.cleanup();
  });

  it('keeps the default tools list within 800 tokens', async () => {
    const { total, perTool } = await toolsListTokens(client.client);
    console.log(`tools list: ${total} tokens`, perTool);
    expect(Object.keys(perTool)).toEqual(['ticket', 'ticket_board', 'ticket_search', 'ticket_link', 'ticket_admin']);
    expect(total).toBeLessThanOrEqual(800);
  });

  it('answers writes, lists and gets within budget', async () => {
    const f = await answerFigures(client.client);
    console.log('answer tokens', { ...f, get: undefined }, `\n${f.get}`);
    expect(f.get).toContain('history:');
    expect(f.get).toContain('links:');
    expect(f.get).toContain('comments:');
    expect(f.writesMedian).toBeLessThanOrEqual(60);
    expect(f.list10).toBeLessThanOrEqual(400);
    expect(f.getWithHistory).toBeLessThanOrEqual(300);
  });
});

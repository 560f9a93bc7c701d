import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { passage } from '../../src/mcp/render.js';
import { linkedClient, ok, tempDocket } from './support.js';

describe('ticket_search passages', () => {
  let env: Awaited<ReturnType<typeof tempDocket>>;
  let mcp: Awaited<ReturnType<typeof linkedClient>>;
  beforeEach(async () => {
    env = await tempDocket();
    mcp = await linkedClient(env.docket, { actor: 'alice' });
  });
  afterEach(async () => {
    await mcp.close();
    await env.cleanup();
  });

  it("puts only the match in **, escaping the text's own asterisks", async () => {
    await env.docket.project('doc').create({ title: 'Browser crash', description: 'Open **Safari** 17 and it dies' });
    const hits = await ok(mcp.client, 'ticket_search', { query: 'safari' });
    expect(hits).toBe('DOC-1 task backlog medium: Browser crash\n  Open \\*\\***Safari**\\*\\* 17 and it dies');
  });

  it('keeps a plain passage plain, and doubles only the backslashes that would escape', () => {
    expect(passage('the \uE000login\uE001 page\n  hangs')).toBe('the **login** page hangs');
    expect(passage('C:\\temp \\* and \uE000x\uE001 end\\')).toBe('C:\\temp \\\\\\* and **x** end\\\\');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMcpHttp, runMcpHttp } from '../../src/mcp/main.js';
import { sendBigBody } from '../support/big-body.js';
import { INITIALIZE, jsonHeaders, raw } from './http-support.js';
import { tempDocket } from './support.js';

const LIMIT = 1024 * 1024;

/** `docket mcp --http` refuses a body over its limit with a 413 the client always gets to read. */
describe('MCP over HTTP: bodies over the limit', () => {
  let env: Awaited<ReturnType<typeof tempDocket>>;
  let server: RunningMcpHttp;
  beforeAll(async () => {
    env = await tempDocket(['doc']);
    server = await runMcpHttp({ database: env.path, port: 0, project: 'doc', bodyLimit: LIMIT });
  });
  afterAll(async () => {
    await server.close();
    await env.cleanup();
  });

  for (const chunked of [false, true]) {
    it(`answers 413 to every body ten times the limit (${chunked ? 'chunked' : 'Content-Length'}), never a broken pipe`, async () => {
      const { origin } = new URL(server.url);
      for (let i = 0; i < 6; i++) {
        const a = await sendBigBody(origin, '/mcp', 10 * LIMIT, { chunked });
        expect({ attempt: i, status: a.status, error: a.error }).toEqual({ attempt: i, status: 413, error: null });
        expect(JSON.parse(a.body).error.message).toMatch(/over \d+ bytes/);
      }
      // The server still answers normally afterwards.
      const port = Number(new URL(server.url).port);
      const ok = await raw(port, 'POST', '/mcp', jsonHeaders(), JSON.stringify(INITIALIZE));
      expect(ok.status).toBe(200);
    });
  }
});

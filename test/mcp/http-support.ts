import { request } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
};

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/**
 * One HTTP request with full control of the headers (fetch refuses to set Host). Streams
 * (SSE) are cut after the first chunk so a test can look at how they start.
 */
export function raw(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (String(res.headers['content-type']).startsWith('text/event-stream')) res.destroy();
      });
      const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
      res.on('end', done);
      res.on('close', done);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export const jsonHeaders = (extra: Record<string, string> = {}) => ({
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  ...extra,
});

/** An SDK client over Streamable HTTP (or SSE), optionally with a bearer token. */
export async function httpClient(url: string, options: { token?: string; sse?: boolean } = {}) {
  const requestInit = options.token ? { headers: { authorization: `Bearer ${options.token}` } } : {};
  const transport = options.sse
    ? new SSEClientTransport(new URL(url.replace(/\/mcp$/, '/sse')), { requestInit })
    : new StreamableHTTPClientTransport(new URL(url), { requestInit });
  const client = new Client({ name: 'docket-test', version: '0.0.0' });
  await client.connect(transport);
  return client;
}

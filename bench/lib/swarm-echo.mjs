// The swarm's floor (bench/swarm.bench.ts): an HTTP server that answers every agent call at once,
// without a store, so the agents' own cost on this machine can be told from the server's. REST calls
// get a ticket; /mcp speaks just enough MCP Streamable HTTP (initialize, a session, tools/call answered
// as JSON, a GET stream that stays quiet) for the lean agents and the SDK's client alike.
//
//   node bench/lib/swarm-echo.mjs <port>

import { createServer } from 'node:http';

let next = 0;
let sessions = 0;

function json(res, status, value, headers = {}) {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

function mcp(req, res, text) {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }).flushHeaders();
    return;
  }
  if (req.method === 'DELETE') return res.writeHead(200).end();
  const m = JSON.parse(text);
  if (m.id === undefined) return res.writeHead(202).end();
  if (m.method === 'initialize') {
    const result = {
      protocolVersion: m.params.protocolVersion,
      capabilities: { tools: {} },
      serverInfo: { name: 'swarm-echo', version: '0' },
    };
    return json(res, 200, { jsonrpc: '2.0', id: m.id, result }, { 'mcp-session-id': `echo-${++sessions}` });
  }
  // claim-next and create hand out a fresh number; the other calls just say it is done.
  const content = [{ type: 'text', text: `SWARM-${++next} task in_progress` }];
  json(res, 200, { jsonrpc: '2.0', id: m.id, result: { content } });
}

createServer((req, res) => {
  let text = '';
  req.setEncoding('utf8');
  req.on('data', (d) => {
    text += d;
  });
  req.on('end', () => {
    if (req.url?.startsWith('/mcp')) return mcp(req, res, text);
    const body = { id: `SWARM-${++next}`, status: 'in_progress' };
    json(res, req.url?.endsWith('/comments') || req.url?.endsWith('/tickets') ? 201 : 200, body);
  });
}).listen(Number(process.argv[2]), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));

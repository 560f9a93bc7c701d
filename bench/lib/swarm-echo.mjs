// The swarm's floor (bench/swarm.bench.ts): an HTTP server that answers every agent call at once,
// without a store, so the REST agents' own cost on this machine can be told from the server's.
//
//   node bench/lib/swarm-echo.mjs <port>

import { createServer } from 'node:http';

let next = 0;
createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    // claim-next and create hand out a fresh number; the other calls just say it is done.
    const body = JSON.stringify({ id: `SWARM-${++next}`, status: 'in_progress' });
    res.writeHead(req.url?.endsWith('/comments') || req.url?.endsWith('/tickets') ? 201 : 200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
}).listen(Number(process.argv[2]), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));

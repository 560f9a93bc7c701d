// Webhook receivers for bench/webhooks.bench.ts, in their own process so that answering requests
// does not take CPU from the writer being measured (as a real receiver would not). Prints the URL of
// each receiver as a JSON line, then, for the first receiver, "n at" per ticket number received.
import { createServer } from 'node:http';

const count = Number(process.argv[2] ?? 3);
const urls = [];
const seen = new Set();
for (let i = 0; i < count; i++) {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (i === 0) {
        const n = JSON.parse(Buffer.concat(chunks).toString('utf8')).ticket.number;
        if (!seen.has(n)) {
          seen.add(n);
          process.stdout.write(`${n} ${Date.now()}\n`);
        }
      }
      res.writeHead(200);
      res.end('ok');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  urls.push(`http://127.0.0.1:${server.address().port}/hook`);
}
process.stdout.write(`${JSON.stringify(urls)}\n`);
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();

/**
 * The REST face under load: autocannon (50 connections, 10 s per row) against `buildApp` running in
 * a child process, so the load generator does not share the server's event loop. Beside it, in the
 * same child and the same run, a bare Fastify route returning a constant: the ceiling of this stack.
 * Creates run on their own copy of the dataset at synchronous=NORMAL and at the default FULL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { tempDir } from '../test/support/temp.js';
import { ensureDataset, PROJECT, scaleName } from './lib/dataset.js';
import { type BenchOptions, ms, type SectionResult } from './lib/report.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const SECONDS = Number(process.env.DOCKET_BENCH_HTTP_SECONDS ?? 10);
const CONNECTIONS = 50;
const SEARCH = 'timeout';

interface Server {
  readonly child: ChildProcess;
  readonly app: string;
  readonly bare: string;
  /** A bare route that reads one ticket with Docket's statement on a raw connection. */
  readonly floor: string;
}

/** Starts the child: Docket's app on one port and a bare Fastify route on another. */
async function startServer(database: string, synchronous: 'normal' | 'full'): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', SELF], {
    cwd: ROOT,
    env: { ...process.env, DOCKET_BENCH_HTTP_CHILD: '1', DOCKET_BENCH_DB: database, DOCKET_BENCH_SYNC: synchronous },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the bench server exited (${code}) before it listened`)));
  });
  const ports = JSON.parse(line) as { app: number; bare: number; floor: number };
  const url = (port: number) => `http://127.0.0.1:${port}`;
  return { child, app: url(ports.app), bare: url(ports.bare), floor: url(ports.floor) };
}

async function stopServer(s: Server): Promise<void> {
  const exited = new Promise((resolve) => s.child.once('exit', resolve));
  s.child.stdin!.end();
  await exited;
}

interface Load {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  /** Server CPU time (user + system) per answered request, in µs. */
  readonly cpu: number;
}

/** The child's CPU time so far, in µs. */
const cpuOf = async (s: Server) => {
  const c = (await (await fetch(`${s.bare}/cpu`)).json()) as { user: number; system: number };
  return c.user + c.system;
};

/** One autocannon run; `path` is called per request so each asks for a different ticket or page. */
async function load(
  server: Server,
  base: string,
  path: () => string,
  options: { method?: 'GET' | 'POST'; body?: () => string; seconds?: number; connections?: number } = {},
): Promise<Load> {
  const method = options.method ?? 'GET';
  const before = await cpuOf(server);
  const result = await autocannon({
    url: base,
    connections: options.connections ?? CONNECTIONS,
    duration: options.seconds ?? SECONDS,
    requests: [
      {
        method,
        ...(method === 'POST' ? { headers: { 'content-type': 'application/json' } } : {}),
        setupRequest: (req) => ({ ...req, path: path(), ...(options.body ? { body: options.body() } : {}) }),
      },
    ],
  });
  const cpu = (await cpuOf(server)) - before;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    cpu: cpu / Math.max(1, result.requests.total),
  };
}

const random = (n: number) => 1 + Math.floor(Math.random() * n);
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const row = (name: string, l: Load, bare: Load, target = '', pass = '') => [
  name,
  Math.round(l.rps),
  ms(l.p50),
  ms(l.p99),
  l.errors,
  Math.round(l.cpu),
  (l.rps / bare.rps).toFixed(2),
  target,
  pass,
];

export async function run(_opts: BenchOptions): Promise<SectionResult> {
  const scale = 100_000;
  const { path: dataset, meta } = await ensureDataset(scale, (l) => process.stderr.write(`  ${l}\n`));
  const tmp = tempDir('docket-http-bench-');
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  try {
    const copy = (name: string) => {
      const to = join(tmp.dir, name);
      copyFileSync(dataset, to);
      return to;
    };
    const T = `/projects/${PROJECT}/tickets`;
    const n = meta.tickets;

    const reads = await startServer(copy('reads.db'), 'full');
    let bare: Load;
    try {
      // Warm both servers' code paths before measuring.
      await load(reads, reads.bare, () => '/', { seconds: 2, connections: 10 });
      await load(reads, reads.app, () => `${T}/${random(n)}`, { seconds: 2, connections: 10 });
      bare = await load(reads, reads.bare, () => '/');
      const floor = await load(reads, reads.floor, () => `/t/${random(n)}`);
      const get = await load(reads, reads.app, () => `${T}/${random(n)}`);
      const page = await load(reads, reads.app, () => `${T}?limit=50&after=${random(n - 50)}`);
      const search = await load(reads, reads.app, () => `${T}/search?q=${SEARCH}&limit=20`);
      const ratio = get.rps / bare.rps;
      rows.push(row('bare Fastify route (constant)', bare, bare));
      rows.push(row('floor: bare route + one raw SQLite ticket read', floor, bare));
      rows.push(row('GET ticket', get, bare, '≥ 0.60 of bare, p99 < 15 ms', verdict(ratio >= 0.6 && get.p99 < 15)));
      rows.push(row('list page (50, cursor)', page, bare));
      rows.push(row(`search top 20 ("${SEARCH}")`, search, bare));
    } finally {
      await stopServer(reads);
    }

    for (const synchronous of ['normal', 'full'] as const) {
      const server = await startServer(copy(`writes-${synchronous}.db`), synchronous);
      try {
        let i = 0;
        const body = () => JSON.stringify({ title: `Load test ticket ${i++}`, priority: 'high', labels: ['bench'] });
        await load(server, server.app, () => T, { method: 'POST', body, seconds: 2, connections: 10 });
        const create = await load(server, server.app, () => T, { method: 'POST', body });
        const name = `POST create (synchronous=${synchronous.toUpperCase()})`;
        rows.push(
          synchronous === 'normal'
            ? row(name, create, bare!, '≥ 1,000/s', verdict(create.rps >= 1000))
            : row(name, create, bare!, 'reported'),
        );
      } finally {
        await stopServer(server);
      }
    }
    const load1 = loadavg()[0]!;
    notes.push(
      `${scaleName(scale)}-ticket dataset (${meta.tickets} tickets); autocannon ${CONNECTIONS} connections × ${SECONDS} s per row in this process, the server in a child process (node ${process.version}); load average at the end ${load1.toFixed(1)} on ${cpus().length} cores.`,
      'The floor row is a bare Fastify route running the single statement Docket reads a ticket with, on a raw better-sqlite3 connection with the same pragmas and in the same raw mode, and returning the row mapped to a ticket record: the most any ticket read from this file can reach on this stack.',
      'Each GET asks for a random ticket; each list page starts at a random cursor; search is one medium-selectivity word. No token configured (loopback), rate limit off, Host/Origin checks and the rest of the request pipeline on.',
      '"CPU µs/req" is the server process\'s CPU time per answered request: it moves less than req/s when the machine is busy. Errors counts connection errors, timeouts and non-2xx answers.',
    );
  } finally {
    tmp.cleanup();
  }
  return {
    title: 'REST API under load (autocannon)',
    columns: ['request', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'CPU µs/req', 'vs bare', 'target', ''],
    rows,
    notes,
  };
}

/** The child process: both servers up, ports on stdout, until the parent closes stdin. */
async function child(): Promise<void> {
  const { default: Fastify } = await import('fastify');
  const { openDocket } = await import('../src/open.js');
  const { buildApp } = await import('../src/http/app.js');
  const { default: Database } = await import('better-sqlite3');
  const { DEFAULT_MMAP_BYTES } = await import('../src/store/sqlite/sqlite-store.js');
  const { TICKET_AT, toTicket } = await import('../src/store/sqlite/tickets.js');
  const docket = await openDocket(process.env.DOCKET_BENCH_DB!, {
    synchronous: process.env.DOCKET_BENCH_SYNC === 'normal' ? 'normal' : 'full',
  });
  const app = await buildApp(docket, { rateLimit: { rate: 0 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const bare = Fastify();
  bare.get('/', async () => ({ ok: true }));
  // CPU time the whole child has used: per-request cost that a busy machine distorts less than req/s.
  bare.get('/cpu', async () => process.cpuUsage());
  await bare.listen({ host: '127.0.0.1', port: 0 });
  const raw = new Database(process.env.DOCKET_BENCH_DB!);
  raw.pragma('journal_mode = WAL');
  raw.pragma(`mmap_size = ${DEFAULT_MMAP_BYTES}`);
  const read = raw.prepare(TICKET_AT).raw(true);
  const floor = Fastify();
  // The row as Docket's store reads it (raw, mapped by position), returned as the ticket record.
  floor.get<{ Params: { id: string } }>('/t/:id', async (request) =>
    toTicket(read.get(Number(request.params.id), PROJECT) as unknown[], 5),
  );
  await floor.listen({ host: '127.0.0.1', port: 0 });
  const port = (s: { server: { address(): unknown } }) => (s.server.address() as { port: number }).port;
  process.stdout.write(`${JSON.stringify({ app: port(app), bare: port(bare), floor: port(floor) })}\n`);
  process.stdin.resume();
  process.stdin.on('end', async () => {
    await app.close();
    await bare.close();
    await floor.close();
    raw.close();
    await docket.close();
    process.exit(0);
  });
}

if (process.env.DOCKET_BENCH_HTTP_CHILD === '1') await child();

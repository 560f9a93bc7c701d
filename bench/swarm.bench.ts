/**
 * The swarm: N agents (8, 32, 128) at once, each looping claim-next → comment → move to done (and
 * file a follow-up) or, one cycle in four, release, for a fixed time, through the faces agents use:
 * one SQLite file with each agent a CLI user (a `docket` process per call) or a library instance in
 * its own process; one `docket serve` on SQLite over REST and over MCP Streamable HTTP; one, two and
 * four `docket serve` on one PostgreSQL database over REST. Agents are child processes
 * (bench/lib/swarm-agent.mjs over the built dist/); all traffic stays on 127.0.0.1.
 *
 * After each case the store itself is checked: no ticket claimed by two agents at once (in commit
 * order, a claim only after the previous holder's release or close), every acknowledged write present,
 * ticket numbers gapless. DOCKET_SWARM_SECONDS sets the time per case (default 10); DOCKET_SWARM_CASES
 * (a case name, or parts of names, comma-separated) and DOCKET_SWARM_AGENTS (e.g. 8,32) pick a subset;
 * DOCKET_SWARM_SERVE_FLAGS passes node flags to each `docket serve` (e.g. --cpu-prof);
 * DOCKET_SWARM_BEFORE names another built checkout to run each case on first, for before/after.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openDocket } from '../src/open.js';
import { CACHE_DIR } from './lib/dataset.js';
import { PG_URL, unavailable, urlOf } from './lib/pg-dataset.js';
import type { BenchOptions, SectionResult } from './lib/report.js';
import { ms } from './lib/report.js';
import { summarize } from './lib/stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ECHO = fileURLToPath(new URL('./lib/swarm-echo.mjs', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
/**
 * Another checkout with its dist/ built (e.g. main before a fix): each case then runs on it too,
 * right before this one, so a before/after pair comes from one run on the same machine load.
 */
const BEFORE = process.env.DOCKET_SWARM_BEFORE;
const PROJECT = 'swarm';
const SEED_TICKETS = 3000;
const SECONDS = Number(process.env.DOCKET_SWARM_SECONDS ?? 10);
/** Node flags for each `docket serve`, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it. */
const SERVE_NODE_FLAGS = (process.env.DOCKET_SWARM_SERVE_FLAGS ?? '').split(' ').filter(Boolean);
const CALLS = ['claim', 'comment', 'move', 'release', 'create'] as const;
const COLUMNS = [
  'case',
  'agents',
  'cycles/s',
  ...CALLS.map((c) => `${c} p50/p99 ms`),
  'errors',
  'checks',
  'serve peak RSS MB',
  'serve CPU ms/call',
];

type Mode = 'lib' | 'cli' | 'rest' | 'mcp' | 'mcp-sdk';
interface Case {
  readonly name: string;
  readonly mode: Mode;
  /** `none`: the floor, a server that answers at once without a store (bench/lib/swarm-echo.mjs). */
  readonly backend: 'sqlite' | 'postgres' | 'none';
  /** `docket serve` instances (0: agents open the store themselves). */
  readonly servers: number;
  /** Agents per worker process (1: each agent its own process). */
  readonly perProcess: (n: number) => number;
  readonly agents: readonly number[];
}

const CASES: readonly Case[] = [
  {
    name: 'floor: REST agents, server answers at once',
    mode: 'rest',
    backend: 'none',
    servers: 1,
    perProcess: (n) => n / 4,
    agents: [32],
  },
  {
    name: 'floor: MCP agents, server answers at once',
    mode: 'mcp',
    backend: 'none',
    servers: 1,
    perProcess: (n) => n / 4,
    agents: [32],
  },
  {
    name: 'floor: MCP agents with the SDK client, server answers at once',
    mode: 'mcp-sdk',
    backend: 'none',
    servers: 1,
    perProcess: (n) => n / 4,
    agents: [32],
  },
  {
    name: 'SQLite, CLI per call',
    mode: 'cli',
    backend: 'sqlite',
    servers: 0,
    perProcess: (n) => n / 4,
    agents: [8, 32],
  },
  {
    name: 'SQLite, library per process',
    mode: 'lib',
    backend: 'sqlite',
    servers: 0,
    perProcess: () => 1,
    agents: [8, 32, 128],
  },
  {
    name: 'serve ×1 on SQLite, REST',
    mode: 'rest',
    backend: 'sqlite',
    servers: 1,
    perProcess: (n) => n / 4,
    agents: [8, 32, 128],
  },
  {
    name: 'serve ×1 on SQLite, MCP',
    mode: 'mcp',
    backend: 'sqlite',
    servers: 1,
    perProcess: (n) => n / 4,
    agents: [8, 32, 128],
  },
  {
    name: 'serve ×1 on SQLite, MCP with the SDK client',
    mode: 'mcp-sdk',
    backend: 'sqlite',
    servers: 1,
    perProcess: (n) => n / 4,
    agents: [32],
  },
  {
    name: 'serve ×1 on PostgreSQL, REST',
    mode: 'rest',
    backend: 'postgres',
    servers: 1,
    perProcess: (n) => n / 4,
    agents: [8, 32, 128],
  },
  {
    name: 'serve ×2 on PostgreSQL, REST',
    mode: 'rest',
    backend: 'postgres',
    servers: 2,
    perProcess: (n) => n / 4,
    agents: [8, 32, 128],
  },
  {
    name: 'serve ×4 on PostgreSQL, REST',
    mode: 'rest',
    backend: 'postgres',
    servers: 4,
    perProcess: (n) => n / 4,
    agents: [32],
  },
];

interface AgentOut {
  times: Record<string, number[]>;
  errors: Record<string, number>;
  samples: string[];
  acked: [string, number, string][];
  cycles: number;
  idle: number;
}

/** The seed store: one project with SEED_TICKETS ready tasks, built once through the library. */
async function seed(log: (line: string) => void): Promise<string> {
  const path = join(CACHE_DIR, `swarm-seed-${SEED_TICKETS}.db`);
  if (existsSync(path)) return path;
  log(`building the swarm's seed store (${SEED_TICKETS} tickets)…`);
  const building = `${path}.building`;
  for (const s of ['', '-wal', '-shm']) rmSync(building + s, { force: true });
  const docket = await openDocket(building, { synchronous: 'off' });
  await docket.createProject({ key: PROJECT, name: 'Swarm' });
  const p = docket.project(PROJECT, { actor: 'seeder' });
  for (let i = 1; i <= SEED_TICKETS; i++) await p.create({ title: `Seeded task ${i}`, type: 'task' });
  await docket.close();
  renameSync(building, path);
  return path;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

async function startServe(target: string, root: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const args = target
    ? [
        ...SERVE_NODE_FLAGS,
        join(root, 'dist/cli/main.js'),
        '-d',
        target,
        'serve',
        '--port',
        String(port),
        '--rate-limit',
        '0',
        '--quiet',
      ]
    : [ECHO, String(port)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  // Its banner stays quiet; what it says is shown only if it stops early.
  let said = '';
  child.stderr?.on('data', (d: Buffer) => {
    said = (said + d.toString()).slice(-2000);
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`docket serve exited with ${child.exitCode}: ${said.trim()}`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('docket serve did not answer /health within 30 s');
}

const TICKS_PER_SECOND = 100;

/**
 * CPU time a process has used so far (user + system), in ms: what a serve spends per call does not
 * move with the machine's load the way wall-clock figures do. Linux clock ticks are 1/100 s.
 */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** Peak resident memory of a process (VmHWM), in MB. */
function peakRss(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

interface Stored {
  /** Events in commit order: kind, ticket number, actor. */
  readonly events: [string, number, string][];
  readonly tickets: number;
  readonly maxNumber: number;
  readonly lastNumber: number;
}

function storedSqlite(path: string): Stored {
  const db = new Database(path, { readonly: true });
  try {
    const events = db
      .prepare(
        "SELECT e.kind, t.number, e.actor FROM events e JOIN tickets t ON t.id = e.ticket_id WHERE e.kind <> 'ticket.created' OR e.actor <> 'seeder' ORDER BY e.id",
      )
      .raw(true)
      .all() as [string, number, string][];
    const n = db.prepare('SELECT count(*) AS n, max(number) AS m FROM tickets').get() as { n: number; m: number };
    const c = db.prepare('SELECT last_number AS l FROM counters').get() as { l: number };
    return { events, tickets: n.n, maxNumber: n.m, lastNumber: c.l };
  } finally {
    db.close();
  }
}

async function storedPostgres(url: string): Promise<Stored> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('SET search_path = docket');
    const events = await c.query({
      text: "SELECT e.kind, t.number::int, e.actor FROM events e JOIN tickets t ON t.id = e.ticket_id WHERE e.kind <> 'ticket.created' OR e.actor <> 'seeder' ORDER BY e.seq",
      rowMode: 'array',
    });
    const n = await c.query<{ n: number; m: number }>('SELECT count(*)::int AS n, max(number)::int AS m FROM tickets');
    const l = await c.query<{ l: number }>('SELECT last_number::int AS l FROM counters');
    return {
      events: events.rows as [string, number, string][],
      tickets: n.rows[0]!.n,
      maxNumber: n.rows[0]!.m,
      lastNumber: l.rows[0]!.l,
    };
  } finally {
    await c.end();
  }
}

const KIND: Record<string, string> = {
  claimed: 'ticket.claimed',
  commented: 'ticket.commented',
  closed: 'ticket.moved',
  released: 'ticket.released',
  created: 'ticket.created',
};

/** The three checks, each "ok" or what went wrong. */
function check(stored: Stored, acked: readonly [string, number, string][]): string[] {
  const problems: string[] = [];
  const holder = new Map<number, string>();
  let doubles = 0;
  for (const [kind, n, actor] of stored.events) {
    if (kind === 'ticket.claimed') {
      if (holder.has(n)) doubles++;
      holder.set(n, actor);
    } else if (kind === 'ticket.released' || kind === 'ticket.moved') holder.delete(n);
  }
  if (doubles) problems.push(`${doubles} claims of a ticket someone held`);
  const have = new Map<string, number>();
  for (const [kind, n, actor] of stored.events) {
    const k = `${kind}|${n}|${actor}`;
    have.set(k, (have.get(k) ?? 0) + 1);
  }
  let missing = 0;
  for (const [kind, n, actor] of acked) {
    const k = `${KIND[kind]}|${n}|${actor}`;
    const left = have.get(k) ?? 0;
    if (left > 0) have.set(k, left - 1);
    else missing++;
  }
  if (missing) problems.push(`${missing} acknowledged writes missing`);
  if (stored.tickets !== stored.maxNumber || stored.lastNumber !== stored.maxNumber) {
    problems.push(`numbering: ${stored.tickets} tickets, highest ${stored.maxNumber}, counter ${stored.lastNumber}`);
  }
  return problems;
}

async function runCase(c: Case, n: number, seedPath: string, log: (line: string) => void, root = ROOT) {
  const name = root === ROOT ? c.name : `${c.name} (before)`;
  let target: string;
  let cleanup: () => Promise<void>;
  if (c.backend === 'none') {
    target = '';
    cleanup = async () => {};
  } else if (c.backend === 'sqlite') {
    target = join(CACHE_DIR, 'swarm-work.db');
    for (const s of ['', '-wal', '-shm']) rmSync(target + s, { force: true });
    copyFileSync(seedPath, target);
    cleanup = async () => {
      for (const s of ['', '-wal', '-shm']) rmSync(target + s, { force: true });
    };
  } else {
    const name = `docket_bench_swarm_${process.pid}`;
    const admin = async (sql: string) => {
      const a = new pg.Client({ connectionString: PG_URL });
      await a.connect();
      await a.query(sql).finally(() => a.end());
    };
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${name}`);
    target = urlOf(name);
    // The checkout's own loader: it writes that checkout's schema version, which its serve expects.
    const loader = (await import(
      pathToFileURL(join(root, 'bench/lib/pg-bulk.ts')).href
    )) as typeof import('./lib/pg-bulk.js');
    await loader.bulkLoad(seedPath, target);
    cleanup = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const servers: { url: string; child: ChildProcess }[] = [];
  try {
    for (let i = 0; i < c.servers; i++) servers.push(await startServe(target, root));
    const names = Array.from({ length: n }, (_, i) => `agent-${i + 1}`);
    const per = Math.max(1, c.perProcess(n));
    // Room for every process to start before the clock does (node + dist on a busy 2-core machine).
    const startAt = Date.now() + 3000 + 60 * Math.ceil(n / per);
    // The serves' CPU from the moment the agents start (their start-up and the seed are not counted).
    let cpuAtStart: number[] = [];
    const sampled = new Promise<void>((resolve) =>
      setTimeout(
        () => {
          cpuAtStart = servers.map((s) => cpuMs(s.child.pid));
          resolve();
        },
        Math.max(0, startAt - Date.now()),
      ),
    );
    const workers: Promise<AgentOut>[] = [];
    for (let w = 0; w * per < n; w++) {
      const agents = names.slice(w * per, (w + 1) * per);
      const out = join(CACHE_DIR, `swarm-out-${process.pid}-${w}.json`);
      const serverUrl = servers.length ? servers[w % servers.length]!.url : target;
      const job = { mode: c.mode, target: serverUrl, agents, seconds: SECONDS, out, project: PROJECT, startAt };
      const child = spawn(process.execPath, [join(root, 'bench/lib/swarm-agent.mjs'), JSON.stringify(job)], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      workers.push(
        once(child, 'exit').then(([code]) => {
          if (code !== 0) throw new Error(`a swarm worker exited with ${code}`);
          const r = JSON.parse(readFileSync(out, 'utf8')) as AgentOut;
          rmSync(out, { force: true });
          return r;
        }),
      );
    }
    const outs = await Promise.all(workers);
    await sampled;
    const rss = servers.map((s) => peakRss(s.child.pid));
    const cpu = servers.reduce((sum, s, i) => sum + cpuMs(s.child.pid) - cpuAtStart[i]!, 0);
    const times: Record<string, number[]> = {};
    const errors: Record<string, number> = {};
    const acked: [string, number, string][] = [];
    let cycles = 0;
    const samples: string[] = [];
    for (const o of outs) {
      for (const [k, v] of Object.entries(o.times)) times[k] = [...(times[k] ?? []), ...v];
      for (const [k, v] of Object.entries(o.errors)) errors[k] = (errors[k] ?? 0) + v;
      acked.push(...o.acked);
      cycles += o.cycles;
      samples.push(...o.samples);
    }
    const calls = Object.values(times).reduce((sum, t) => sum + t.length, 0);
    for (const s of servers) {
      s.child.kill('SIGTERM');
      await once(s.child, 'exit');
    }
    servers.length = 0;
    const stored =
      c.backend === 'none' ? undefined : c.backend === 'sqlite' ? storedSqlite(target) : await storedPostgres(target);
    const problems = stored ? check(stored, acked) : ['— (no store)'];
    const row = [
      name,
      n,
      (cycles / SECONDS).toFixed(1),
      ...CALLS.map((k) => {
        const t = times[k];
        if (!t?.length) return '—';
        const s = summarize(t);
        return `${ms(s.median)} / ${ms(s.p99)}`;
      }),
      Object.entries(errors)
        .map(([k, v]) => `${k} ×${v}`)
        .join(', ') || 'none',
      problems.length ? problems.join('; ') : 'ok',
      rss.length ? rss.join(', ') : '—',
      rss.length ? (cpu / calls).toFixed(2) : '—',
    ];
    log(`  ${name} ×${n}: ${row.slice(2).join(' | ')}`);
    if (samples.length) log(`    e.g. ${samples.slice(0, 2).join(' || ')}`);
    return row;
  } finally {
    for (const s of servers) s.child.kill('SIGKILL');
    await cleanup();
  }
}

export async function run(_opts: BenchOptions): Promise<SectionResult> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (!existsSync(CLI)) throw new Error('the swarm runs the built CLI: run npm run build first');
  const seedPath = await seed(log);
  const pgDown = await unavailable();
  // A whole case name may hold a comma itself ("serve ×1 on SQLite, REST").
  const picked = process.env.DOCKET_SWARM_CASES;
  const only = picked && CASES.some((c) => c.name === picked) ? [picked] : picked?.split(',');
  const sizes = process.env.DOCKET_SWARM_AGENTS?.split(',').map(Number);
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  for (const c of CASES) {
    if (only && !only.some((o) => c.name.includes(o))) continue;
    if (c.backend === 'postgres' && pgDown) {
      notes.push(`${c.name}: skipped, PostgreSQL cannot be used (${pgDown}).`);
      continue;
    }
    for (const n of c.agents) {
      if (sizes && !sizes.includes(n)) continue;
      if (BEFORE && c.backend !== 'none') rows.push(await runCase(c, n, seedPath, log, BEFORE));
      rows.push(await runCase(c, n, seedPath, log));
    }
  }
  return {
    title: 'Swarm: agents claiming, commenting and closing at once',
    columns: COLUMNS,
    rows,
    notes: [
      `Each agent loops for ${SECONDS} s: claim next → comment → move to done and file a follow-up ticket, or (one cycle in four) release instead. cycles/s counts finished cycles (closed or released). Store: ${SEED_TICKETS} ready tasks to start (the follow-ups keep it from running dry).`,
      'CLI per call: every call is a new `docket` process (as coding agents call it), agents spread over 4 worker processes. Library per process: each agent its own process with its own library instance on the file. Serve cases: agents spread over 4 worker processes, round-robin over the servers; `--rate-limit 0`. MCP agents speak Streamable HTTP through a lean client on node:http (as the REST agents do); the rows “with the SDK client” use the MCP SDK’s own Client and StreamableHTTPClientTransport.',
      'checks: in commit order no ticket is claimed while another agent holds it; every write an agent got an answer for is in the store (same kind, ticket and actor); ticket numbers run 1..N without gaps and the counter equals N.',
      'serve CPU ms/call: the CPU time (user + system) of the serve processes from the agents’ start to their end, divided by the calls they answered; it moves far less with the machine’s load than the wall-clock figures (it still falls somewhat as a slowed serve batches more writes per commit).',
      'Errors are by call and code as the face reported them. Every process shares 2 cores with the others (and with other work on this machine): compare cases within one run.',
      ...notes,
    ],
  };
}

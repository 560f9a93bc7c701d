import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Docket } from '../../src/core/docket.js';
import type { ChangeEvent } from '../../src/domain/events.js';
import { openDocket } from '../../src/open.js';
import { BIN } from '../cli/harness.js';
import { ensureBuilt } from '../mcp/binary.js';
import { PG_ENABLED } from '../support/postgres.js';
import { freshDatabase } from './fresh-database.js';

const PROJECT = 'team';
const AGENTS = 8;
const OPS_PER_AGENT = 40;

/** `docket serve` on the database, as a real process; resolves with its URL once it listens. */
function serve(url: string): Promise<{ base: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [BIN, '-d', url, '-p', PROJECT, 'serve', '--port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { PATH: process.env.PATH ?? '' },
  });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      const m = /serving (http:\/\/\S+) /.exec(err);
      if (m) resolve({ base: m[1]!, child });
    });
    child.once('exit', (code) => reject(new Error(`docket serve exited ${code}: ${err}`)));
  });
}

/** Reads a project's SSE stream into `events` until aborted. */
function follow(base: string, signal: AbortSignal, events: ChangeEvent[]): Promise<void> {
  return (async () => {
    const res = await fetch(`${base}/projects/${PROJECT}/events?after=0`, { signal });
    if (res.status !== 200 || !res.body) throw new Error(`event stream answered ${res.status}`);
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame.split('\n').find((l) => l.startsWith('data: '));
          if (data) events.push(JSON.parse(data.slice(6)) as ChangeEvent);
          end = buffer.indexOf('\n\n');
        }
      }
    } catch (e) {
      if (!signal.aborted) throw e;
    }
  })();
}

interface Ack {
  readonly server: number;
  readonly kind: ChangeEvent['kind'];
  readonly ticket: string;
  readonly actor: string;
}

/** A small deterministic generator, so a failing mix can be replayed. */
const rng = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};

describe.skipIf(!PG_ENABLED)('two docket serve processes on one PostgreSQL database', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  const servers: { base: string; child: ChildProcess }[] = [];
  let library: Docket | undefined;

  beforeAll(async () => {
    ensureBuilt();
    db = await freshDatabase('serve');
    // Both start at once on an empty database: one creates the schema and the project, the other waits its turn.
    servers.push(...(await Promise.all([serve(db.url), serve(db.url)])));
  }, 60_000);

  afterAll(async () => {
    await library?.close();
    for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGTERM');
    await Promise.all(
      servers.map((s) => new Promise((r) => (s.child.exitCode === null ? s.child.once('exit', r) : r(null)))),
    );
    await db?.drop();
  });

  it('serves 8 concurrent agents across both with no errors, no double claims and every change on the other stream', async () => {
    const abort = new AbortController();
    const streams: ChangeEvent[][] = [[], []];
    const following = servers.map((s, i) => follow(s.base, abort.signal, streams[i]!));

    const acks: Ack[] = [];
    const errors: string[] = [];
    const created: number[] = [];
    const claims: { actor: string; number: number }[] = [];
    const known: string[] = [];
    let idle = 0;

    const call = async (server: number, actor: string, method: string, path: string, body?: unknown) => {
      const res = await fetch(`${servers[server]!.base}/projects/${PROJECT}${path}`, {
        method,
        headers: { 'docket-actor': actor, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (res.status >= 400) errors.push(`${method} ${path} via ${server}: ${res.status} ${text}`);
      return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : null };
    };

    const agent = async (n: number) => {
      const server = n % 2;
      const actor = `agent-${n}`;
      const random = rng(n + 1);
      const mine: string[] = [];
      for (let k = 0; k < OPS_PER_AGENT; k++) {
        const r = random();
        if (r < 0.3 || known.length < 4) {
          const { status, json } = await call(server, actor, 'POST', '/tickets', { title: `work ${n}.${k}` });
          if (status !== 201) continue;
          created.push(json!.number as number);
          known.push(json!.id as string);
          acks.push({ server, kind: 'ticket.created', ticket: json!.id as string, actor });
        } else if (r < 0.55) {
          const { status, json } = await call(server, actor, 'POST', '/tickets/claim-next', {});
          if (status === 204) idle++;
          if (status !== 200) continue;
          claims.push({ actor, number: json!.number as number });
          mine.push(json!.id as string);
          acks.push({ server, kind: 'ticket.claimed', ticket: json!.id as string, actor });
        } else if (r < 0.75 && mine.length) {
          const id = mine.pop()!;
          const { status } = await call(server, actor, 'POST', `/tickets/${id}/move`, { status: 'done' });
          if (status === 200) acks.push({ server, kind: 'ticket.moved', ticket: id, actor });
        } else {
          const id = known[Math.floor(random() * known.length)]!;
          const { status } = await call(server, actor, 'POST', `/tickets/${id}/comments`, { body: `note ${n}.${k}` });
          if (status === 201) acks.push({ server, kind: 'ticket.commented', ticket: id, actor });
        }
      }
    };
    await Promise.all(Array.from({ length: AGENTS }, (_, n) => agent(n)));

    expect(errors).toEqual([]);
    // Every operation was acknowledged, or was a claim that found nothing ready (204).
    expect(acks.length + idle).toBe(AGENTS * OPS_PER_AGENT);

    // Numbering: 1..N, each once.
    expect([...created].sort((a, b) => a - b)).toEqual(Array.from({ length: created.length }, (_, i) => i + 1));
    // No ticket claimed twice, by anyone.
    expect(new Set(claims.map((c) => c.number)).size).toBe(claims.length);
    expect(claims.length).toBeGreaterThan(10);

    // The database, read through the library: one event per acknowledged operation, nothing else.
    library = await openDocket(db.url, { create: false });
    const project = library.project(PROJECT);
    const feed = await project.changes(0, 10_000);
    const key = (e: { kind: string; ticket: string | null; actor: string | null }) =>
      `${e.kind} ${e.ticket} ${e.actor}`;
    expect(feed.map(key).sort()).toEqual(
      [key({ kind: 'project.created', ticket: null, actor: null }), ...acks.map(key)].sort(),
    );
    expect(feed.map((e) => e.id)).toEqual(Array.from({ length: feed.length }, (_, i) => i + 1));
    // History rows are exactly the changes those events report, ticket by ticket.
    let historyRows = 0;
    for (const id of known) historyRows += (await project.detail(id)).history.length;
    expect(historyRows).toBe(feed.reduce((n, e) => n + e.changes.length, 0));
    for (const c of claims) expect((await project.get(c.number)).assignee).toBe(c.actor);

    // Every change reaches both instances' streams; in particular each server's writes reach the other's.
    await until(() => streams.every((s) => s.length >= feed.length), 10_000);
    abort.abort();
    await Promise.all(following);
    for (const [i, stream] of streams.entries()) {
      expect(stream.map((e) => e.id)).toEqual(feed.map((e) => e.id));
      const seen = new Set(stream.map(key));
      const fromOther = acks.filter((a) => a.server !== i);
      expect(fromOther.length).toBeGreaterThan(50);
      expect(fromOther.filter((a) => !seen.has(key(a)))).toEqual([]);
    }
  }, 60_000);
});

async function until(done: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`not done within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// One process of the swarm benchmark (bench/swarm.bench.ts), plain JavaScript over the built dist/
// so that a hundred of them start quickly. It runs one or more agents, each looping for a fixed time:
// claim the next ready ticket, comment on it, then move it to done (and file a follow-up ticket) or,
// one cycle in four, release it. It writes what it timed and what was acknowledged as JSON to a file.
//
//   node bench/lib/swarm-agent.mjs '<json: {mode, target, agents, seconds, out, project}>'
//
// Modes: lib (a library instance on the SQLite file), cli (one `docket` process per call),
// rest (HTTP to a `docket serve`), mcp (MCP Streamable HTTP to a `docket serve`).

import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';

const job = JSON.parse(process.argv[2]);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = `${ROOT}dist/cli/main.js`;
const keepAlive = new Agent({ keepAlive: true });

/** A failure of one call: the error code the face reported, kept for the table. */
class CallError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/** Each face as the same five calls; each returns the ticket's number (or null: nothing ready). */
async function face(agent) {
  const num = (id) => Number(String(id).replace(/^\D+/, ''));
  if (job.mode === 'lib') {
    const { openDocket } = await import(`${ROOT}dist/index.js`);
    face.docket ??= await openDocket(job.target, { create: false });
    const docket = face.docket;
    const p = docket.project(job.project, { actor: agent });
    const wrap =
      (fn) =>
      async (...args) => {
        try {
          return await fn(...args);
        } catch (e) {
          throw new CallError(e.code ?? 'exception', e.message);
        }
      };
    return {
      claim: wrap(async () => {
        const t = await p.claimNext(job.claimType ? { type: [job.claimType] } : {});
        return t ? num(t.id) : null;
      }),
      comment: wrap((n) => p.comment(n, `working on it (${agent})`)),
      done: wrap((n) => p.move(n, 'done')),
      release: wrap((n) => p.release(n)),
      create: wrap(async () => num((await p.create({ title: `Follow-up from ${agent}` })).id)),
      close: async () => {},
    };
  }
  if (job.mode === 'cli') {
    const cli = (args) =>
      new Promise((resolve, reject) => {
        execFile(
          process.execPath,
          [CLI, '-d', job.target, '-p', job.project, '--as', agent, '--json', ...args],
          { env: { ...process.env, NO_COLOR: '1' } },
          (error, stdout, stderr) => {
            if (!error) return resolve(stdout.trim() ? JSON.parse(stdout) : null);
            // --json reports a failure as {"error": {"code", "message"}}.
            const said = `${stdout}\n${stderr}`;
            const m = /"code":\s*"([a-z_]+)"/.exec(said);
            reject(new CallError(m ? m[1] : `exit ${error.code}`, said.trim().slice(0, 200)));
          },
        );
      });
    return {
      claim: async () => {
        const t = await cli(['claim', '--next', ...(job.claimType ? ['--type', job.claimType] : [])]);
        return t?.id ? num(t.id) : null;
      },
      comment: (n) => cli(['comment', String(n), `working on it (${agent})`]),
      done: (n) => cli(['move', String(n), 'done']),
      release: (n) => cli(['release', String(n)]),
      create: async () => num((await cli(['new', `Follow-up from ${agent}`])).id),
      close: async () => {},
    };
  }
  if (job.mode === 'rest') {
    const base = new URL(`${job.target}/projects/${job.project}/tickets`);
    // node:http with keep-alive rather than fetch: it costs the agent process less CPU per call, and
    // on a machine the agents share with the server, that is CPU the server gets back.
    const call = (path, body) =>
      new Promise((resolve, reject) => {
        const data = JSON.stringify(body ?? {});
        const req = request(
          {
            agent: keepAlive,
            host: base.hostname,
            port: base.port,
            path: `${base.pathname}${path}`,
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(data),
              'docket-actor': agent,
            },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (d) => {
              text += d;
            });
            res.on('end', () => {
              if (res.statusCode === 204) return resolve(null);
              let json = {};
              try {
                json = JSON.parse(text);
              } catch {}
              if (res.statusCode >= 400)
                reject(new CallError(json.code ?? `http ${res.statusCode}`, json.detail ?? ''));
              else resolve(json);
            });
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(data);
      });
    return {
      claim: async () => {
        const t = await call('/claim-next', job.claimType ? { type: [job.claimType] } : undefined);
        return t ? num(t.id) : null;
      },
      comment: (n) => call(`/${n}/comments`, { body: `working on it (${agent})` }),
      done: (n) => call(`/${n}/move`, { status: 'done' }),
      release: (n) => call(`/${n}/release`),
      create: async () => num((await call('', { title: `Follow-up from ${agent}` })).id),
      close: async () => {},
    };
  }
  if (job.mode === 'mcp') {
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
    const client = new Client({ name: `swarm-${agent}`, version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${job.target}/mcp`), {
        requestInit: { headers: { 'docket-actor': agent } },
      }),
    );
    const tool = async (args) => {
      const r = await client.callTool({ name: 'ticket', arguments: { project: job.project, ...args } });
      const text = r.content?.map((c) => c.text ?? '').join('\n') ?? '';
      if (r.isError) {
        const m = /\b(conflict|busy|not_found|storage|validation|invalid_transition|forbidden)\b/.exec(text);
        throw new CallError(m ? m[1] : 'tool_error', text.slice(0, 200));
      }
      return text;
    };
    const first = (text) => {
      const m = /^[A-Z]*-?(\d+) /m.exec(text);
      return m ? Number(m[1]) : null;
    };
    return {
      claim: async () => first(await tool({ action: 'next', ...(job.claimType ? { type: job.claimType } : {}) })),
      comment: (n) => tool({ action: 'comment', ticket_id: n, comment: `working on it (${agent})` }),
      done: (n) => tool({ action: 'move', ticket_id: n, status: 'done' }),
      release: (n) => tool({ action: 'release', ticket_id: n }),
      create: async () => first(await tool({ action: 'create', title: `Follow-up from ${agent}` })),
      close: () => client.close(),
    };
  }
  throw new Error(`unknown mode ${job.mode}`);
}

async function agent(name, f, until, out) {
  const timed = async (kind, fn) => {
    const t0 = performance.now();
    try {
      const r = await fn();
      out.times[kind] ??= [];
      out.times[kind].push(performance.now() - t0);
      return { ok: true, value: r };
    } catch (e) {
      const code = e instanceof CallError ? e.code : 'exception';
      out.errors[`${kind}: ${code}`] = (out.errors[`${kind}: ${code}`] ?? 0) + 1;
      if (out.samples.length < 5) out.samples.push(`${kind}: ${e.message}`.slice(0, 300));
      return { ok: false };
    }
  };
  let cycle = 0;
  while (performance.now() < until) {
    const claimed = await timed('claim', f.claim);
    if (!claimed.ok) continue;
    if (claimed.value === null) {
      out.idle++;
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    const n = claimed.value;
    out.acked.push(['claimed', n, name]);
    if ((await timed('comment', () => f.comment(n))).ok) out.acked.push(['commented', n, name]);
    if (cycle++ % 4 === 3) {
      if ((await timed('release', () => f.release(n))).ok) {
        out.acked.push(['released', n, name]);
        out.cycles++;
      }
    } else if ((await timed('move', () => f.done(n))).ok) {
      out.acked.push(['closed', n, name]);
      out.cycles++;
      const made = await timed('create', f.create);
      if (made.ok) out.acked.push(['created', made.value, name]);
    }
  }
  await f.close?.();
}

const out = { times: {}, errors: {}, samples: [], acked: [], cycles: 0, idle: 0 };
const faces = [];
for (const name of job.agents) faces.push(await face(name));
// Every agent of every process starts at the moment the parent set, and stops job.seconds later.
const start = job.startAt ?? Date.now();
await new Promise((r) => setTimeout(r, Math.max(0, start - Date.now())));
const until = performance.now() + (start + job.seconds * 1000 - Date.now());
await Promise.all(job.agents.map((name, i) => agent(name, faces[i], until, out)));
await face.docket?.close();
writeFileSync(job.out, JSON.stringify(out));
process.exit(0);

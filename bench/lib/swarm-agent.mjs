// One process of the swarm benchmark (bench/swarm.bench.ts), plain JavaScript over the built dist/
// so that a hundred of them start quickly. It runs one or more agents, each looping for a fixed time:
// claim the next ready ticket, comment on it, then move it to done (and file a follow-up ticket) or,
// one cycle in four, release it. It writes what it timed and what was acknowledged as JSON to a file.
//
//   node bench/lib/swarm-agent.mjs '<json: {mode, target, agents, seconds, out, project}>'
//
// Modes: lib (a library instance on the SQLite file), cli (one `docket` process per call),
// rest (HTTP to a `docket serve`), mcp (MCP Streamable HTTP to a `docket serve`, a lean client over
// node:http), mcp-sdk (the same with the MCP SDK's own client).

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

/**
 * One HTTP call over node:http with keep-alive rather than fetch: it costs the agent process less CPU
 * per call, and on a machine the agents share with the server, that is CPU the server gets back.
 */
function httpJson(url, path, body, headers, method = 'POST') {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? '' : JSON.stringify(body);
    const req = request(
      {
        agent: keepAlive,
        host: url.hostname,
        port: url.port,
        path,
        method,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
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
        const t = await p.claimNext();
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
        const t = await cli(['claim', '--next']);
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
    const call = async (path, body) => {
      const res = await httpJson(base, `${base.pathname}${path}`, body ?? {}, { 'docket-actor': agent });
      if (res.status === 204) return null;
      let json = {};
      try {
        json = JSON.parse(res.text);
      } catch {}
      if (res.status >= 400) throw new CallError(json.code ?? `http ${res.status}`, json.detail ?? '');
      return json;
    };
    return {
      claim: async () => {
        const t = await call('/claim-next');
        return t ? num(t.id) : null;
      },
      comment: (n) => call(`/${n}/comments`, { body: `working on it (${agent})` }),
      done: (n) => call(`/${n}/move`, { status: 'done' }),
      release: (n) => call(`/${n}/release`),
      create: async () => num((await call('', { title: `Follow-up from ${agent}` })).id),
      close: async () => {},
    };
  }
  if (job.mode === 'mcp' || job.mode === 'mcp-sdk') {
    const tool = job.mode === 'mcp' ? await mcpClient(agent) : await mcpSdkClient(agent);
    const call = async (args) => {
      const r = await tool.call({ project: job.project, ...args });
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
      claim: async () => first(await call({ action: 'next' })),
      comment: (n) => call({ action: 'comment', ticket_id: n, comment: `working on it (${agent})` }),
      done: (n) => call({ action: 'move', ticket_id: n, status: 'done' }),
      release: (n) => call({ action: 'release', ticket_id: n }),
      create: async () => first(await call({ action: 'create', title: `Follow-up from ${agent}` })),
      close: () => tool.close(),
    };
  }
  throw new Error(`unknown mode ${job.mode}`);
}

/** The MCP SDK's own client over its Streamable HTTP transport (fetch, web streams). */
async function mcpSdkClient(agent) {
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
  const client = new Client({ name: `swarm-${agent}`, version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${job.target}/mcp`), {
      requestInit: { headers: { 'docket-actor': agent } },
    }),
  );
  return { call: (args) => client.callTool({ name: 'ticket', arguments: args }), close: () => client.close() };
}

/**
 * A lean MCP Streamable HTTP client: the same protocol (initialize, the session header, the protocol
 * version header, answers as JSON or as an SSE stream) over node:http with keep-alive, so that the
 * agents cost about what the REST agents cost and the figures measure the server.
 */
async function mcpClient(agent) {
  const url = new URL(`${job.target}/mcp`);
  const headers = { accept: 'application/json, text/event-stream', 'docket-actor': agent };
  let id = 0;
  const rpc = async (method, params) => {
    const res = await httpJson(url, url.pathname, { jsonrpc: '2.0', id: ++id, method, params }, headers);
    if (res.status !== 200) throw new CallError(`http ${res.status}`, res.text.slice(0, 200));
    const type = String(res.headers['content-type']);
    const messages = type.startsWith('text/event-stream')
      ? [...res.text.matchAll(/^data: (.+)$/gm)].map((m) => JSON.parse(m[1]))
      : [JSON.parse(res.text)];
    const answer = messages.find((m) => m.id === id && ('result' in m || 'error' in m));
    if (!answer) throw new CallError('no_answer', res.text.slice(0, 200));
    if (answer.error) throw new CallError(`rpc ${answer.error.code}`, answer.error.message);
    return { answer: answer.result, session: res.headers['mcp-session-id'] };
  };
  const init = await rpc('initialize', {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: `swarm-${agent}`, version: '1.0.0' },
  });
  headers['mcp-session-id'] = init.session;
  headers['mcp-protocol-version'] = init.answer.protocolVersion;
  await httpJson(url, url.pathname, { jsonrpc: '2.0', method: 'notifications/initialized' }, headers);
  return {
    call: async (args) => (await rpc('tools/call', { name: 'ticket', arguments: args })).answer,
    close: () => httpJson(url, url.pathname, undefined, headers, 'DELETE'),
  };
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

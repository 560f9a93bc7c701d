import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Door } from '../../src/core/door.js';
import { type RunningServer, runServe } from '../../src/http/main.js';
import { createMcpHttpHandler } from '../../src/mcp/http.js';
import { httpClient } from '../mcp/http-support.js';
import { BETA_SECRETS, twoProjects, type World, world } from './harness.js';

/**
 * Tenant isolation of MCP's resources, prompts and completions, as `isolation.test.ts` does for REST
 * routes: one case per resource template, per prompt and per completable argument, each aimed at
 * project beta by a token that reaches only alpha. The server is asked what it offers (templates,
 * prompts and their arguments), so a resource, prompt or argument added without a case fails here.
 */

/** Beta's resources by URI (`beta`), and beta's ids inside alpha's URIs (`foreign`). */
const RESOURCES: Record<string, { beta: string[]; foreign?: string[] }> = {
  'docket://{project}/{id}': {
    beta: ['docket://beta/BET-1', 'docket://beta/1', 'docket://BETA/bet-2'],
    foreign: ['docket://alpha/BET-1'],
  },
  'docket://{project}/board': { beta: ['docket://beta/board'] },
  'docket://{project}/ready': { beta: ['docket://beta/ready'] },
};

/** Arguments that would succeed on beta (`beta`), and beta's ids named in alpha (`foreign`). */
const PROMPTS: Record<string, { beta: Record<string, string>; foreign?: Record<string, string> }> = {
  triage: { beta: { project: 'beta' } },
  standup: { beta: { project: 'beta', since: '7d', assignee: 'beta-person' } },
  plan: { beta: { project: 'beta', ticket_id: 'BET-1' }, foreign: { project: 'alpha', ticket_id: 'BET-1' } },
  handoff: { beta: { project: 'beta', ticket_id: 'BET-1' }, foreign: { project: 'alpha', ticket_id: 'BET-1' } },
};

/**
 * Per completable argument (`REF#ARGUMENT`): the value typed, with beta as the context's project,
 * and what an alpha token may see (never anything of beta).
 */
const COMPLETIONS: Record<string, { value: string; expect: string[] }> = {
  'docket://{project}/{id}#project': { value: '', expect: ['alpha'] },
  'docket://{project}/{id}#id': { value: '', expect: [] },
  'docket://{project}/board#project': { value: 'b', expect: [] },
  'docket://{project}/ready#project': { value: '', expect: ['alpha'] },
  'triage#type': { value: '', expect: [] },
  'triage#status': { value: '', expect: [] },
  'triage#label': { value: 'beta', expect: [] },
  'triage#project': { value: 'bet', expect: [] },
  'standup#since': { value: '', expect: ['1h', '24h', '3d', '7d', '14d'] },
  'standup#assignee': { value: 'beta', expect: [] },
  'standup#project': { value: '', expect: ['alpha'] },
  'plan#ticket_id': { value: '1', expect: [] },
  'plan#project': { value: '', expect: ['alpha'] },
  'handoff#ticket_id': { value: 'BET-1', expect: [] },
  'handoff#project': { value: '', expect: ['alpha'] },
};

const leaks = (text: string) => BETA_SECRETS.filter((s) => text.includes(s));

async function failure(p: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await p;
  } catch (e) {
    return { code: (e as { code: number }).code, message: (e as Error).message };
  }
  throw new Error('expected the request to fail');
}

describe('MCP tenant isolation: resources, subscriptions, prompts and completions', () => {
  let w: World;
  let server: RunningServer;
  let url: string;
  let alpha: Client;
  let alphaSse: Client;

  beforeAll(async () => {
    let secret = '';
    w = await world({}, async (docket) => {
      await twoProjects(docket);
      secret = (await docket.createToken({ projects: ['alpha'], scope: 'admin', entity: 'mallory' })).secret;
    });
    const door = Door.server(w.docket, { host: '127.0.0.1', port: 0, rateLimit: { rate: 0, burst: 1 } });
    const mount = createMcpHttpHandler(w.docket, { door, host: '127.0.0.1', port: 0 });
    server = await runServe({
      docket: w.docket,
      host: '127.0.0.1',
      port: 0,
      door,
      mount,
      signals: false,
      log: () => {},
    });
    url = `${server.url}/mcp`;
    alpha = await httpClient(url, { token: secret });
    alphaSse = await httpClient(url, { token: secret, sse: true });
  });
  afterAll(async () => {
    await Promise.all([alpha.close(), alphaSse.close()]);
    await server.close();
    await w.close();
  });

  it('has a case for every resource template, prompt and completable argument (add one with each new one)', async () => {
    const { resourceTemplates } = await alpha.listResourceTemplates();
    const { prompts } = await alpha.listPrompts();
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual(Object.keys(RESOURCES).sort());
    expect(prompts.map((p) => p.name).sort()).toEqual(Object.keys(PROMPTS).sort());
    const args = [
      ...resourceTemplates.flatMap((t) =>
        [...t.uriTemplate.matchAll(/\{(\w+)\}/g)].map((m) => `${t.uriTemplate}#${m[1]}`),
      ),
      ...prompts.flatMap((p) => (p.arguments ?? []).map((a) => `${p.name}#${a.name}`)),
    ];
    expect(args.sort()).toEqual(Object.keys(COMPLETIONS).sort());
  });

  it('reads nothing of beta: every beta URI is resource-not-found, with no beta data', async () => {
    for (const [template, c] of Object.entries(RESOURCES)) {
      for (const uri of [...c.beta, ...(c.foreign ?? [])]) {
        for (const client of [alpha, alphaSse]) {
          const f = await failure(client.readResource({ uri }));
          expect(f.code, `${template}: ${uri}`).toBe(-32002);
          expect(leaks(f.message), uri).toEqual([]);
        }
      }
    }
    // alpha's own resources read fine through the same token
    expect((await alpha.readResource({ uri: 'docket://alpha/ALP-1' })).contents).toHaveLength(1);
  });

  it('lists only alpha: every page of resources/list', async () => {
    const uris: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await alpha.listResources(cursor ? { cursor } : {});
      uris.push(...page.resources.map((r) => r.uri));
      expect(leaks(JSON.stringify(page))).toEqual([]);
      cursor = page.nextCursor;
    } while (cursor);
    expect(uris.length).toBeGreaterThan(2);
    expect(uris.every((u) => u.startsWith('docket://alpha/'))).toBe(true);
    const forged = await failure(alpha.listResources({ cursor: 'beta/' }));
    expect(forged.code).toBe(-32602);
  });

  it('subscribes to nothing of beta, and a change in beta reaches no alpha subscriber', async () => {
    for (const c of Object.values(RESOURCES)) {
      for (const uri of [...c.beta, ...(c.foreign ?? [])]) {
        const f = await failure(alpha.subscribeResource({ uri }));
        expect(f.code, uri).toBe(-32002);
        expect(leaks(f.message)).toEqual([]);
      }
    }
    const got: string[] = [];
    for (const client of [alpha, alphaSse]) {
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
        got.push(n.params.uri);
      });
      for (const uri of ['docket://alpha/ALP-1', 'docket://alpha/board', 'docket://alpha/ready']) {
        await client.subscribeResource({ uri });
      }
    }
    await alpha.listResources(); // list_changed would follow beta too if listing leaked
    await new Promise((r) => setTimeout(r, 100));
    const beta = w.docket.project('beta', { actor: 'beta-person' });
    await beta.comment('BET-1', 'beta-secret-comment again');
    await beta.move('BET-1', 'in_progress');
    await beta.create({ title: 'beta-secret-title three' });
    await new Promise((r) => setTimeout(r, 600));
    expect(got).toEqual([]);
    await w.docket.project('alpha', { actor: 'alice' }).comment('ALP-1', 'alpha moves');
    const end = Date.now() + 2000;
    while (got.filter((u) => u === 'docket://alpha/ALP-1').length < 2 && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(got.filter((u) => u === 'docket://alpha/ALP-1')).toHaveLength(2); // Streamable HTTP and SSE
  });

  it('gets no prompt about beta, by its project or by its ids inside alpha', async () => {
    for (const [name, c] of Object.entries(PROMPTS)) {
      for (const args of [c.beta, ...(c.foreign ? [c.foreign] : [])]) {
        const f = await failure(alpha.getPrompt({ name, arguments: args }));
        expect(f.code, `${name} ${JSON.stringify(args)}`).toBe(-32602);
        expect(f.message, name).toMatch(/not_found: /);
        expect(leaks(f.message), name).toEqual([]);
      }
    }
  });

  it('completes nothing of beta: projects are alpha only, beta as context gives nothing', async () => {
    for (const [key, c] of Object.entries(COMPLETIONS)) {
      const [name, argument] = key.split('#') as [string, string];
      const ref = name.startsWith('docket://')
        ? { type: 'ref/resource' as const, uri: name }
        : { type: 'ref/prompt' as const, name };
      const r = await alpha.complete({
        ref,
        argument: { name: argument, value: c.value },
        context: { arguments: { project: 'beta' } },
      });
      expect(r.completion.values, key).toEqual(c.expect);
      expect(leaks(JSON.stringify(r)), key).toEqual([]);
    }
  });
});

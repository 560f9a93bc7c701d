import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  LoggingMessageNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Docket } from '../../src/core/docket.js';
import { ChangeFeed } from '../../src/core/feed.js';
import { PAGE_SIZE } from '../../src/mcp/resources.js';
import { openDocket } from '../../src/open.js';
import { call, linkedClient, ok, readText, tempDocket } from './support.js';

/** What a failed request threw: its JSON-RPC code and message. */
async function failure(p: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await p;
  } catch (e) {
    return { code: (e as { code: number }).code, message: (e as Error).message };
  }
  throw new Error('expected the request to fail');
}

/** Notifications a client receives: `resources/updated` URIs, and `LIST` for each list_changed. */
function collect(client: Client): string[] {
  const got: string[] = [];
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
    got.push(n.params.uri);
  });
  client.setNotificationHandler(ResourceListChangedNotificationSchema, () => {
    got.push('LIST');
  });
  return got;
}

const until = async (check: () => boolean, ms = 1000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('MCP resources', () => {
  let env: Awaited<ReturnType<typeof tempDocket>>;
  let mcp: Awaited<ReturnType<typeof linkedClient>>;
  let client: Client;
  /** A second opener of the same file: its writes reach the server only through the change feed. */
  let elsewhere: Docket;

  beforeAll(async () => {
    env = await tempDocket(['web']);
    const web = env.docket.project('web', { actor: 'alice' });
    for (let i = 1; i <= 120; i++) await web.create({ title: `Ticket ${i}`, type: i % 2 ? 'bug' : 'task' });
    await web.update('WEB-2', { description: 'The **second** one.', assignee: 'alice' });
    await web.comment('WEB-7', 'still happening');
    await web.close('WEB-9');
    mcp = await linkedClient(env.docket, { actor: 'bob' });
    client = mcp.client;
    elsewhere = await openDocket(env.path);
  });
  afterAll(async () => {
    await mcp.close();
    await elsewhere.close();
    await env.cleanup();
  });

  it('declares resources with subscriptions and three templates', async () => {
    expect(client.getServerCapabilities()?.resources).toEqual({ subscribe: true, listChanged: true });
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => [t.name, t.uriTemplate, t.mimeType])).toEqual([
      ['ticket', 'docket://{project}/{id}', 'text/markdown'],
      ['board', 'docket://{project}/board', 'text/markdown'],
      ['ready', 'docket://{project}/ready', 'text/markdown'],
    ]);
  });

  it('reads a ticket as the same text `get` answers, by display id or number', async () => {
    const got = await ok(client, 'ticket', { action: 'get', ticket_id: 'WEB-2' });
    for (const uri of ['docket://web/WEB-2', 'docket://web/2', 'docket://WEB/web-2']) {
      const { contents } = await client.readResource({ uri });
      expect(contents).toEqual([{ uri, mimeType: 'text/markdown', text: got }]);
    }
    expect(got).toContain('The **second** one.');
  });

  it('reads the board summary and the ready work', async () => {
    const board = await readText(client, 'docket://web/board');
    expect(board).toBe(await ok(client, 'ticket_board', { view: 'summary' }));
    const ready = await readText(client, 'docket://web/ready');
    expect(ready.split('\n')).toHaveLength(20);
    expect(ready).toBe(await ok(client, 'ticket', { action: 'ready', limit: 20 }));
  });

  it('answers resource-not-found (-32002) in one line for what does not exist', async () => {
    const cases: [string, RegExp][] = [
      ['docket://web/WEB-999', /ticket not found: WEB-999/],
      ['docket://nope/NOPE-1', /project not found: 'nope'/],
      ['docket://web/xyz', /'xyz' is not a ticket id/],
      ['https://example.com/x', /Docket serves docket:\/\/PROJECT\/ID/],
      ['docket://nope/board', /project not found/],
    ];
    for (const [uri, why] of cases) {
      const f = await failure(client.readResource({ uri }));
      expect(f.code, uri).toBe(-32002);
      expect(f.message, uri).toMatch(why);
      expect(f.message).not.toMatch(/\n|\bat \w+ \(/);
    }
  });

  it('lists open tickets most recently changed, with a cursor, never the closed ones', async () => {
    const first = await client.listResources();
    expect(first.resources.slice(0, 5).map((r) => r.name)).toEqual([
      'web/board',
      'web/ready',
      'WEB-7',
      'WEB-2',
      'WEB-120',
    ]);
    expect(first.resources[3]).toEqual({
      uri: 'docket://web/WEB-2',
      name: 'WEB-2',
      title: 'WEB-2: Ticket 2',
      description: 'task backlog medium @alice',
      mimeType: 'text/markdown',
    });
    expect(first.resources).toHaveLength(2 + PAGE_SIZE);
    const names = first.resources.map((r) => r.name);
    let cursor = first.nextCursor;
    let pages = 1;
    while (cursor) {
      const page = await client.listResources({ cursor });
      names.push(...page.resources.map((r) => r.name));
      cursor = page.nextCursor;
      pages++;
    }
    expect(pages).toBe(3);
    const tickets = names.filter((n) => n.startsWith('WEB-'));
    expect(tickets).toHaveLength(119);
    expect(new Set(tickets).size).toBe(119);
    expect(tickets).not.toContain('WEB-9');
    const bad = await failure(client.listResources({ cursor: 'web/zz' }));
    expect(bad.code).toBe(-32602);
    expect(bad.message).toMatch(/: invalid cursor: start again without one$/);
  });

  it('lists every project in key order, or only the server’s -p project', async () => {
    const two = await tempDocket(['web', 'ops']);
    await two.docket.project('ops').create({ title: 'Rotate keys' });
    await two.docket.project('web').create({ title: 'Fix login' });
    try {
      const all = await linkedClient(two.docket);
      const first = await all.client.listResources();
      expect(first.resources.map((r) => r.uri)).toEqual([
        'docket://ops/board',
        'docket://ops/ready',
        'docket://ops/OPS-1',
      ]);
      const second = await all.client.listResources({ cursor: first.nextCursor! });
      expect(second.resources.map((r) => r.name)).toEqual(['web/board', 'web/ready', 'WEB-1']);
      expect(second.nextCursor).toBeUndefined();
      await all.close();
      const one = await linkedClient(two.docket, { project: 'WEB' });
      const only = await one.client.listResources();
      expect(only.resources.map((r) => r.name)).toEqual(['web/board', 'web/ready', 'WEB-1']);
      expect(only.nextCursor).toBeUndefined();
      await one.close();
    } finally {
      await two.cleanup();
    }
  });

  it('answers a bug as an internal error of one line, logged to the entry point and to the client', async () => {
    const broken = Object.create(env.docket) as Docket;
    broken.project = () => {
      throw new Error('disk on fire');
    };
    const seen: unknown[] = [];
    const bugged = await linkedClient(broken, { onUnexpected: (e) => seen.push(e) });
    const logged: unknown[] = [];
    bugged.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      logged.push(n.params);
    });
    try {
      const f = await failure(bugged.client.readResource({ uri: 'docket://web/WEB-1' }));
      expect(f.code).toBe(-32603);
      expect(f.message).toMatch(
        /: internal: disk on fire \(a bug in docket: please report it with the call that caused it\)$/,
      );
      const tool = await call(bugged.client, 'ticket', { action: 'get', ticket_id: 'WEB-1' });
      expect(tool.isError).toBe(true);
      expect(tool.text).toMatch(/^internal: disk on fire/);
      await until(() => logged.length === 2);
      expect(logged[0]).toEqual({ level: 'error', logger: 'docket', data: 'docket: disk on fire' });
      expect(seen).toHaveLength(2);
    } finally {
      await bugged.close();
    }
  });

  describe('subscriptions', () => {
    let got: string[];
    beforeEach(() => {
      got = collect(client);
    });

    it('sends resources/updated within a second for a change made by another opener of the store', async () => {
      await client.subscribeResource({ uri: 'docket://web/11' });
      // no pause: a change committed right after the answer must not fall between read and follow
      const started = Date.now();
      await elsewhere.project('web', { actor: 'carol' }).comment('WEB-11', 'from elsewhere');
      await until(() => got.includes('docket://web/11'));
      expect(Date.now() - started).toBeLessThan(1000);
      // the URI as the client spelled it, and only it
      expect(got).toEqual(['docket://web/11']);
      await client.unsubscribeResource({ uri: 'docket://web/11' });
    });

    it('tells both ends of a link, and the board only when counts can change', async () => {
      await client.subscribeResource({ uri: 'docket://web/WEB-12' });
      await client.subscribeResource({ uri: 'docket://web/board' });
      await client.subscribeResource({ uri: 'docket://web/ready' });
      const other = elsewhere.project('web', { actor: 'carol' });
      await other.link('WEB-13', 'blocks', 'WEB-12');
      await until(() => got.includes('docket://web/WEB-12') && got.includes('docket://web/ready'));
      expect(got).not.toContain('docket://web/board');
      got.length = 0;
      await other.move('WEB-14', 'in_progress');
      await until(() => got.includes('docket://web/board'));
      expect(got).not.toContain('docket://web/WEB-12');
      for (const uri of ['docket://web/WEB-12', 'docket://web/board', 'docket://web/ready']) {
        await client.unsubscribeResource({ uri });
      }
      got.length = 0;
      await other.comment('WEB-12', 'nobody listens');
      await other.move('WEB-15', 'confirmed');
      await new Promise((r) => setTimeout(r, 500));
      expect(got).toEqual([]);
    });

    it('sends list_changed after a list when a ticket is created or closed, not for an edit', async () => {
      await client.listResources();
      await new Promise((r) => setTimeout(r, 50));
      const other = elsewhere.project('web', { actor: 'carol' });
      await other.create({ title: 'Brand new' });
      await until(() => got.includes('LIST'));
      got.length = 0;
      await other.update('WEB-16', { title: 'Renamed' });
      await new Promise((r) => setTimeout(r, 400));
      expect(got).toEqual([]);
      await other.close('WEB-16');
      await until(() => got.includes('LIST'));
    });

    it('refuses to subscribe to what does not exist, and unsubscribing twice is fine', async () => {
      const f = await failure(client.subscribeResource({ uri: 'docket://web/WEB-999' }));
      expect(f.code).toBe(-32002);
      await client.unsubscribeResource({ uri: 'docket://web/WEB-999' });
      await client.unsubscribeResource({ uri: 'test://anything' });
    });

    it('wakes the feed after a write through a tool, without waiting for its next poll', async () => {
      const feed = new ChangeFeed(env.docket, 60_000);
      const own = await linkedClient(env.docket, { actor: 'bob', feed });
      const mine = collect(own.client);
      try {
        await own.client.subscribeResource({ uri: 'docket://web/WEB-17' });
        await new Promise((r) => setTimeout(r, 50));
        await ok(own.client, 'ticket', { action: 'comment', ticket_id: 'WEB-17', comment: 'here' });
        await until(() => mine.includes('docket://web/WEB-17'), 5000);
      } finally {
        await own.close();
        feed.close();
      }
    });
  });
});

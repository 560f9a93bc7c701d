import { afterEach, describe, expect, it } from 'vitest';
import { bearer, listen, twoProjects, type World, world, type Json } from './harness.js';

interface Frame {
  readonly id?: string;
  readonly event?: string;
  readonly data?: Json;
  readonly comment?: string;
}

/** A server-sent-events client over fetch that collects frames as they arrive. */
async function subscribe(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const frames: Frame[] = [];
  let ended = false;
  const pump = (async () => {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut = buffer.indexOf('\n\n');
        while (cut >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const frame: Record<string, unknown> = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) frame.comment = line.slice(1).trim();
            else if (line.startsWith('id: ')) frame.id = line.slice(4);
            else if (line.startsWith('event: ')) frame.event = line.slice(7);
            else if (line.startsWith('data: ')) frame.data = JSON.parse(line.slice(6));
          }
          frames.push(frame);
          cut = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted by the test
    }
    ended = true;
  })();
  const events = () => frames.filter((f) => f.event !== undefined);
  return {
    res,
    frames,
    events,
    get ended() {
      return ended;
    },
    async until(check: () => boolean, ms = 5000) {
      const end = Date.now() + ms;
      while (!check()) {
        if (Date.now() > end) throw new Error(`timed out; frames so far: ${JSON.stringify(frames)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      controller.abort();
      await pump;
    },
  };
}

describe('REST: live events (SSE over HTTP)', () => {
  let w: World;
  afterEach(() => w.close());

  it('delivers every change in order, with the change id, kind and fields', async () => {
    w = await world({ heartbeatMs: 100 }, twoProjects);
    const base = await listen(w.app);
    const stream = await subscribe(`${base}/projects/alpha/events`);
    expect(stream.res.status).toBe(200);
    expect(stream.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await stream.until(() => stream.frames.some((f) => f.comment?.startsWith('connected')));

    const post = (path: string, body: unknown, actor = 'ann') =>
      fetch(`${base}/projects/alpha/tickets${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'docket-actor': actor },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<Json>);
    const t = await post('', { title: 'Live one' });
    await post(`/${t.id}/move`, { status: 'in_progress' });
    await post(`/${t.id}/comments`, { body: 'working' });
    await post(`/${t.id}/links`, { type: 'related', target: 'ALP-1' });
    await post('/ALP-1/claim', {}, 'bot');
    await fetch(`${base}/projects/alpha/tickets/${t.id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ priority: 'high' }),
    });
    await stream.until(() => stream.events().length >= 6);
    const got = stream.events();
    expect(got.map((f) => f.event)).toEqual([
      'ticket.created',
      'ticket.moved',
      'ticket.commented',
      'ticket.linked',
      'ticket.claimed',
      'ticket.updated',
    ]);
    for (const f of got) {
      expect(f.id).toBe(String(f.data.id));
      expect(f.data.project).toBe('alpha');
    }
    const ids = got.map((f) => Number(f.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(got[0]!.data).toMatchObject({
      ticket: t.id,
      actor: 'ann',
      changes: [{ field: 'created', new: 'Live one' }],
    });
    expect(got[1]!.data.changes).toEqual([{ field: 'status', old: 'backlog', new: 'in_progress' }]);
    expect(got[4]!.data).toMatchObject({ ticket: 'ALP-1', actor: 'bot' });
    await stream.until(() => stream.frames.some((f) => f.comment === 'ping'));
    await stream.close();
  });

  it('resumes from Last-Event-ID (or ?after) with nothing lost and nothing twice', async () => {
    w = await world({}, twoProjects);
    const base = await listen(w.app);
    const alpha = w.docket.project('alpha', { actor: 'ann' });
    const first = await subscribe(`${base}/projects/alpha/events`);
    await first.until(() => first.frames.length > 0);
    await alpha.create({ title: 'seen' });
    await first.until(() => first.events().length === 1);
    const lastSeen = first.events()[0]!.id!;
    await first.close();

    // Written while nobody listens, by the library directly (as another process would).
    for (const title of ['missed 1', 'missed 2', 'missed 3']) await alpha.create({ title });
    const again = await subscribe(`${base}/projects/alpha/events`, { 'last-event-id': lastSeen });
    await again.until(() => again.events().length === 3);
    expect(again.events().map((f) => f.data.changes[0].new)).toEqual(['missed 1', 'missed 2', 'missed 3']);
    await alpha.create({ title: 'live again' });
    await again.until(() => again.events().length === 4);
    await new Promise((r) => setTimeout(r, 400)); // a poll or two later: still no repeats
    const ids = again.events().map((f) => Number(f.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBeGreaterThan(Number(lastSeen));
    await again.close();

    const all = await subscribe(`${base}/projects/alpha/events?after=0`);
    const count = (await alpha.changes(0, 1000)).length;
    await all.until(() => all.events().length === count);
    expect(all.events()[0]!.event).toBe('project.created');
    await all.close();
  });

  it('needs a read token when tokens exist, and ends open streams when the server closes', async () => {
    let secret = '';
    w = await world({}, async (docket) => {
      await twoProjects(docket);
      secret = (await docket.createToken({ projects: ['alpha'], scope: 'read' })).secret;
    });
    const base = await listen(w.app);
    const denied = await fetch(`${base}/projects/alpha/events`);
    expect(denied.status).toBe(401);
    const stream = await subscribe(`${base}/projects/alpha/events`, bearer(secret));
    expect(stream.res.status).toBe(200);
    await stream.until(() => stream.frames.length > 0);
    const closing = w.app.close();
    await stream.until(() => stream.ended, 3000);
    await closing;
  });
});

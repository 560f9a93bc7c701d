import { afterEach, describe, expect, it } from 'vitest';
import { ChangeFeed } from '../../src/core/feed.js';
import type { WebhookWorker } from '../../src/core/webhook-worker.js';
import { type Answer, type Received, startReceiver, verify } from '../support/receiver.js';
import { BACKENDS } from './backends.js';
import { useFixture } from './fixture.js';

const SECRET = 'whsec_test_secret_0123456789';

for (const backend of BACKENDS) {
  describe(`webhooks [${backend.name}]`, () => {
    const fx = useFixture(backend);
    const closers: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const c of closers.splice(0)) await c();
    });
    const receiver = async (answer?: (r: Received, n: number) => Answer) => {
      const r = await startReceiver(answer);
      closers.push(r.close);
      return r;
    };
    const worker = (options = {}): WebhookWorker => fx.docket.webhookWorker({ backoffMs: 1000, ...options });
    const allowLoopback = () => fx.doc.setConfig('webhook_allow_private', true);

    it('signs each request so the receiver can verify it, and a tampered body fails', async () => {
      await allowLoopback();
      const r = await receiver();
      const hook = await fx.doc.addWebhook({ url: r.url, secret: SECRET });
      expect(hook).toMatchObject({ url: r.url, events: [], active: true, format: 'json', secret: SECRET });
      const t = await fx.doc.create({ title: 'Fix login', type: 'bug' });
      expect(await worker().drain()).toBe(1);
      const [req] = r.got;
      const body = JSON.parse(req!.body);
      expect(req!.headers['docket-event']).toBe('ticket.created');
      expect(req!.headers['docket-delivery']).toBe(body.id);
      expect(body).toMatchObject({
        event: 'ticket.created',
        project: 'doc',
        actor: 'alice',
        ticket: await fx.doc.get(t.id),
      });
      const sig = req!.headers['docket-signature'] as string;
      expect(sig).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verify(SECRET, sig, req!.body, 300, fx.now)).toBe(true);
      expect(verify(SECRET, sig, req!.body.replace('Fix login', 'Fix logout'), 300, fx.now)).toBe(false);
      expect(verify('whsec_another_secret_000000', sig, req!.body, 300, fx.now)).toBe(false);
      // A replayed request is refused once its time is past the receiver's tolerance.
      expect(verify(SECRET, sig, req!.body, 300, fx.now + 301_000)).toBe(false);
      const [d] = await fx.doc.webhookDeliveries(hook.id);
      expect(d).toMatchObject({ deliveryId: body.id, status: 'delivered', attempts: 1, responseCode: 200 });
    });

    it('retries timeouts, 429 and 5xx with backoff and Retry-After, then delivers with the same id', async () => {
      await allowLoopback();
      const answers: Answer[] = [{ status: 503 }, { status: 429, headers: { 'retry-after': '120' } }, { status: 200 }];
      const r = await receiver((_, n) => answers[n - 1] ?? { status: 200 });
      const hook = await fx.doc.addWebhook({ url: r.url });
      await fx.doc.create({ title: 'one' });
      const w = worker();
      await w.drain();
      let [d] = await fx.doc.webhookDeliveries(hook.id);
      expect(d).toMatchObject({ status: 'pending', attempts: 1, responseCode: 503 });
      const wait = Date.parse(d!.nextAttemptAt!) - fx.now;
      expect(wait).toBeGreaterThanOrEqual(500);
      expect(wait).toBeLessThanOrEqual(1000);
      expect(await w.drain()).toBe(0);
      fx.advance(1000);
      await w.drain();
      [d] = await fx.doc.webhookDeliveries(hook.id);
      expect(d).toMatchObject({ status: 'pending', attempts: 2, responseCode: 429 });
      expect(Date.parse(d!.nextAttemptAt!) - fx.now).toBe(120_000);
      fx.advance(120_000);
      await w.drain();
      [d] = await fx.doc.webhookDeliveries(hook.id);
      expect(d).toMatchObject({ status: 'delivered', attempts: 3, responseCode: 200 });
      expect(new Set(r.got.map((g) => g.headers['docket-delivery'])).size).toBe(1);
    });

    it('a permanent refusal pauses the subscription with the reason; resume and redeliver carry on in order', async () => {
      await allowLoopback();
      let refuse = true;
      const r = await receiver(() => ({ status: refuse ? 404 : 204 }));
      const hook = await fx.doc.addWebhook({ url: r.url });
      const a = await fx.doc.create({ title: 'a' });
      await fx.doc.create({ title: 'b' });
      const w = worker();
      expect(await w.drain()).toBe(1);
      const paused = await fx.doc.webhook(hook.id);
      expect(paused.active).toBe(false);
      expect(paused.pausedReason).toMatch(/refused \(the receiver answered 404.*docket webhook resume/);
      const [pending, failed] = await fx.doc.webhookDeliveries(hook.id);
      expect(failed).toMatchObject({ status: 'failed', attempts: 1, responseCode: 404 });
      expect(pending).toMatchObject({ status: 'pending', attempts: 0 });
      await fx.doc.create({ title: 'c' });
      expect(await w.drain()).toBe(0);
      refuse = false;
      await fx.doc.redeliver(failed!.id);
      await fx.doc.resumeWebhook(hook.id);
      expect(await w.drain()).toBe(3);
      expect(r.bodies().map((b) => (b.ticket as { title: string }).title)).toEqual(['a', 'a', 'b', 'c']);
      expect(r.got[0]!.headers['docket-delivery']).toBe(r.got[1]!.headers['docket-delivery']);
      expect((await fx.doc.webhook(hook.id)).active).toBe(true);
      expect(a.title).toBe('a');
    });

    it('pauses a subscription once its retries span the retry period', async () => {
      await allowLoopback();
      const r = await receiver(() => ({ status: 500 }));
      const hook = await fx.doc.addWebhook({ url: r.url });
      await fx.doc.create({ title: 'a' });
      const w = worker({ backoffMs: 1000, maxBackoffMs: 4000, retryForMs: 10_000 });
      for (let i = 0; i < 10; i++) {
        await w.drain();
        fx.advance(4000);
      }
      // Nominal waits 1 + 2 + 4 + 4 s reach 10 s on the fourth try.
      expect(r.got).toHaveLength(4);
      const paused = await fx.doc.webhook(hook.id);
      expect(paused).toMatchObject({ active: false });
      expect(paused.pausedReason).toMatch(/failed 4 times/);
    });

    it('sends only the kinds asked for, and only tickets of the type and label asked for', async () => {
      await allowLoopback();
      const r = await receiver();
      await fx.doc.addWebhook({ url: r.url, events: ['created', 'moved'], type: 'bug', label: 'ops' });
      const bug = await fx.doc.create({ title: 'bug ops', type: 'bug', labels: ['ops'] });
      await fx.doc.create({ title: 'bug other', type: 'bug', labels: ['web'] });
      await fx.doc.create({ title: 'task ops', type: 'task', labels: ['ops'] });
      await fx.doc.comment(bug.id, 'hello');
      await fx.doc.move(bug.id, 'confirmed');
      await worker().drain();
      expect(r.bodies().map((b) => [b.event, (b.ticket as { title: string }).title])).toEqual([
        ['ticket.created', 'bug ops'],
        ['ticket.moved', 'bug ops'],
      ]);
      await expect(fx.doc.addWebhook({ url: r.url, events: ['exploded'] })).rejects.toMatchObject({
        code: 'validation',
      });
      await expect(fx.doc.addWebhook({ url: r.url, type: 'nosuch' })).rejects.toMatchObject({ code: 'validation' });
    });

    it('keeps commit order per subscription through failures', async () => {
      await allowLoopback();
      // Every third request fails: each is retried before anything after it goes out.
      const r = await receiver((_, n) => ({ status: n % 3 === 0 ? 503 : 200 }));
      const hook = await fx.doc.addWebhook({ url: r.url, events: ['created'] });
      for (let i = 1; i <= 30; i++) await fx.doc.create({ title: `t${i}` });
      const w = worker({ backoffMs: 10 });
      const settled = async () =>
        (await fx.doc.webhookDeliveries(hook.id, { limit: 500 })).filter((d) => d.status === 'delivered').length;
      for (let i = 0; i < 40 && (await settled()) < 30; i++) {
        await w.drain();
        fx.advance(1000);
      }
      expect(await settled()).toBe(30);
      const delivered = r.got.filter((_, i) => (i + 1) % 3 !== 0).map((g) => JSON.parse(g.body).ticket.title);
      expect(delivered).toEqual(Array.from({ length: 30 }, (_, i) => `t${i + 1}`));
    });

    it('refuses link-local and metadata targets always, loopback unless the project allows it', async () => {
      await expect(fx.doc.addWebhook({ url: 'http://127.0.0.1:9/x' })).rejects.toMatchObject({
        code: 'validation',
        message: expect.stringMatching(/docket config set webhook_allow_private true/),
      });
      await allowLoopback();
      for (const url of ['http://169.254.169.254/latest', 'http://[fd00:ec2::254]/', 'http://[fe80::1]/']) {
        await expect(fx.doc.addWebhook({ url })).rejects.toMatchObject({ code: 'validation' });
      }
      await expect(fx.doc.addWebhook({ url: 'ftp://example.com/' })).rejects.toMatchObject({ code: 'validation' });
      // A name that resolves to loopback is refused when sending, once the project stops allowing it.
      const r = await receiver();
      const hook = await fx.doc.addWebhook({ url: r.url.replace('127.0.0.1', 'localhost') });
      await fx.doc.setConfig('webhook_allow_private', false);
      await fx.doc.create({ title: 'a' });
      await worker().drain();
      expect(r.got).toHaveLength(0);
      expect((await fx.doc.webhook(hook.id)).pausedReason).toMatch(/loopback or private/);
    });

    it('posts a one-line message in Slack format, and a signed ping on test', async () => {
      await allowLoopback();
      const r = await receiver();
      const hook = await fx.doc.addWebhook({ url: r.url, format: 'slack', events: ['moved'] });
      const t = await fx.doc.create({ title: 'Fix login' });
      await fx.doc.move(t.id, 'in_progress');
      await worker().drain();
      expect(r.bodies()).toEqual([{ text: `${t.id} moved by alice: Fix login (status: ${t.status} → in_progress)` }]);
      const ping = await fx.doc.testWebhook(hook.id);
      expect(ping).toMatchObject({ ok: true, responseCode: 200 });
      expect(r.got[1]!.headers['docket-event']).toBe('ping');
      expect(r.got[1]!.headers['docket-delivery']).toBe(ping.deliveryId);
      await expect(fx.doc.testWebhook(hook.id + 100)).rejects.toMatchObject({ code: 'not_found' });
      await fx.doc.removeWebhook(hook.id);
      expect(await fx.doc.webhooks()).toEqual([]);
    });

    it('export and import carry subscriptions with their secrets; the copy sends only what happens after', async () => {
      await allowLoopback();
      const r = await receiver();
      await fx.doc.addWebhook({ url: r.url, secret: SECRET, events: ['created'], label: 'ops' });
      const paused = await fx.doc.addWebhook({ url: r.url, format: 'slack' });
      await fx.doc.pauseWebhook(paused.id, 'not yet');
      await fx.doc.create({ title: 'before', labels: ['ops'] });
      const lines: string[] = [];
      await fx.docket.exportProject('doc', (l) => void lines.push(l));
      expect(lines.filter((l) => l.includes('"record":"webhook"'))).toHaveLength(2);
      fx.advance(1000);
      await fx.docket.importProject(
        (async function* () {
          yield* lines;
        })(),
        { project: 'copy' },
      );
      const copy = fx.docket.project('copy', { actor: 'bob' });
      const hooks = await copy.webhooks();
      expect(hooks.map((h) => [h.events, h.label, h.format, h.active, h.pausedReason])).toEqual([
        [['ticket.created'], 'ops', 'json', true, null],
        [[], null, 'slack', false, 'not yet'],
      ]);
      // The same export again, byte for byte (what docket migrate checks).
      const again: string[] = [];
      await fx.docket.exportProject('copy', (l) => void again.push(l));
      expect(again.filter((l) => l.includes('"record":"webhook"'))).toEqual(
        lines.filter((l) => l.includes('"record":"webhook"')),
      );
      const w = worker();
      await w.drain();
      r.got.splice(0);
      await copy.create({ title: 'after', labels: ['ops'] });
      await w.drain();
      expect(r.bodies().map((b) => [b.project, (b.ticket as { title: string }).title])).toEqual([['copy', 'after']]);
      expect(verify(SECRET, r.got[0]!.headers['docket-signature'] as string, r.got[0]!.body, 300, fx.now)).toBe(true);
    });

    it('a local write that wakes the change feed wakes the worker too (as docket serve wires them)', async () => {
      const feed = new ChangeFeed(fx.docket);
      let woken = 0;
      const off = feed.onWake(() => woken++);
      feed.wake('doc');
      off();
      feed.wake('doc');
      feed.close();
      expect(woken).toBe(1);
    });
  });
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, verify } from '../support/receiver.js';
import { bearer, call, twoProjects, type World, world } from './harness.js';

const P = '/projects/alpha/webhooks';

describe('REST: webhooks', () => {
  let w: World;
  beforeEach(async () => {
    w = await world({}, twoProjects);
  });
  afterEach(() => w.close());

  it('adds, lists, tests, pauses, resumes and removes webhooks, with the log and redelivery', async () => {
    const r = await startReceiver((_, n) => ({ status: n === 2 ? 400 : 200 }));
    try {
      expect((await call(w.app, 'POST', P, { url: r.url })).status).toBe(422);
      await w.docket.project('alpha').setConfig('webhook_allow_private', true);
      const made = await call(w.app, 'POST', P, {
        url: r.url,
        events: ['created'],
        secret: 'whsec_rest_secret_012345',
      });
      expect(made.status).toBe(201);
      expect(made.json).toMatchObject({ url: r.url, events: ['ticket.created'], secret: 'whsec_rest_secret_012345' });
      const id = made.json.id as number;
      const listed = await call(w.app, 'GET', P);
      expect(listed.json.items).toHaveLength(1);
      expect(listed.raw).not.toContain('whsec_rest_secret_012345');
      expect((await call(w.app, 'GET', `${P}/${id}`)).json.active).toBe(true);
      expect((await call(w.app, 'GET', `${P}/${id + 9}`)).status).toBe(404);
      // A webhook belongs to its project: beta cannot reach alpha's.
      expect((await call(w.app, 'GET', `/projects/beta/webhooks/${id}`)).status).toBe(404);

      const ping = await call(w.app, 'POST', `${P}/${id}/test`);
      expect(ping.json).toMatchObject({ ok: true, responseCode: 200 });
      expect(verify('whsec_rest_secret_012345', r.got[0]!.headers['docket-signature'] as string, r.got[0]!.body)).toBe(
        true,
      );

      await w.docket.project('alpha').create({ title: 'over REST' });
      await w.docket.webhookWorker().drain();
      const [d] = (await call(w.app, 'GET', `${P}/${id}/deliveries?limit=5`)).json.items;
      expect(d).toMatchObject({ status: 'failed', responseCode: 400, kind: 'ticket.created' });
      expect((await call(w.app, 'GET', `${P}/${id}`)).json).toMatchObject({ active: false });
      const again = await call(w.app, 'POST', `${P}/deliveries/${d.id}/redeliver`);
      expect(again.json).toMatchObject({ status: 'pending', deliveryId: d.deliveryId });
      expect((await call(w.app, 'POST', `${P}/${id}/resume`)).json.active).toBe(true);
      await w.docket.webhookWorker().drain();
      expect(r.got.map((g) => g.headers['docket-delivery'])).toEqual([
        ping.json.deliveryId,
        d.deliveryId,
        d.deliveryId,
      ]);
      const paused = await call(w.app, 'POST', `${P}/${id}/pause`, { reason: 'maintenance' });
      expect(paused.json).toMatchObject({ active: false, pausedReason: 'maintenance' });
      expect((await call(w.app, 'DELETE', `${P}/${id}`)).status).toBe(204);
      expect((await call(w.app, 'GET', P)).json.items).toEqual([]);
    } finally {
      await r.close();
    }
  });

  it('needs the admin scope', async () => {
    const write = await w.docket.createToken({ projects: ['alpha'], scope: 'write', entity: 'writer' });
    const admin = await w.docket.createToken({ projects: ['alpha'], scope: 'admin', entity: 'root' });
    expect((await call(w.app, 'GET', P, undefined, bearer(write.secret))).status).toBe(403);
    expect((await call(w.app, 'POST', P, { url: 'https://example.com/x' }, bearer(write.secret))).status).toBe(403);
    expect((await call(w.app, 'GET', P, undefined, bearer(admin.secret))).status).toBe(200);
    expect((await call(w.app, 'GET', P)).status).toBe(401);
  });
});

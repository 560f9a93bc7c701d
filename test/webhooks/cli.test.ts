import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox } from '../cli/harness.js';
import { ensureBuilt } from '../mcp/binary.js';
import { startReceiver, verify } from '../support/receiver.js';

describe('docket webhook and docket webhooks run (the built binary)', () => {
  beforeAll(() => ensureBuilt(), 180_000);
  const s = sandbox();
  afterAll(() => s.cleanup());

  it('adds, lists, delivers, logs, pauses, resumes, redelivers and removes a webhook', async () => {
    const r = await startReceiver((_, n) => ({ status: n === 1 ? 410 : 200 }));
    try {
      await s.ok(['init', '--project', 'web']);
      const refused = await s.run(['webhook', 'add', r.url]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/docket config set webhook_allow_private true/);
      await s.ok(['config', 'set', 'webhook_allow_private', 'true']);
      const bad = await s.run(['webhook', 'add', r.url, '--format', 'xml']);
      expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/--format takes json or slack/)]);

      const added = await s.run([
        'webhook',
        'add',
        r.url,
        '--events',
        'created,moved',
        '--secret',
        'whsec_cli_secret_0123456789',
      ]);
      expect(added.code).toBe(0);
      expect(added.stdout.trim()).toBe('whsec_cli_secret_0123456789');
      expect(added.stderr).toMatch(/shown only now/);
      const [hook] = await s.json<{ id: number; events: string[]; active: boolean; secretHint: string }[]>([
        'webhook',
        'ls',
      ]);
      expect(hook).toMatchObject({ events: ['ticket.created', 'ticket.moved'], active: true });
      expect(JSON.stringify(hook)).not.toContain('whsec_cli_secret_0123456789');

      await s.ok(['new', 'first']);
      await s.ok(['new', 'second']);
      await s.ok(['comment', '1', 'not sent: commented is not asked for']);
      expect(await s.json(['webhooks', 'run', '--once'])).toEqual({ attempted: 1 });
      const paused = await s.json<{ active: boolean; pausedReason: string }[]>(['webhook', 'ls']);
      expect(paused[0]).toMatchObject({ active: false, pausedReason: expect.stringMatching(/answered 410/) });
      const log = await s.json<{ id: number; status: string; responseCode: number | null }[]>([
        'webhook',
        'deliveries',
        String(hook!.id),
      ]);
      expect(log.map((d) => [d.status, d.responseCode])).toEqual([
        ['pending', null],
        ['failed', 410],
      ]);
      expect(await s.ok(['webhook', 'deliveries', String(hook!.id)])).toMatch(/failed\s+1\s+410/);

      await s.ok(['webhook', 'redeliver', String(log[1]!.id)]);
      await s.ok(['webhook', 'resume', String(hook!.id)]);
      expect(await s.json(['webhooks', 'run', '--once'])).toEqual({ attempted: 2 });
      expect(r.bodies().map((b) => (b.ticket as { title: string }).title)).toEqual(['first', 'first', 'second']);
      expect(
        verify('whsec_cli_secret_0123456789', r.got[2]!.headers['docket-signature'] as string, r.got[2]!.body),
      ).toBe(true);

      expect(await s.ok(['webhook', 'test', String(hook!.id)])).toMatch(/^ping [0-9a-f-]{36}: 200 in \d+ ms/);
      await s.ok(['webhook', 'pause', String(hook!.id), '--reason', 'maintenance']);
      expect((await s.run(['webhook', 'ls'])).stderr).toMatch(/paused: maintenance/);
      await s.ok(['webhook', 'rm', String(hook!.id)]);
      const gone = await s.run(['webhook', 'rm', String(hook!.id)]);
      expect([gone.code, gone.stderr]).toEqual([1, expect.stringMatching(/webhook not found/)]);
      expect(await s.ok(['webhook', 'add', '--help'])).toMatch(/--format <format>\s+json .* or slack/);
    } finally {
      await r.close();
    }
  }, 60_000);
});

import { describe, expect, it } from 'vitest';
import { BACKENDS } from './backends.js';
import { useFixture } from './fixture.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

for (const backend of BACKENDS) {
  describe(`idempotent replies [${backend.name}]`, () => {
    const fx = useFixture(backend);

    it('reserves a key, then replays the stored reply to the same request', async () => {
      expect(await fx.docket.startIdempotent('k1', 'fp-a')).toBeNull();
      await fx.docket.finishIdempotent('k1', '{"status":201}');
      expect(await fx.docket.startIdempotent('k1', 'fp-a')).toBe('{"status":201}');
      expect(await fx.docket.startIdempotent('k1', 'fp-a')).toBe('{"status":201}');
    });

    it('refuses the key for another request, and while the first still runs', async () => {
      expect(await fx.docket.startIdempotent('k2', 'fp-a')).toBeNull();
      await expect(fx.docket.startIdempotent('k2', 'fp-a')).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(/still running/),
      });
      await expect(fx.docket.startIdempotent('k2', 'fp-b')).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(/different request/),
      });
      await fx.docket.finishIdempotent('k2', 'first');
      await expect(fx.docket.startIdempotent('k2', 'fp-b')).rejects.toMatchObject({ code: 'conflict' });
    });

    it('lets a retry take over a reservation whose request died, and forgets replies after a day', async () => {
      expect(await fx.docket.startIdempotent('k3', 'fp')).toBeNull();
      fx.advance(2 * MINUTE);
      expect(await fx.docket.startIdempotent('k3', 'fp')).toBeNull(); // the first never finished
      await fx.docket.finishIdempotent('k3', 'done');
      fx.advance(23 * HOUR);
      expect(await fx.docket.startIdempotent('k3', 'fp')).toBe('done');
      fx.advance(2 * HOUR);
      expect(await fx.docket.startIdempotent('k3', 'other request now allowed')).toBeNull();
    });

    it('abandons only unfinished reservations, and checks the key', async () => {
      expect(await fx.docket.startIdempotent('k4', 'fp')).toBeNull();
      await fx.docket.abandonIdempotent('k4');
      expect(await fx.docket.startIdempotent('k4', 'another')).toBeNull();
      await fx.docket.finishIdempotent('k4', 'kept');
      await fx.docket.abandonIdempotent('k4');
      expect(await fx.docket.startIdempotent('k4', 'another')).toBe('kept');
      for (const bad of ['', 'x'.repeat(256), 'has space', 'tab\there']) {
        await expect(fx.docket.startIdempotent(bad, 'fp')).rejects.toMatchObject({ code: 'validation' });
      }
    });
  });
}

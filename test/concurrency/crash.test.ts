import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDocket } from '../../src/open.js';
import { tempDir } from '../support/temp.js';
import type { Ack } from './worker.js';
import { startWorker, type Worker } from './workers.js';

const WRITERS = 3;
const ROUNDS = 2;

/** Starts writers on `db`, lets them commit at least `atLeast` operations between them, then SIGKILLs each. */
async function burstAndKill(db: string, round: number, atLeast: number): Promise<Worker[]> {
  const workers = Array.from({ length: WRITERS }, (_, i) =>
    startWorker({ db, name: `r${round}w${i}`, seed: round * 10 + i, mode: 'burst', ops: 0, hot: [] }),
  );
  await Promise.all(workers.map((w) => w.ready));
  const enough = new Promise<void>((resolve) => {
    for (const w of workers) {
      w.onAck(() => {
        if (workers.reduce((n, x) => n + x.acks.length, 0) >= atLeast) resolve();
      });
    }
  });
  for (const w of workers) w.go();
  await enough;
  // mid-burst: each writer is somewhere inside a transaction, a commit or between them
  for (const w of workers) w.child.kill('SIGKILL');
  for (const w of workers) expect(await w.exited).toBe('SIGKILL');
  return workers;
}

/**
 * Writers are killed with SIGKILL in the middle of bursts of writes, twice over the same
 * file. After each crash the file must pass the integrity check and hold every write a writer
 * acknowledged (it printed the ack only after the commit returned).
 */
describe('writers killed mid-burst', () => {
  const tmp = tempDir('docket-crash-');
  const db = join(tmp.dir, 'crash.db');
  afterAll(() => tmp.cleanup());

  it('keeps every acknowledged write and a sound file, crash after crash', async () => {
    const setup = await openDocket(db);
    await setup.createProject({ key: 'doc' });
    await setup.close();
    const acked: Ack[] = [];

    for (let round = 1; round <= ROUNDS; round++) {
      const workers = await burstAndKill(db, round, 60 + round * 40);
      for (const w of workers) expect(w.errors, w.name).toEqual([]);
      acked.push(...workers.flatMap((w) => w.acks));

      const docket = await openDocket(db);
      try {
        expect(await docket.maintenance.integrityCheck()).toEqual([]);
        const doc = docket.project('doc', { actor: 'checker' });
        const all = (await doc.list({ limit: 500, order: 'desc' })).items;
        const highest = all[0]?.number ?? 0;
        // numbering has no gaps even across crashes: the counter commits with its ticket
        const count = (await doc.board({ view: 'summary' })).open;
        expect(count).toBe(highest);

        const comments = new Map<number, string[]>();
        const moves = new Map<number, number>();
        for (const a of acked) {
          if (a.op === 'create') expect((await doc.get(a.n)).title).toBe(a.title);
          if (a.op === 'comment') comments.set(a.n, [...(comments.get(a.n) ?? []), a.body!]);
          if (a.op === 'move') moves.set(a.n, a.version!);
        }
        for (const [n, bodies] of comments) {
          expect((await doc.comments(n)).map((c) => c.body)).toEqual(expect.arrayContaining(bodies));
        }
        for (const [n, version] of moves) {
          const t = await doc.get(n);
          expect(t.status).toBe('in_progress');
          expect(t.version).toBeGreaterThanOrEqual(version);
        }
        // the file takes writes again at once, continuing the numbering
        expect((await doc.create({ title: `after crash ${round}` })).number).toBe(highest + 1);
      } finally {
        await docket.close();
      }
    }
    expect(acked.length).toBeGreaterThan(ROUNDS * 60);
  }, 60_000);
});

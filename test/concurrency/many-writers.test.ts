import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDocket } from '../../src/open.js';
import { tempDir } from '../support/temp.js';
import { startWorker } from './workers.js';

const WRITERS = 12;
const ROUNDS = 15;

/**
 * Many processes queue for one SQLite file's write lock at once (each write also waits for the
 * writes its own process has in flight: group commit). Each must get its turn within the busy
 * timeout and finish all its writes, none lost and none failed with "database is busy".
 */
describe(`${WRITERS} processes writing one SQLite file at once`, () => {
  const tmp = tempDir('docket-many-');
  const db = join(tmp.dir, 'many.db');
  afterAll(() => tmp.cleanup());

  it('all finish every write, and the file holds each of them', async () => {
    const setup = await openDocket(db);
    await setup.createProject({ key: 'doc' });
    await setup.close();

    const workers = Array.from({ length: WRITERS }, (_, i) =>
      startWorker({ db, name: `w${i}`, seed: i, mode: 'steady', ops: ROUNDS, hot: [] }),
    );
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.go();
    for (const w of workers) expect(await w.exited, w.name).toBe(0);

    for (const w of workers) {
      expect(w.errors, w.name).toEqual([]);
      // create, comment and move, ROUNDS times each
      expect(w.acks, w.name).toHaveLength(ROUNDS * 3);
    }
    const docket = await openDocket(db);
    const doc = docket.project('doc', { actor: 'checker' });
    const tickets = (await doc.list({ limit: 500 })).items;
    expect(tickets).toHaveLength(WRITERS * ROUNDS);
    expect(tickets.map((t) => t.number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: WRITERS * ROUNDS }, (_, i) => i + 1),
    );
    expect(tickets.every((t) => t.status === 'in_progress')).toBe(true);
    await docket.close();
  }, 120_000);
});

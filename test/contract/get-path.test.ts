import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Docket, storeOf } from '../../src/core/docket.js';
import { openDocket } from '../../src/open.js';
import { freshSchema, PG_ENABLED } from '../support/postgres.js';
import { tempDir } from '../support/temp.js';

/** Two Dockets on one store, as two processes would have it. */
interface Pair {
  readonly name: string;
  open(): Promise<{ a: Docket; b: Docket; cleanup: () => Promise<void> }>;
}

const PAIRS: Pair[] = [
  {
    name: 'sqlite',
    async open() {
      const tmp = tempDir('docket-get-');
      const path = join(tmp.dir, 'docket.db');
      const a = await openDocket(path);
      const b = await openDocket(path);
      return {
        a,
        b,
        cleanup: async () => {
          await a.close();
          await b.close();
          tmp.cleanup();
        },
      };
    },
  },
  ...(PG_ENABLED
    ? (['shared', 'schema'] as const).map(
        (tenancy): Pair => ({
          name: `postgres, ${tenancy} tenancy`,
          async open() {
            const db = await freshSchema();
            const options = { postgres: { schema: db.schema, tenancy } };
            const a = await openDocket(db.url, options);
            const b = await openDocket(db.url, options);
            return {
              a,
              b,
              cleanup: async () => {
                await a.close();
                await b.close();
                await db.drop();
              },
            };
          },
        }),
      )
    : []),
];

/**
 * `get` reads a ticket in one statement when the store offers `ticketAt` and the project's schema is
 * cached (SQLite always; PostgreSQL once the store has placed the project). These check that the
 * shortcut never answers differently from the full path.
 */
for (const pair of PAIRS) {
  describe(`get by one statement [${pair.name}]`, () => {
    let a: Docket;
    let b: Docket;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ a, b, cleanup } = await pair.open());
      await a.createProject({ key: 'doc' });
    });
    afterEach(() => cleanup());

    it('offers ticketAt: the project without the ticket, nothing for an unknown project', async () => {
      // b has not seen the project yet (PostgreSQL takes the full path), a has (one statement)
      await a.project('doc').create({ title: 'First' });
      for (const store of [storeOf(b), storeOf(a)]) {
        const at = await store.ticketAt!('doc', 1);
        expect(at?.project.key).toBe('doc');
        expect(at?.ticket?.title).toBe('First');
        expect(at?.ticket?.labels).toEqual([]);
        expect((await store.ticketAt!('doc', 2))?.ticket).toBeUndefined();
        expect((await store.ticketAt!('doc', 2))?.project.key).toBe('doc');
        expect(await store.ticketAt!('nope', 1)).toBeUndefined();
      }
    });

    it('answers exactly as the full path does', async () => {
      const doc = a.project('doc', { actor: 'alice' });
      const made = await doc.create({ title: 'Same', labels: ['x', 'y'], assignee: 'bob', priority: 'high' });
      await doc.get(1); // the schema is cached from here on
      const quick = await doc.get(1);
      const full = (await doc.detail(1, { links: false, comments: false, history: 0 })).ticket;
      expect(quick).toEqual(full);
      expect(quick).toEqual(made);
    });

    it('follows a prefix another instance changed after the schema was cached', async () => {
      const doc = a.project('doc');
      await doc.create({ title: 'First' });
      expect((await doc.get('DOC-1')).id).toBe('DOC-1');
      await b.project('doc').setConfig('display_prefix', 'TK-');
      expect((await doc.get('TK-1')).id).toBe('TK-1');
      expect((await doc.get(1)).id).toBe('TK-1');
      await expect(doc.get('DOC-1')).rejects.toMatchObject({ code: 'not_found' });
    });

    it('sees another instance’s commits at once, and words misses as the full path does', async () => {
      const doc = a.project('doc');
      await doc.create({ title: 'First' });
      await doc.get(1);
      await b.project('doc').update(1, { title: 'Renamed elsewhere' });
      expect((await doc.get(1)).title).toBe('Renamed elsewhere');
      await expect(doc.get(7)).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('DOC-7') });
      await expect(a.project('nope').get(1)).rejects.toMatchObject({ code: 'not_found' });
      await expect(doc.get('bad id!')).rejects.toMatchObject({ code: 'validation' });
    });
  });
}

describe('get by one statement, same connection [sqlite]', () => {
  const tmp = tempDir('docket-get-');
  let a: Docket;

  beforeEach(async () => {
    a = await openDocket(join(tmp.dir, `docket-${Math.random().toString(36).slice(2)}.db`));
    await a.createProject({ key: 'doc' });
  });
  afterEach(async () => {
    await a.close();
  });
  afterAll(() => tmp.cleanup());

  it('waits for a transaction open on the same connection and never reads inside it', async () => {
    const doc = a.project('doc', { actor: 'alice' });
    await doc.create({ title: 'Before' });
    await doc.get(1);
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const write = storeOf(a).write(async (tx) => {
      const rec = await tx.tickets.get((await tx.projects.byKey('doc'))!.id, 1);
      await tx.tickets.update(rec!.id, { title: 'Never committed' }, Date.now());
      entered();
      await new Promise((resolve) => setTimeout(resolve, 30));
      throw new Error('roll back');
    });
    await inside;
    const read = doc.get(1);
    await expect(write).rejects.toThrow('roll back');
    expect((await read).title).toBe('Before');
  });
});

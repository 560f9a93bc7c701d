import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Docket } from '../../src/core/docket.js';
import { openDocket } from '../../src/open.js';
import { tempDir } from '../support/temp.js';

/**
 * `get` reads a ticket in one statement when the store offers `ticketAt` and the project's schema is
 * cached (SQLite does). These check that the shortcut never answers differently from the full path.
 */
describe('get by one statement [sqlite]', () => {
  const tmp = tempDir('docket-get-');
  const path = join(tmp.dir, 'docket.db');
  let a: Docket;
  let b: Docket;

  beforeEach(async () => {
    a = await openDocket(path);
    b = await openDocket(path);
    await a.createProject({ key: 'doc' });
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    tmp.cleanup();
  });

  it('offers ticketAt: the project without the ticket, nothing for an unknown project', async () => {
    await a.project('doc').create({ title: 'First' });
    const at = await a.store.ticketAt!('doc', 1);
    expect(at?.project.key).toBe('doc');
    expect(at?.ticket?.title).toBe('First');
    expect((await a.store.ticketAt!('doc', 2))?.ticket).toBeUndefined();
    expect((await a.store.ticketAt!('doc', 2))?.project.key).toBe('doc');
    expect(await a.store.ticketAt!('nope', 1)).toBeUndefined();
  });

  it('follows a prefix another connection changed after the schema was cached', async () => {
    const doc = a.project('doc');
    await doc.create({ title: 'First' });
    expect((await doc.get('DOC-1')).id).toBe('DOC-1'); // the schema is now cached
    await b.project('doc').setConfig('display_prefix', 'TK-');
    expect((await doc.get('TK-1')).id).toBe('TK-1');
    expect((await doc.get(1)).id).toBe('TK-1');
    await expect(doc.get('DOC-1')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('sees another connection’s commits at once, and words misses as the full path does', async () => {
    const doc = a.project('doc');
    await doc.create({ title: 'First' });
    await doc.get(1);
    await b.project('doc').update(1, { title: 'Renamed elsewhere' });
    expect((await doc.get(1)).title).toBe('Renamed elsewhere');
    await expect(doc.get(7)).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('DOC-7') });
    await expect(a.project('nope').get(1)).rejects.toMatchObject({ code: 'not_found' });
    await expect(doc.get('bad id!')).rejects.toMatchObject({ code: 'validation' });
  });

  it('waits for a transaction open on the same connection and never reads inside it', async () => {
    const doc = a.project('doc', { actor: 'alice' });
    await doc.create({ title: 'Before' });
    await doc.get(1);
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const write = a.store.write(async (tx) => {
      const rec = await tx.ticket((await tx.projectByKey('doc'))!.id, 1);
      await tx.updateTicket(rec!.id, { title: 'Never committed' }, Date.now());
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

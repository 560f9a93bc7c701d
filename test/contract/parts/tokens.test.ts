import { describe, expect, it } from 'vitest';
import type { NewToken } from '../../../src/store/tokens.js';
import { T0, useStore } from './fixture.js';
import { STORES } from './stores.js';

for (const backend of STORES) {
  describe(`tokens part [${backend.name}]`, () => {
    const fx = useStore(backend);
    const token = (n: number): NewToken => ({
      hash: `hash-${n}`,
      hint: `dk_${n}`,
      scope: n === 1 ? 'admin' : 'write',
      entity: n === 1 ? null : 'bot',
      projects: n === 1 ? [] : ['doc', 'ops'],
      note: n === 1 ? null : 'ci',
      createdAt: T0 + n,
    });

    it('stores tokens by hash, lists them by id without their hashes, and with them for a move', async () => {
      const [a, b] = await fx.write(async (tx) => [await tx.tokens.insert(token(1)), await tx.tokens.insert(token(2))]);
      await fx.read(async (tx) => {
        const { hash: _, ...rest } = token(2);
        expect(await tx.tokens.byHash('hash-2')).toEqual({ ...rest, id: b, revokedAt: null });
        expect(await tx.tokens.byHash('hash-9')).toBeUndefined();
        expect((await tx.tokens.all()).map((t) => [t.id, t.hint])).toEqual([
          [a, 'dk_1'],
          [b, 'dk_2'],
        ]);
        expect((await tx.tokens.all())[0]).not.toHaveProperty('hash');
        expect((await tx.tokens.rows()).map((t) => t.hash)).toEqual(['hash-1', 'hash-2']);
      });
    });

    it('revokes a live token once', async () => {
      const id = await fx.write((tx) => tx.tokens.insert(token(1)));
      expect(await fx.write((tx) => tx.tokens.revoke(id, T0 + 50))).toBe(true);
      expect(await fx.write((tx) => tx.tokens.revoke(id, T0 + 60))).toBe(false);
      expect(await fx.write((tx) => tx.tokens.revoke(id + 100, T0 + 60))).toBe(false);
      expect((await fx.read((tx) => tx.tokens.byHash('hash-1')))?.revokedAt).toBe(T0 + 50);
    });

    it('restores tokens as they were, keeping the id when asked', async () => {
      const id = await fx.write(async (tx) => {
        const id = await tx.tokens.insert(token(1));
        await tx.tokens.revoke(id, T0 + 5);
        return id;
      });
      const [row] = await fx.read((tx) => tx.tokens.rows());
      const other = { ...row!, id: id + 40, hash: 'moved', revokedAt: null };
      const kept = await fx.write((tx) => tx.tokens.restore(other, true));
      expect(kept).toBe(id + 40);
      const fresh = await fx.write((tx) => tx.tokens.restore({ ...row!, id: 7777, hash: 'again' }, false));
      expect([id, id + 40, 7777]).not.toContain(fresh);
      const rows = await fx.read((tx) => tx.tokens.rows());
      expect(rows.find((r) => r.id === kept)).toEqual(other);
      expect(rows.find((r) => r.id === fresh)).toEqual({ ...row!, id: fresh, hash: 'again' });
    });
  });
}

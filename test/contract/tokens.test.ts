import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Docket } from '../../src/core/docket.js';
import { scopeAllows, tokenReaches } from '../../src/domain/access.js';
import { BACKENDS } from './backends.js';

for (const backend of BACKENDS) {
  describe(`tokens [${backend.name}]`, () => {
    let docket: Docket;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ docket, cleanup } = await backend.open());
      await docket.createProject({ key: 'doc' });
    });
    afterEach(() => cleanup());

    it('shows the secret once, stores only a hash, and authenticates until revoked', async () => {
      expect(await docket.hasTokens()).toBe(false);
      const made = await docket.createToken({ projects: ['doc'], scope: 'write', entity: 'agent-1' });
      expect(made.secret).toMatch(/^dkt_[A-Za-z0-9_-]{40,}$/);
      const listed = await docket.tokens();
      expect(JSON.stringify(listed)).not.toContain(made.secret);
      expect(listed[0]).toMatchObject({
        id: made.id,
        scope: 'write',
        entity: 'agent-1',
        projects: ['doc'],
        revokedAt: null,
      });
      expect(await docket.hasTokens()).toBe(true);

      const who = await docket.authenticate(made.secret);
      expect(who).toMatchObject({ id: made.id, entity: 'agent-1' });
      expect(await docket.authenticate(`${made.secret}x`)).toBeNull();
      expect(await docket.authenticate('not-a-token')).toBeNull();

      await docket.revokeToken(made.id);
      expect(await docket.authenticate(made.secret)).toBeNull();
      expect(await docket.hasTokens()).toBe(false);
      await expect(docket.revokeToken(made.id)).rejects.toMatchObject({ code: 'not_found' });
    });

    it('refuses a token for a project that does not exist', async () => {
      await expect(docket.createToken({ projects: ['nope'], scope: 'read' })).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(docket.createToken({ projects: [], scope: 'read' })).rejects.toMatchObject({ code: 'validation' });
      expect(await docket.tokens()).toEqual([]);
    });

    it('orders scopes and scopes tokens to their projects', () => {
      expect(scopeAllows('admin', 'write')).toBe(true);
      expect(scopeAllows('read', 'write')).toBe(false);
      expect(tokenReaches({ projects: ['doc'] }, 'DOC')).toBe(true);
      expect(tokenReaches({ projects: ['doc'] }, 'ops')).toBe(false);
      expect(tokenReaches({ projects: ['*'] }, 'ops')).toBe(true);
    });
  });
}

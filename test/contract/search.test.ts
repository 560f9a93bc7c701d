import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Project } from '../../src/core/docket.js';
import type { SearchInput } from '../../src/domain/inputs.js';
import { BACKENDS } from './backends.js';
import { useFixture } from './fixture.js';

async function seed(doc: Project) {
  await doc.create({ title: 'Login fails with SSO', description: 'Users of the SAML provider see a blank page.' });
  await doc.create({ title: 'Payment page slow', description: 'The login check on checkout takes 3 seconds.' });
  await doc.create({ title: 'Authentication tokens expire early', type: 'bug', priority: 'high' });
  await doc.create({
    title: 'Authorize API clients',
    description: 'OAuth scopes for the public API.',
    type: 'feature',
  });
  await doc.create({ title: 'Dark mode', description: 'Nothing to do with logins at all, really.' });
  await doc.create({ title: 'Café menu encoding', description: 'Résumé uploads break on naïve parsers.' });
}

const found = async (doc: Project, q: string | SearchInput) => (await doc.search(q)).map((r) => r.ticket.number);

for (const backend of BACKENDS) {
  describe(`search [${backend.name}]`, () => {
    const fx = useFixture(backend);

    it('finds words in title or description and ranks a title match above a description match', async () => {
      await seed(fx.doc);
      const hits = await fx.doc.search('login');
      expect(hits.map((h) => h.ticket.number)).toEqual([1, 2]);
      expect(hits[0]!.rank).toBeGreaterThan(hits[1]!.rank);
    });

    it('needs every word, unless OR is used', async () => {
      await seed(fx.doc);
      expect(await found(fx.doc, 'login checkout')).toEqual([2]);
      expect(await found(fx.doc, 'sso OR checkout')).toEqual(expect.arrayContaining([1, 2]));
      expect((await found(fx.doc, 'sso OR checkout')).length).toBe(2);
      expect(await found(fx.doc, 'sso | payment')).toHaveLength(2);
    });

    it('matches phrases in order only', async () => {
      await seed(fx.doc);
      expect(await found(fx.doc, '"blank page"')).toEqual([1]);
      expect(await found(fx.doc, '"page blank"')).toEqual([]);
    });

    it('matches prefixes, excludes words, ignores case and diacritics', async () => {
      await seed(fx.doc);
      expect((await found(fx.doc, 'auth*')).sort()).toEqual([3, 4]);
      expect(await found(fx.doc, 'auth')).toEqual([]);
      expect(await found(fx.doc, 'auth* -tokens')).toEqual([4]);
      expect(await found(fx.doc, 'login -"blank page"')).toEqual([2]);
      expect(await found(fx.doc, 'LOGIN sso')).toEqual([1]);
      expect(await found(fx.doc, 'cafe resume')).toEqual([6]);
    });

    it('folds letters that grow a combining mark when lowered (İ) the same way in query and text', async () => {
      await fx.doc.create({ title: 'İstanbul office move' });
      expect(await found(fx.doc, 'İstanbul')).toEqual([1]);
      expect(await found(fx.doc, 'istanbul')).toEqual([1]);
      expect(await found(fx.doc, 'İst*')).toEqual([1]);
    });

    it('applies filters and the limit', async () => {
      await seed(fx.doc);
      expect(await found(fx.doc, { query: 'auth*', type: 'bug' })).toEqual([3]);
      expect(await found(fx.doc, { query: 'auth*', priority: 'high' })).toEqual([3]);
      expect(await found(fx.doc, { query: 'login', state: 'closed' })).toEqual([]);
      await fx.doc.close(2);
      expect(await found(fx.doc, { query: 'login', state: 'closed' })).toEqual([2]);
      expect(await found(fx.doc, { query: 'login', limit: 1 })).toEqual([1]);
    });

    it('returns a snippet with the matches marked', async () => {
      await seed(fx.doc);
      const [hit] = await fx.doc.search('saml');
      expect(hit!.snippet).toContain('\uE000SAML\uE001');
    });

    it('follows edits: the old words stop matching', async () => {
      await seed(fx.doc);
      await fx.doc.update(5, { title: 'Night theme', description: null });
      expect(await found(fx.doc, 'dark')).toEqual([]);
      expect(await found(fx.doc, 'night')).toEqual([5]);
    });

    it('searches comments only when asked', async () => {
      await seed(fx.doc);
      await fx.doc.comment(5, 'reproduced with kerberos tickets');
      expect(await found(fx.doc, 'kerberos')).toEqual([]);
      expect(await found(fx.doc, { query: 'kerberos', includeComments: true })).toEqual([5]);
      expect(await found(fx.doc, { query: 'kerberos', includeComments: true, type: 'bug' })).toEqual([]);
    });

    it('never finds tickets of another project', async () => {
      await seed(fx.doc);
      await fx.docket.createProject({ key: 'ops' });
      const ops = fx.docket.project('ops');
      await ops.create({ title: 'Login to the VPN' });
      expect(await found(ops, 'login')).toEqual([1]);
      expect((await ops.search('login'))[0]!.ticket.id).toBe('OPS-1');
      expect(await found(fx.doc, 'vpn')).toEqual([]);
    });

    it('refuses an empty query, exclusions alone and too many terms', async () => {
      for (const q of ['', '   ', '-login', '"" * -', Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ')]) {
        await expect(fx.doc.search(q)).rejects.toMatchObject({ code: 'validation' });
      }
      await expect(fx.doc.search({ query: 'x', limit: 0 })).rejects.toMatchObject({ code: 'validation' });
    });

    it('property: any input either searches or is refused with validation, never a storage error', async () => {
      await seed(fx.doc);
      const hostile = fc.constantFrom(
        '"',
        "'",
        '*',
        '-',
        '^',
        ':',
        '(',
        ')',
        '+',
        '{',
        '}',
        'OR',
        'AND',
        'NOT',
        'NEAR',
        'NEAR(',
        'or',
        '|',
        'title:',
        'é',
        '中文',
        '🙂',
        '\u0301',
        '\u0000',
        '\\',
        'login',
        ' ',
      );
      const input = fc.oneof(
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.array(hostile, { maxLength: 12 }).map((parts) => parts.join('')),
        fc.array(hostile, { maxLength: 12 }).map((parts) => parts.join(' ')),
      );
      await fc.assert(
        fc.asyncProperty(input, async (q) => {
          try {
            const hits = await fx.doc.search(q);
            expect(Array.isArray(hits)).toBe(true);
          } catch (e) {
            expect(e).toMatchObject({ code: 'validation' });
          }
        }),
        { numRuns: 400 },
      );
    });
  });
}

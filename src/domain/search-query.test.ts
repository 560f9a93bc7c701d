import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSearchQuery } from './search-query.js';

const term = (words: string[], prefix = false, exclude = false) => ({ words, prefix, exclude });

describe('search query parser', () => {
  it('reads words, phrases, prefixes, exclusions and OR', () => {
    expect(parseSearchQuery('Login  Bug')).toEqual([[term(['login']), term(['bug'])]]);
    expect(parseSearchQuery('"blank page" auth*')).toEqual([[term(['blank', 'page']), term(['auth'], true)]]);
    expect(parseSearchQuery('sso -flaky -"slow test"')).toEqual([
      [term(['sso']), term(['flaky'], false, true), term(['slow', 'test'], false, true)],
    ]);
    expect(parseSearchQuery('a OR b | c')).toEqual([[term(['a'])], [term(['b'])], [term(['c'])]]);
  });

  it('treats lower-case or, AND and NOT as plain words', () => {
    expect(parseSearchQuery('this or that')).toEqual([[term(['this']), term(['or']), term(['that'])]]);
    expect(parseSearchQuery('NOT AND')).toEqual([[term(['not']), term(['and'])]]);
  });

  it('splits punctuation inside a word into a phrase and keeps unicode letters', () => {
    expect(parseSearchQuery('v2.3')).toEqual([[term(['v2', '3'])]]);
    expect(parseSearchQuery('Café_menu 中文')).toEqual([[term(['café_menu']), term(['中文'])]]);
  });

  it('ignores stray syntax: an unclosed quote, a bare star or dash, a leading OR', () => {
    expect(parseSearchQuery('OR "open phrase')).toEqual([[term(['open', 'phrase'])]]);
    expect(parseSearchQuery('* - login')).toEqual([[term(['login'])]]);
  });

  it('refuses a query with nothing to look for', () => {
    for (const q of ['', '  ', '***', '-x', 'a OR -b', '"" ()']) {
      expect(() => parseSearchQuery(q)).toThrow(expect.objectContaining({ code: 'validation' }));
    }
  });

  it('property: every parsed term holds only lower-case word characters, and no group is only exclusions', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (q) => {
        let parsed: ReturnType<typeof parseSearchQuery>;
        try {
          parsed = parseSearchQuery(q);
        } catch (e) {
          expect(e).toMatchObject({ code: 'validation' });
          return;
        }
        expect(parsed.length).toBeGreaterThan(0);
        for (const group of parsed) {
          expect(group.some((t) => !t.exclude)).toBe(true);
          for (const t of group) {
            expect(t.words.length).toBeGreaterThan(0);
            for (const w of t.words) expect(w).toMatch(/^[\p{L}\p{M}\p{N}_]+$/u);
            for (const w of t.words) expect(w).toBe(w.toLowerCase());
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

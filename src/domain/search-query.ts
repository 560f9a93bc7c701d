import { invalid } from './errors.js';

/** A term of a search: a word (optionally a prefix) or a phrase, possibly excluded. */
export interface SearchTerm {
  readonly words: readonly string[];
  readonly prefix: boolean;
  readonly exclude: boolean;
}

/** Alternatives (OR) of groups of terms that must all hold (AND). */
export type SearchQuery = readonly (readonly SearchTerm[])[];

/** Letters, digits and combining marks are word characters, as for SQLite's unicode61 tokenizer. */
const WORD = /[\p{L}\p{M}\p{N}_]+/gu;
const MAX_TERMS = 32;

/**
 * Parses what people type into a search box, the same on every backend:
 * `login bug` (both words), `"exact phrase"`, `auth*` (prefix), `-flaky` (not), `a OR b`.
 * Punctuation inside a word splits it into a phrase (`v2.3` reads as the phrase `v2 3`).
 */
export function parseSearchQuery(input: string): SearchQuery {
  const text = input.slice(0, 2000);
  const groups: SearchTerm[][] = [[]];
  const token = /(-?)"([^"]*)"?|(\S+)/g;
  let count = 0;
  for (const m of text.matchAll(token)) {
    const current = groups[groups.length - 1]!;
    if (m[3] === 'OR' || m[3] === '|') {
      if (current.length) groups.push([]);
      continue;
    }
    let exclude = m[1] === '-';
    let raw = m[2] ?? m[3] ?? '';
    let prefix = false;
    if (m[2] === undefined) {
      if (raw.startsWith('-') && raw.length > 1) {
        exclude = true;
        raw = raw.slice(1);
      }
      if (raw.endsWith('*')) {
        prefix = true;
        raw = raw.replace(/\*+$/, '');
      }
    }
    // Lower-case first: some letters grow a combining mark when lowered (İ becomes i + U+0307).
    const words = raw.toLowerCase().match(WORD) ?? [];
    if (!words.length) continue;
    if (++count > MAX_TERMS) throw invalid(`a search takes at most ${MAX_TERMS} terms`, { field: 'query' });
    current.push({ words, prefix, exclude });
  }
  const query = groups.filter((g) => g.length);
  if (!query.length || query.some((g) => g.every((t) => t.exclude))) {
    throw invalid('a search needs at least one word to look for (excluded words alone match nothing)', {
      field: 'query',
    });
  }
  return query;
}

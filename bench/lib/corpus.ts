/**
 * Deterministic ticket text for the benchmark datasets. Words follow a Zipf law over an 8,000-word
 * vocabulary (real words at the head, made-up identifiers in the tail), so a search term's
 * selectivity is set by its rank: the same fraction of tickets matches at every scale.
 */

/** mulberry32: small, fast and good enough to make the same dataset on every machine. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  /** An item drawn with the given relative weights. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let u = this.next() * total;
    for (const [item, w] of items) {
      u -= w;
      if (u < 0) return item;
    }
    return items[items.length - 1]![0];
  }
}

const VOCABULARY_SIZE = 8000;

/** Words pinned to a rank, so the search terms below have a known expected selectivity. */
const PLACED: Readonly<Record<number, string>> = {
  20: 'login',
  30: 'error',
  60: 'auth',
  70: 'rate',
  90: 'mobile',
  110: 'limit',
  120: 'timeout',
  150: 'authentication',
  190: 'authorize',
};

const FILLER = `when user after should page fails data request server client screen button value field list view
report file test build config service api response message status account setting issue version release support
customer email search query cache database table column index import export upload download image form input
output display show load save delete create edit open close click select filter sort order date time name title
text link menu header footer sidebar modal dialog tab panel chart graph dashboard widget token session password
cookie network proxy gateway endpoint route handler worker queue job task schedule cron event webhook callback
retry crash freeze slow latency memory leak cpu disk storage backup restore migration schema deploy rollback
pipeline docker container cluster node pod region zone browser chrome firefox safari android ios tablet desktop
layout style theme font color icon spacing alignment responsive accessibility keyboard focus scroll render
component state props hook store reducer action module package dependency upgrade library framework plugin
extension integration stripe invoice payment refund subscription plan trial billing tax currency locale
translation language timezone calendar notification alert banner toast badge avatar profile team member role
permission admin owner guest invite signup onboarding tutorial documentation guide example typo wording copy
label tooltip placeholder validation required optional duplicate missing wrong broken empty null undefined
exception stack trace log metric monitor sentry warning deprecated legacy refactor cleanup performance flaky
intermittent regression hotfix workaround`
  .split(/\s+/)
  .filter((w) => w && !Object.values(PLACED).includes(w));

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ren',
  'tas',
  'vo',
  'ne',
  'dri',
  'sul',
  'bex',
  'qua',
  'zor',
  'pli',
  'gen',
  'tu',
  'war',
];

/** A made-up identifier, unique per index (four syllables read as base-16 digits). */
function pseudoWord(i: number): string {
  let w = '';
  for (let d = 0; d < 4; d++) w += SYLLABLES[(i >> (4 * (3 - d))) & 15];
  return w;
}

function buildVocabulary(): string[] {
  const words: string[] = [];
  const filler = [...new Set(FILLER)];
  let f = 0;
  let p = 0;
  for (let rank = 1; rank <= VOCABULARY_SIZE; rank++) {
    const placed = PLACED[rank];
    if (placed) words.push(placed);
    else if (f < filler.length) words.push(filler[f++]!);
    else words.push(pseudoWord(p++));
  }
  return words;
}

/** Index 0 holds rank 1. */
export const VOCABULARY: readonly string[] = buildVocabulary();

const PHRASES = [
  'rate limit',
  'null pointer',
  'login page',
  'race condition',
  'out of memory',
  'dark mode',
  'single sign on',
  'time zone',
  'two factor',
  'page load',
];

/** The queries the search benchmark runs, from narrow to broad, with why each is there. */
export const SEARCH_TERMS: readonly { readonly name: string; readonly query: string }[] = [
  { name: 'rare word', query: VOCABULARY[5999]! },
  { name: 'narrow word', query: VOCABULARY[999]! },
  { name: 'medium word', query: 'timeout' },
  { name: 'broad word', query: 'error' },
  { name: 'two words', query: 'login mobile' },
  { name: 'prefix', query: 'auth*' },
  { name: 'phrase', query: '"rate limit"' },
];

export class Corpus {
  private readonly cumulative: Float64Array;

  constructor(private readonly rng: Rng) {
    this.cumulative = new Float64Array(VOCABULARY_SIZE);
    let sum = 0;
    for (let r = 0; r < VOCABULARY_SIZE; r++) {
      sum += 1 / (r + 1);
      this.cumulative[r] = sum;
    }
  }

  word(): string {
    const u = this.rng.next() * this.cumulative[VOCABULARY_SIZE - 1]!;
    let lo = 0;
    let hi = VOCABULARY_SIZE - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return VOCABULARY[lo]!;
  }

  words(n: number): string {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.word());
    return out.join(' ');
  }

  title(): string {
    const t = this.words(4 + this.rng.int(6));
    return t[0]!.toUpperCase() + t.slice(1);
  }

  /** Empty for one ticket in ten; otherwise 15 to 135 words, a quarter of them with a common phrase. */
  description(): string {
    if (this.rng.chance(0.1)) return '';
    const n = 15 + this.rng.int(121);
    const body = this.words(n);
    if (!this.rng.chance(0.25)) return body;
    const cut = body.indexOf(' ', this.rng.int(body.length));
    const phrase = this.rng.pick(PHRASES);
    return cut === -1 ? `${body} ${phrase}` : `${body.slice(0, cut)} ${phrase}${body.slice(cut)}`;
  }

  comment(): string {
    return this.words(5 + this.rng.int(30));
  }
}

/**
 * What a ticket knows of the code that did its work: commits, branches and pull (merge) requests,
 * and the pure parsers that find them in commit messages, comments and branch names.
 */

export const REFERENCE_KINDS = ['commit', 'branch', 'pull'] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

/** One reference as every face shows it. `key` is the commit's full sha, the branch name or the URL. */
export interface Reference {
  readonly kind: ReferenceKind;
  readonly key: string;
  readonly subject: string | null;
  readonly author: string | null;
  /** When the commit was made (commits only). */
  readonly time: string | null;
  /** The branch a commit was seen on; the default branch once it has landed there. */
  readonly branch: string | null;
  readonly url: string | null;
  readonly createdAt: string;
}

/** A reference as core receives it to record. */
export interface ReferenceInput {
  readonly kind: ReferenceKind;
  readonly key: string;
  readonly subject?: string | null;
  readonly author?: string | null;
  /** Epoch ms. */
  readonly time?: number | null;
  readonly branch?: string | null;
  readonly url?: string | null;
}

/** Longest key (sha, branch name, URL) a reference holds. */
export const KEY_MAX = 2000;

/** Longest subject kept; longer ones end in an ellipsis. */
export const SUBJECT_MAX = 200;

export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A ticket named in some text, and whether a closing keyword stands before it. */
export interface Mention {
  readonly number: number;
  readonly closes: boolean;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const CLOSING = 'fix(?:e[sd])?|close[sd]?|resolve[sd]?';

/**
 * Ticket ids with `prefix` (`DOC-` finds `DOC-42` and `doc-42`) in `text`, each once, in order of
 * first appearance. A closing keyword (fix, fixes, fixed, close, closes, closed, resolve, resolves,
 * resolved; any case, optional colon) closes every id of the list right after it:
 * `Fixes DOC-1, DOC-2 and DOC-3`.
 *
 * @example
 * mentions('Fixes: doc-4; see DOC-9', 'DOC-') // [{ number: 4, closes: true }, { number: 9, closes: false }]
 */
export function mentions(text: string, prefix: string): Mention[] {
  if (!prefix) return [];
  // ASCII word edges: a regex with Unicode property classes costs milliseconds to compile, paid by
  // the git hook on every commit; ids sit next to ASCII in practice.
  const id = `${escapeRe(prefix)}(\\d{1,15})(?![A-Za-z0-9_])`;
  const closing = new RegExp(
    `(?<![A-Za-z0-9_])(?:${CLOSING}):?\\s+((?:${id})(?:\\s*(?:,|\\band\\b|&)?\\s*${id})*)`,
    'gi',
  );
  const single = new RegExp(`(?<![A-Za-z0-9_])${id}`, 'gi');
  const closed = new Set<number>();
  for (const m of text.matchAll(closing)) {
    for (const n of m[1]!.matchAll(single)) closed.add(Number(n[1]));
  }
  const out = new Map<number, Mention>();
  for (const m of text.matchAll(single)) {
    const number = Number(m[1]);
    if (number > 0 && !out.has(number)) out.set(number, { number, closes: closed.has(number) });
  }
  return [...out.values()];
}

/** Whether `text` could name a ticket or pull request at all (both end in digits): a cheap test before opening a store. */
export function mayReference(text: string): boolean {
  return /\d/.test(text);
}

const PULL_URL =
  /https?:\/\/[a-z0-9.-]+(?::\d+)?\/[^\s/?#]+(?:\/[^\s/?#]+)*?\/(?:pull\/\d+|-\/merge_requests\/\d+|pulls\/\d+)(?![\w/])/gi;

/**
 * Pull and merge request URLs in `text`, each once: GitHub's `/owner/repo/pull/7`, GitLab's
 * `/group/repo/-/merge_requests/7` and Gitea's or Forgejo's `/owner/repo/pulls/7`.
 */
export function pullUrls(text: string): string[] {
  return [...new Set([...text.matchAll(PULL_URL)].map((m) => m[0]))];
}

/** The branch pattern used when the repository sets none (`git config docket.branchPattern`). */
export const DEFAULT_BRANCH_PATTERN = '{id}-{slug}';

/** The words of a title as a branch name part: lower case ASCII letters and digits, dashes between. */
export function titleSlug(title: string, max = 40): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let out = '';
  for (const w of words) {
    const next = out ? `${out}-${w}` : w;
    if (next.length > max) return out || w.slice(0, max);
    out = next;
  }
  return out;
}

/**
 * A ticket's branch name from a pattern: `{id}` (the display id in lower case, `doc-42`), `{number}`,
 * `{slug}` (the title's words) and `{type}`.
 *
 * @example
 * branchName('{id}-{slug}', { id: 'DOC-42', number: 42, title: 'Login fails with SSO', type: 'bug' })
 * // 'doc-42-login-fails-with-sso'
 */
export function branchName(
  pattern: string,
  t: { readonly id: string; readonly number: number; readonly title: string; readonly type: string },
): string {
  const name = pattern
    .replaceAll('{id}', t.id.toLowerCase())
    .replaceAll('{number}', String(t.number))
    .replaceAll('{slug}', titleSlug(t.title))
    .replaceAll('{type}', t.type)
    .replace(/-{2,}/g, '-')
    .replace(/[-/]+$/, '');
  return name;
}

/**
 * The ticket a branch is named after: the first id with `prefix` that starts the name or one of its
 * path parts (`doc-42-login`, `alice/DOC-42`, `feature/doc-42_x`). Undefined when there is none.
 */
export function ticketOfBranch(branch: string, prefix: string): number | undefined {
  if (!prefix) return undefined;
  const m = new RegExp(`(?:^|/)${escapeRe(prefix)}(\\d{1,15})(?!\\d)`, 'i').exec(branch);
  return m && Number(m[1]) > 0 ? Number(m[1]) : undefined;
}

/** The text a reference adds to history: `commit 1a2b3c4 Fix the login`, `pull https://…`. */
export function referenceLine(r: {
  readonly kind: ReferenceKind;
  readonly key: string;
  readonly subject?: string | null;
}): string {
  const key = r.kind === 'commit' ? r.key.slice(0, 12) : r.key;
  return clip(r.subject ? `${r.kind} ${key} ${r.subject}` : `${r.kind} ${key}`, 200);
}

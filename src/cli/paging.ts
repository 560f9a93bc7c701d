import type { Page } from '../core/queries.js';

/** The most the core returns in one page; longer lists are fetched page by page. */
export const PAGE_MAX = 500;

/**
 * Reads up to `limit` items (all of them when `limit` is undefined) through a cursor, page by page,
 * so a long list never asks the core for more than it allows at once.
 */
export async function readPages<T>(
  fetch: (after: number | undefined, limit: number) => Promise<Page<T>>,
  limit: number | undefined,
  after?: number,
  onPage?: (count: number) => void,
): Promise<Page<T>> {
  const items: T[] = [];
  let cursor = after;
  for (;;) {
    const want = limit === undefined ? PAGE_MAX : Math.min(limit - items.length, PAGE_MAX);
    const page = await fetch(cursor, want);
    items.push(...page.items);
    onPage?.(items.length);
    if (page.next === null) return { items, next: null };
    cursor = page.next;
    if (limit !== undefined && items.length >= limit) return { items, next: cursor };
  }
}

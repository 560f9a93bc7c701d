/** Slugs are how users name states, priorities, entities and categories: lower case, spaces as dashes. */
export function toSlug(raw: string): string {
  return raw.trim().toLowerCase().replace(/\s+/g, '-');
}

const SLUG = /^[a-z0-9][a-z0-9_.:@-]{0,63}$/;

export function isSlug(value: string): boolean {
  return SLUG.test(value);
}

import { shortTime, table } from '../render.js';
import type { Session } from '../session.js';

export async function categoryList(s: Session): Promise<void> {
  const rows = await (await s.project()).categories();
  if (s.json) return s.printJson(rows);
  if (s.quiet) return s.lines(rows.map((c) => c.slug));
  if (!rows.length) return s.note('no categories yet; add one with: docket category add support');
  s.out(
    table(
      [{ header: 'CATEGORY' }, { header: 'ADDED' }],
      rows.map((c) => [c.slug, shortTime(c.createdAt)]),
      s.width,
      s.paint,
    ),
  );
}

export async function categoryAdd(s: Session, slug: string): Promise<void> {
  const c = await (await s.project()).addCategory(slug);
  s.done(c, c.slug, `Category added: ${c.slug}`);
}

/** `category delete SLUG [--force]`: --force clears it from the tickets that have it. */
export async function categoryDelete(s: Session, slug: string, o: { force?: boolean }): Promise<void> {
  await (await s.project()).removeCategory(slug, { force: o.force === true });
  s.done({ deleted: slug }, slug, `Category deleted: ${slug}`);
}

export async function categoryRename(s: Session, from: string, to: string): Promise<void> {
  await (await s.project()).renameCategory(from, to);
  s.done({ renamed: from, to }, to, `Category renamed: ${from} -> ${to}`);
}

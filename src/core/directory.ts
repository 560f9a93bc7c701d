import { DocketError, notFound } from '../domain/errors.js';
import { type EntityInput, EntityInputSchema, parseInput, SlugSchema } from '../domain/inputs.js';
import type { Category, Entity } from '../domain/records.js';
import { iso } from '../domain/ticket.js';
import type { ReplaceableColumn } from '../store/store.js';
import { type ProjectWrite, projectRead, projectWrite, record, type Scope } from './context.js';

/**
 * The names tickets refer to: entities (people, teams, agents) and categories. Removing or renaming
 * one that tickets use rewrites those tickets, each with its history row, under the same event.
 */

const slug = (s: string, field = 'name') => parseInput(SlugSchema, s, field);

const toEntity = (e: { slug: string; name: string; kind: Entity['kind']; createdAt: number }): Entity => ({
  slug: e.slug,
  name: e.name,
  kind: e.kind,
  createdAt: iso(e.createdAt)!,
});

/** How many of the project's tickets hold `value` in `column`. */
async function inUse(w: ProjectWrite, column: Exclude<ReplaceableColumn, 'milestone'>, value: string): Promise<number> {
  return w.tx.counts.usage({ projectId: w.p.rec.id, column, value });
}

/** Records the change, then rewrites the tickets that held `from` (their history rows under its event). */
async function recordAndReplace(
  w: ProjectWrite,
  entry: { kind: 'entity.changed' | 'category.changed'; line: string },
  replace?: { column: ReplaceableColumn; from: string; to: string | null },
): Promise<void> {
  const eventId = await record(w, entry);
  if (replace) {
    await w.tx.tickets.replace({ projectId: w.p.rec.id, ...replace, history: { eventId, actor: w.actor, at: w.at } });
  }
}

export async function listEntities(scope: Scope): Promise<Entity[]> {
  return projectRead(scope, async (tx, p) => (await tx.directory.entities(p.rec.id)).map(toEntity));
}

export async function getEntity(scope: Scope, entity: string): Promise<Entity> {
  const s = slug(entity, 'entity');
  return projectRead(scope, async (tx, p) => {
    const e = await tx.directory.entity(p.rec.id, s);
    if (!e) throw notFound('entity', `'${s}'`, { entity: s, fix: { kind: 'list_entities' } });
    return toEntity(e);
  });
}

/** Adds an entity, or updates its name and kind when `upsert` is set. */
export async function saveEntity(scope: Scope, raw: EntityInput, upsert = false): Promise<Entity> {
  const input = parseInput(EntityInputSchema, raw);
  return projectWrite(scope, { operation: 'entity' }, async (w) => {
    const found = await w.tx.directory.entity(w.p.rec.id, input.slug);
    if (found && !upsert)
      throw new DocketError('already_exists', `entity '${input.slug}' exists`, { entity: input.slug });
    const e = {
      slug: found?.slug ?? input.slug,
      name: input.name ?? found?.name ?? input.slug,
      kind: input.kind ?? found?.kind ?? 'person',
      createdAt: found?.createdAt ?? w.at,
    };
    await w.tx.directory.putEntity(w.p.rec.id, e);
    await record(w, { kind: 'entity.changed', line: `${found ? 'Updated' : 'Added'} entity ${e.slug}` });
    return toEntity(e);
  });
}

/** Removes an entity; with `force`, its tickets are unassigned first, else a used entity is refused. */
export async function removeEntity(scope: Scope, entity: string, force = false): Promise<void> {
  const s = slug(entity, 'entity');
  return projectWrite(scope, { operation: 'entity' }, async (w) => {
    const e = await w.tx.directory.entity(w.p.rec.id, s);
    if (!e) throw notFound('entity', `'${s}'`, { entity: s });
    const used = await inUse(w, 'assignee', e.slug);
    if (used && !force) {
      throw new DocketError(
        'conflict',
        `${used} ticket(s) are assigned to ${e.slug}; reassign them or pass --force to unassign`,
        { count: used },
      );
    }
    const unassign = used ? { column: 'assignee' as const, from: e.slug, to: null } : undefined;
    await recordAndReplace(w, { kind: 'entity.changed', line: `Removed entity ${e.slug}` }, unassign);
    await w.tx.directory.deleteEntity(w.p.rec.id, e.slug);
  });
}

export async function listCategories(scope: Scope): Promise<Category[]> {
  return projectRead(scope, async (tx, p) =>
    (await tx.directory.categories(p.rec.id)).map((c) => ({ slug: c.slug, createdAt: iso(c.createdAt)! })),
  );
}

export async function addCategory(scope: Scope, category: string): Promise<Category> {
  const s = slug(category, 'category');
  return projectWrite(scope, { operation: 'category' }, async (w) => {
    if (await w.tx.directory.category(w.p.rec.id, s)) throw new DocketError('already_exists', `category '${s}' exists`);
    await w.tx.directory.addCategory(w.p.rec.id, { slug: s, createdAt: w.at });
    await record(w, { kind: 'category.changed', line: `Added category ${s}` });
    return { slug: s, createdAt: iso(w.at)! };
  });
}

export async function renameCategory(scope: Scope, from: string, to: string): Promise<void> {
  const [a, b] = [slug(from), slug(to)];
  return projectWrite(scope, { operation: 'category' }, async (w) => {
    if (!(await w.tx.directory.category(w.p.rec.id, a))) throw notFound('category', `'${a}'`);
    if (await w.tx.directory.category(w.p.rec.id, b)) throw new DocketError('already_exists', `category '${b}' exists`);
    await w.tx.directory.renameCategory(w.p.rec.id, a, b);
    const line = `Renamed category ${a} to ${b}`;
    await recordAndReplace(w, { kind: 'category.changed', line }, { column: 'category', from: a, to: b });
  });
}

/** Deletes a category; with `force`, tickets in it lose it, else a used category is refused. */
export async function removeCategory(scope: Scope, category: string, force = false): Promise<void> {
  const s = slug(category, 'category');
  return projectWrite(scope, { operation: 'category' }, async (w) => {
    if (!(await w.tx.directory.category(w.p.rec.id, s))) throw notFound('category', `'${s}'`);
    const used = await inUse(w, 'category', s);
    if (used && !force) {
      throw new DocketError('conflict', `${used} ticket(s) are in category ${s}; pass --force to clear it from them`, {
        count: used,
      });
    }
    const clear = used ? { column: 'category' as const, from: s, to: null } : undefined;
    await recordAndReplace(w, { kind: 'category.changed', line: `Deleted category ${s}` }, clear);
    await w.tx.directory.deleteCategory(w.p.rec.id, s);
  });
}

export type EntityArg = string | EntityInput;

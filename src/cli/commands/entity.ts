import { ENTITY_KINDS, type EntityKind } from '../../domain/records.js';
import { UsageError } from '../errors.js';
import { defined } from '../input.js';
import { shortTime, table } from '../render.js';
import type { Session } from '../session.js';

export interface EntityOptions {
  readonly name?: string;
  readonly kind?: string;
  readonly force?: boolean;
}

function kindOf(kind: string | undefined): EntityKind | undefined {
  if (kind === undefined) return undefined;
  if ((ENTITY_KINDS as readonly string[]).includes(kind)) return kind as EntityKind;
  throw new UsageError(`--kind takes ${ENTITY_KINDS.join(', ')}, not '${kind}'`);
}

/** `entity list`: the people, teams and agents of the project. */
export async function entityList(s: Session): Promise<void> {
  const rows = await (await s.project()).entities();
  if (s.json) return s.printJson(rows);
  if (s.quiet) return s.lines(rows.map((e) => e.slug));
  if (!rows.length) return s.note('no entities yet; add one with: docket entity add alice');
  s.out(
    table(
      [{ header: 'SLUG' }, { header: 'KIND' }, { header: 'NAME', flex: true }, { header: 'ADDED' }],
      rows.map((e) => [e.slug, e.kind, e.name, shortTime(e.createdAt)]),
      s.width,
      s.paint,
    ),
  );
}

export async function entityGet(s: Session, slug: string): Promise<void> {
  const e = await (await s.project()).entity(slug);
  if (s.json) return s.printJson(e);
  s.out(s.quiet ? e.slug : `${s.paint.bold(e.slug)}  ${e.name} (${e.kind}), added ${shortTime(e.createdAt)}`);
}

/** `entity add SLUG [--name NAME] [--kind person|team|agent]`. */
export async function entityAdd(s: Session, slug: string, o: EntityOptions): Promise<void> {
  const e = await (await s.project()).addEntity({ slug, ...defined({ name: o.name, kind: kindOf(o.kind) }) });
  s.done(e, e.slug, `Entity added: ${e.slug}`);
}

/** `entity update SLUG [--name NAME] [--kind KIND]`. */
export async function entityUpdate(s: Session, slug: string, o: EntityOptions): Promise<void> {
  const e = await (await s.project()).updateEntity({ slug, ...defined({ name: o.name, kind: kindOf(o.kind) }) });
  s.done(e, e.slug, `Entity updated: ${e.slug}`);
}

/** `entity delete SLUG [--force]`: --force unassigns its tickets first. */
export async function entityDelete(s: Session, slug: string, o: EntityOptions): Promise<void> {
  await (await s.project()).removeEntity(slug, { force: o.force === true });
  s.done({ deleted: slug }, slug, `Entity deleted: ${slug}`);
}

import { UsageError } from '../errors.js';
import { intArg } from '../input.js';
import { table } from '../render.js';
import type { Session } from '../session.js';

/**
 * `priority list`: most urgent first. `rank` is BlinkDesk's position: 1 is the least urgent, and
 * `priority add SLUG POSITION` takes the same numbers.
 */
export async function priorityList(s: Session): Promise<void> {
  const schema = await (await s.project()).schema();
  const n = schema.priorities.length;
  const rows = schema.priorities.map((priority, i) => ({
    priority,
    rank: n - i,
    default: priority === schema.options.default_priority,
  }));
  if (s.json) return s.printJson(rows);
  if (s.quiet) return s.lines(rows.map((r) => r.priority));
  s.out(
    table(
      [{ header: 'PRIORITY' }, { header: 'RANK', right: true }, { header: 'DEFAULT' }],
      rows.map((r) => [r.priority, String(r.rank), r.default ? 'yes' : '']),
      s.width,
      s.paint,
    ),
  );
}

/** `priority add SLUG [POSITION]`: POSITION counts from the least urgent (1); default: least urgent. */
export async function priorityAdd(s: Session, slug: string, position: string | undefined): Promise<void> {
  const project = await s.project();
  const rank = intArg(position, 'POSITION', 1);
  let at: number | undefined;
  if (rank !== undefined) {
    const n = (await project.schema()).priorities.length;
    if (rank > n + 1) throw new UsageError(`POSITION must be 1 (least urgent) to ${n + 1} (most urgent)`);
    at = n + 2 - rank;
  }
  const schema = await project.addPriority(slug, at);
  s.done(schema, slug, `Priority added: ${slug.toLowerCase()}`);
}

export async function priorityDelete(s: Session, slug: string): Promise<void> {
  const schema = await (await s.project()).removePriority(slug);
  s.done(schema, slug, `Priority deleted: ${slug}`);
}

export async function priorityRename(s: Session, from: string, to: string): Promise<void> {
  const schema = await (await s.project()).renamePriority(from, to);
  s.done(schema, to, `Priority renamed: ${from} -> ${to}`);
}

import { shortTime, table } from '../render.js';
import type { Session } from '../session.js';

/** `docket projects`: the projects in this database. */
export async function projects(s: Session): Promise<void> {
  const rows = await (await s.docket()).projects();
  if (s.json) return s.printJson(rows);
  if (s.quiet) return s.lines(rows.map((p) => p.key));
  if (!rows.length) return s.note('no projects yet; create one with: docket init');
  s.out(
    table(
      [{ header: 'KEY' }, { header: 'PREFIX' }, { header: 'NAME', flex: true }, { header: 'CREATED' }],
      rows.map((p) => [p.key, p.prefix, p.name, shortTime(p.createdAt)]),
      s.width,
      s.paint,
    ),
  );
}

import type { UnlinkTarget } from '../../core/links.js';
import { LINK_TYPES, type LinkType } from '../../domain/links.js';
import { UsageError } from '../errors.js';
import { intArg } from '../input.js';
import { table } from '../render.js';
import type { Session } from '../session.js';

function linkType(type: string): LinkType {
  const t = type.toLowerCase();
  if ((LINK_TYPES as readonly string[]).includes(t)) return t as LinkType;
  throw new UsageError(
    `'${type}' is not a link type; use one of: ${LINK_TYPES.join(', ')} (docket link add 3 blocks 5)`,
  );
}

/** `docket link add 3 blocks 5`: A blocks B, A parent B (A is B's parent), A related B, A duplicate B. */
export async function linkAdd(s: Session, source: string, type: string, target: string): Promise<void> {
  const project = await s.project();
  const kind = linkType(type);
  const link = await project.link(source, kind, target);
  const from = (await project.get(source)).id;
  s.done(link, String(link.linkId), `Linked ${from} ${link.relation} ${link.ticket} (link ${link.linkId})`);
}

/** `docket link remove 3 blocks 5`, or by number: `docket link remove --id 7`. */
export async function linkRemove(
  s: Session,
  source: string | undefined,
  type: string | undefined,
  target: string | undefined,
  o: { id?: string },
): Promise<void> {
  const linkId = intArg(o.id, '--id', 1);
  let what: UnlinkTarget;
  if (linkId !== undefined) what = { linkId };
  else if (source && type && target) what = { source, type: linkType(type), target };
  else throw new UsageError('say which link: docket link remove 3 blocks 5, or docket link remove --id N');
  const r = await (await s.project()).unlink(what);
  s.done(r, String(r.removed), `Removed link ${r.removed}`);
}

/** `docket link list 3`: the ticket's links, read from its side. */
export async function linkList(s: Session, id: string): Promise<void> {
  const links = await (await s.project()).links(id);
  if (s.json) return s.printJson(links);
  if (s.quiet) return s.lines(links.map((l) => l.ticket));
  if (!links.length) return s.note(`no links; add one with: docket link add ${id} blocks OTHER`);
  s.out(
    table(
      [
        { header: 'LINK', right: true },
        { header: 'RELATION' },
        { header: 'TICKET' },
        { header: 'STATUS' },
        { header: 'TITLE', flex: true },
      ],
      links.map((l) => [String(l.linkId), l.relation, l.ticket, l.status, l.title]),
      s.width,
      s.paint,
    ),
  );
}

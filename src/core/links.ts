import { DocketError, invalid, notFound } from '../domain/errors.js';
import { LinkTypeSchema, parseInput } from '../domain/inputs.js';
import { ACYCLIC_LINKS, type Link, type LinkType, relationOf } from '../domain/links.js';
import { displayId, parseTicketRef } from '../domain/ticket.js';
import type { LinkRecord, StoreReader, StoreTx, StoredLink, TicketRecord } from '../store/store.js';
import {
  idOf,
  type Loaded,
  type ProjectWrite,
  projectWrite,
  record,
  resolveTicket,
  type Scope,
  type TicketRef,
  ticketRead,
} from './context.js';

function toLink(p: Loaded, r: LinkRecord): Link {
  return {
    linkId: r.id,
    type: r.type,
    relation: relationOf(r.type, r.outgoing),
    ticket: displayId(p.prefix, r.other.number),
    title: r.other.title,
    status: r.other.status,
    closed: r.other.closedAt !== null,
  };
}

/**
 * Both tickets of a link, read (and on PostgreSQL locked) lower number first, so that linking A to B
 * and B to A at once queue on the same ticket instead of each holding one and waiting for the other.
 */
async function resolveInOrder(
  tx: StoreTx,
  p: Loaded,
  source: TicketRef,
  target: TicketRef,
): Promise<[TicketRecord, TicketRecord]> {
  const swap = parseTicketRef(source, p.prefix) > parseTicketRef(target, p.prefix);
  const first = await resolveTicket(tx, p, swap ? target : source);
  const second = await resolveTicket(tx, p, swap ? source : target);
  return swap ? [second, first] : [first, second];
}

/** The link between two tickets of this type, either way round for `related` (it has no direction). */
async function findLink(
  tx: StoreReader,
  a: TicketRecord,
  b: TicketRecord,
  type: LinkType,
): Promise<number | undefined> {
  return (
    (await tx.links.find({ sourceId: a.id, targetId: b.id, type })) ??
    (type === 'related' ? await tx.links.find({ sourceId: b.id, targetId: a.id, type }) : undefined)
  );
}

/** Records a link change on both tickets: the event and a history row on `a`, a history row on `b`. */
async function recordLink(
  w: ProjectWrite,
  link: { a: TicketRecord; b: TicketRecord; type: LinkType },
  change: { kind: 'ticket.linked' | 'ticket.unlinked'; line: string },
): Promise<void> {
  const { a, b, type } = link;
  const side = (outgoing: boolean, other: TicketRecord) => `${relationOf(type, outgoing)} ${idOf(w.p, other)}`;
  const added = change.kind === 'ticket.linked';
  const row = (outgoing: boolean, other: TicketRecord) =>
    added
      ? { field: 'link', old: null, new: side(outgoing, other) }
      : { field: 'link', old: side(outgoing, other), new: null };
  const eventId = await record(w, { kind: change.kind, ticket: a, changes: [row(true, b)], line: change.line });
  await w.tx.activity.addHistory({ eventId, ticketId: b.id, changes: [row(false, a)], actor: w.actor, at: w.at });
}

/** `source TYPE target`: `A blocks B`, `A parent B` (A is B's parent), `A related B`, `A duplicate B`. */
export async function linkTickets(scope: Scope, source: TicketRef, type: LinkType, target: TicketRef): Promise<Link> {
  const kind = parseInput(LinkTypeSchema, type, 'type');
  return projectWrite(scope, { operation: 'link' }, async (w) => {
    const { tx, p } = w;
    const [a, b] = await resolveInOrder(tx, p, source, target);
    if (a.id === b.id) throw invalid(`a ticket cannot be linked to itself (${idOf(p, a)})`, { field: 'target' });
    const existing = await findLink(tx, a, b, kind);
    if (existing !== undefined) {
      const found = (await tx.links.of(a.id)).find((l) => l.id === existing)!;
      return toLink(p, found);
    }
    if (ACYCLIC_LINKS.has(kind) && (await tx.links.reachable({ sourceId: b.id, targetId: a.id, type: kind }))) {
      throw new DocketError(
        'link_cycle',
        `${idOf(p, b)} already leads to ${idOf(p, a)} through '${kind}' links; linking ${idOf(p, a)} ${kind} ${idOf(p, b)} would make a cycle`,
        { source: idOf(p, a), target: idOf(p, b), type: kind },
      );
    }
    if (kind === 'parent' && (await tx.links.incoming(b.id, 'parent')) > 0) {
      const parent = (await tx.links.of(b.id)).find((l) => l.type === 'parent' && !l.outgoing)!;
      throw new DocketError(
        'conflict',
        `${idOf(p, b)} already has a parent (${displayId(p.prefix, parent.other.number)}); remove that link first`,
        { linkId: parent.id },
      );
    }
    const linkId = await tx.links.insert({
      projectId: p.rec.id,
      sourceId: a.id,
      targetId: b.id,
      type: kind,
      actor: w.actor,
      at: w.at,
    });
    const line = `Linked ticket ${idOf(p, a)} ${kind} ${idOf(p, b)}`;
    await recordLink(w, { a, b, type: kind }, { kind: 'ticket.linked', line });
    return toLink(p, (await tx.links.of(a.id)).find((l) => l.id === linkId)!);
  });
}

export type UnlinkTarget =
  | { readonly linkId: number }
  | { readonly source: TicketRef; readonly type: LinkType; readonly target: TicketRef };

export async function unlinkTickets(scope: Scope, what: UnlinkTarget): Promise<{ removed: number }> {
  return projectWrite(scope, { operation: 'unlink' }, async (w) => {
    const { tx, p } = w;
    let link: StoredLink | undefined;
    if ('linkId' in what) {
      link = await tx.links.get(p.rec.id, what.linkId);
      if (!link)
        throw notFound('link', `${what.linkId} does not exist in project ${p.rec.key}`, { linkId: what.linkId });
    } else {
      const kind = parseInput(LinkTypeSchema, what.type, 'type');
      const a = await resolveTicket(tx, p, what.source);
      const b = await resolveTicket(tx, p, what.target);
      const id = await findLink(tx, a, b, kind);
      if (id === undefined) throw notFound('link', `${idOf(p, a)} ${kind} ${idOf(p, b)}`);
      link = (await tx.links.get(p.rec.id, id))!;
    }
    const [a, b] = await tx.tickets.byIds([link.sourceId, link.targetId]);
    await tx.links.delete(link.id);
    const line = `Unlinked ticket ${idOf(p, a!)} ${link.type} ${idOf(p, b!)}`;
    await recordLink(w, { a: a!, b: b!, type: link.type }, { kind: 'ticket.unlinked', line });
    return { removed: link.id };
  });
}

export async function listLinks(scope: Scope, ref: TicketRef): Promise<Link[]> {
  return ticketRead(scope, ref, async (tx, p, t) => (await tx.links.of(t.id)).map((r) => toLink(p, r)));
}

export { toLink };

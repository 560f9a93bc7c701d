import { DocketError, invalid, notFound } from '../domain/errors.js';
import { LinkTypeSchema, parseInput } from '../domain/inputs.js';
import { ACYCLIC_LINKS, type Link, type LinkType, relationOf } from '../domain/links.js';
import { displayId, parseTicketRef } from '../domain/ticket.js';
import type { LinkRecord, StoreTx, TicketRecord } from '../store/store.js';
import {
  actorFor,
  idOf,
  type Loaded,
  loadProject,
  record,
  resolveTicket,
  type Scope,
  type TicketRef,
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

/** `source TYPE target`: `A blocks B`, `A parent B` (A is B's parent), `A related B`, `A duplicate B`. */
export async function linkTickets(scope: Scope, source: TicketRef, type: LinkType, target: TicketRef): Promise<Link> {
  const kind = parseInput(LinkTypeSchema, type, 'type');
  return scope.store.write(async (tx) => {
    const p = await loadProject(tx, scope);
    const actor = await actorFor(tx, p, scope, 'link');
    const [a, b] = await resolveInOrder(tx, p, source, target);
    if (a.id === b.id) throw invalid(`a ticket cannot be linked to itself (${idOf(p, a)})`, { field: 'target' });
    const existing =
      (await tx.findLink(a.id, b.id, kind)) ?? (kind === 'related' ? await tx.findLink(b.id, a.id, kind) : undefined);
    if (existing !== undefined) {
      const found = (await tx.links(a.id)).find((l) => l.id === existing)!;
      return toLink(p, found);
    }
    if (ACYCLIC_LINKS.has(kind) && (await tx.reachable(kind, b.id, a.id))) {
      throw new DocketError(
        'link_cycle',
        `${idOf(p, b)} already leads to ${idOf(p, a)} through '${kind}' links; linking ${idOf(p, a)} ${kind} ${idOf(p, b)} would make a cycle`,
        { source: idOf(p, a), target: idOf(p, b), type: kind },
      );
    }
    if (kind === 'parent' && (await tx.incomingCount(b.id, 'parent')) > 0) {
      const parent = (await tx.links(b.id)).find((l) => l.type === 'parent' && !l.outgoing)!;
      throw new DocketError(
        'conflict',
        `${idOf(p, b)} already has a parent (${displayId(p.prefix, parent.other.number)}); remove that link first`,
        { linkId: parent.id },
      );
    }
    const at = scope.now();
    const linkId = await tx.insertLink(p.rec.id, a.id, b.id, kind, actor, at);
    const line = `Linked ticket ${idOf(p, a)} ${kind} ${idOf(p, b)}`;
    const eventId = await record(
      tx,
      p,
      a,
      'ticket.linked',
      actor,
      at,
      [{ field: 'link', old: null, new: `${relationOf(kind, true)} ${idOf(p, b)}` }],
      line,
    );
    await tx.insertHistory(
      eventId,
      b.id,
      [{ field: 'link', old: null, new: `${relationOf(kind, false)} ${idOf(p, a)}` }],
      actor,
      at,
    );
    return toLink(p, (await tx.links(a.id)).find((l) => l.id === linkId)!);
  });
}

export type UnlinkTarget =
  | { readonly linkId: number }
  | { readonly source: TicketRef; readonly type: LinkType; readonly target: TicketRef };

export async function unlinkTickets(scope: Scope, what: UnlinkTarget): Promise<{ removed: number }> {
  return scope.store.write(async (tx) => {
    const p = await loadProject(tx, scope);
    const actor = await actorFor(tx, p, scope, 'unlink');
    let link: { id: number; type: LinkType; sourceId: number; targetId: number } | undefined;
    if ('linkId' in what) {
      link = await tx.link(p.rec.id, what.linkId);
      if (!link)
        throw notFound('link', `${what.linkId} does not exist in project ${p.rec.key}`, { linkId: what.linkId });
    } else {
      const kind = parseInput(LinkTypeSchema, what.type, 'type');
      const a = await resolveTicket(tx, p, what.source);
      const b = await resolveTicket(tx, p, what.target);
      const id =
        (await tx.findLink(a.id, b.id, kind)) ?? (kind === 'related' ? await tx.findLink(b.id, a.id, kind) : undefined);
      if (id === undefined) throw notFound('link', `${idOf(p, a)} ${kind} ${idOf(p, b)}`);
      link = await tx.link(p.rec.id, id);
    }
    const [a, b] = await tx.ticketsByIds([link!.sourceId, link!.targetId]);
    await tx.deleteLink(link!.id);
    const at = scope.now();
    const l = link!;
    const line = `Unlinked ticket ${idOf(p, a!)} ${l.type} ${idOf(p, b!)}`;
    const eventId = await record(
      tx,
      p,
      a!,
      'ticket.unlinked',
      actor,
      at,
      [{ field: 'link', old: `${relationOf(l.type, true)} ${idOf(p, b!)}`, new: null }],
      line,
    );
    await tx.insertHistory(
      eventId,
      b!.id,
      [{ field: 'link', old: `${relationOf(l.type, false)} ${idOf(p, a!)}`, new: null }],
      actor,
      at,
    );
    return { removed: l.id };
  });
}

export async function listLinks(scope: Scope, ref: TicketRef): Promise<Link[]> {
  return scope.store.read(async (tx) => {
    const p = await loadProject(tx, scope);
    const t = await resolveTicket(tx, p, ref);
    return (await tx.links(t.id)).map((r) => toLink(p, r));
  });
}

export { toLink };

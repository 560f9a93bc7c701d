import type { LinkType } from '../domain/links.js';
import type { TicketRecord } from './tickets.js';

/** Links between tickets: stored once, listed from both ends. */

export interface LinkRecord {
  readonly id: number;
  readonly type: LinkType;
  readonly sourceId: number;
  readonly targetId: number;
  /** The ticket at the other end from the one asked about. */
  readonly other: Pick<TicketRecord, 'id' | 'number' | 'title' | 'status' | 'closedAt'>;
  readonly outgoing: boolean;
}

/** A link as stored, without the view from one end. */
export type StoredLink = Omit<LinkRecord, 'other' | 'outgoing'>;

/** A link with the ticket at its other end, as both backends select them for `of`. */
export interface LinkEndRow {
  readonly id: number;
  readonly type: LinkType;
  readonly sourceId: number;
  readonly targetId: number;
  readonly oid: number;
  readonly number: number;
  readonly title: string;
  readonly status: string;
  readonly closedAt: number | null;
}

/** A `LinkEndRow` seen from ticket `ticketId`. */
export function toLinkRecord(r: LinkEndRow, ticketId: number): LinkRecord {
  return {
    id: r.id,
    type: r.type,
    sourceId: r.sourceId,
    targetId: r.targetId,
    outgoing: r.sourceId === ticketId,
    other: { id: r.oid, number: r.number, title: r.title, status: r.status, closedAt: r.closedAt },
  };
}

/** Two tickets and how the first relates to the second. */
export interface LinkEnds {
  readonly sourceId: number;
  readonly targetId: number;
  readonly type: LinkType;
}

export interface NewLink extends LinkEnds {
  readonly projectId: number;
  readonly actor: string | null;
  readonly at: number;
}

/** A link as exported, its ends by ticket number. */
export interface LinkRow {
  readonly id: number;
  readonly type: LinkType;
  readonly sourceNumber: number;
  readonly targetNumber: number;
  readonly createdBy: string | null;
  readonly createdAt: number;
}

/** A link whose ends, or the link itself, sit in different projects (doctor). */
export interface CrossProjectLink {
  readonly id: number;
  readonly type: LinkType;
  readonly projectId: number;
  readonly sourceProjectId: number;
  readonly sourceNumber: number;
  readonly targetProjectId: number;
  readonly targetNumber: number;
}

export interface LinksReader {
  /** A ticket's links, from both ends, oldest first. */
  of(ticketId: number): Promise<LinkRecord[]>;
  get(projectId: number, linkId: number): Promise<StoredLink | undefined>;
  /** The id of the link with exactly these ends and type. */
  find(ends: LinkEnds): Promise<number | undefined>;
  /** Whether `targetId` can be reached from `sourceId` by following links of `type` forwards. */
  reachable(path: LinkEnds): Promise<boolean>;
  /** How many links of `type` point at `targetId`. */
  incoming(targetId: number, type: LinkType): Promise<number>;
  /** How many open tickets block `ticketId`. */
  openBlockers(ticketId: number): Promise<number>;
  /** A project's links in id order after `afterId` (export). */
  page(projectId: number, afterId: number, limit: number): Promise<LinkRow[]>;
  /** Links whose ends sit in different projects, across the whole store (doctor). */
  crossProject(): Promise<CrossProjectLink[]>;
}

export interface LinksWriter extends LinksReader {
  insert(link: NewLink): Promise<number>;
  delete(linkId: number): Promise<void>;
}

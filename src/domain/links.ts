/** `A blocks B`, `A parent B` (A is B's parent), `A related B`, `A duplicate B` (A duplicates B). */
export const LINK_TYPES = ['blocks', 'parent', 'related', 'duplicate'] as const;
export type LinkType = (typeof LINK_TYPES)[number];

/** How a link reads from one of its ends. */
export type LinkRelation = 'blocks' | 'blocked_by' | 'children' | 'parent' | 'related' | 'duplicate_of' | 'duplicates';

export function relationOf(type: LinkType, outgoing: boolean): LinkRelation {
  switch (type) {
    case 'blocks':
      return outgoing ? 'blocks' : 'blocked_by';
    case 'parent':
      return outgoing ? 'children' : 'parent';
    case 'related':
      return 'related';
    case 'duplicate':
      return outgoing ? 'duplicate_of' : 'duplicates';
  }
}

/** Link types whose graph must stay acyclic. */
export const ACYCLIC_LINKS: ReadonlySet<LinkType> = new Set<LinkType>(['blocks', 'parent']);

export interface Link {
  readonly linkId: number;
  readonly type: LinkType;
  /** How the link reads from the ticket it was listed for. */
  readonly relation: LinkRelation;
  /** The ticket at the other end. */
  readonly ticket: string;
  readonly title: string;
  readonly status: string;
  readonly closed: boolean;
}

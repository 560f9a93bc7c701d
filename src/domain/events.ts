/**
 * The closed set of things that happen in Docket. Each operation writes one event in the same
 * transaction as the change (the change feed behind `watch` and live streams), its history rows
 * point at it, and, when the project's audit log is on, one audit line of the same kind.
 */
export const EVENT_KINDS = [
  'ticket.created',
  'ticket.updated',
  'ticket.moved',
  'ticket.commented',
  'ticket.linked',
  'ticket.unlinked',
  'ticket.referenced',
  'ticket.claimed',
  'ticket.released',
  'project.created',
  'project.changed',
  'entity.changed',
  'category.changed',
  'milestone.changed',
  'audit.pruned',
] as const;

export type EventKind = (typeof EVENT_KINDS)[number];

/** One change as the feed reports it. */
export interface ChangeEvent {
  readonly id: number;
  readonly project: string;
  readonly kind: EventKind;
  /** Display id of the ticket changed, when the change is about one. */
  readonly ticket: string | null;
  readonly actor: string | null;
  readonly at: string;
  /** What changed, field by field (ticket events only). */
  readonly changes: readonly { readonly field: string; readonly old: string | null; readonly new: string | null }[];
}

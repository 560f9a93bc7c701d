/** A comment on a ticket. `status` is set when the comment also moved the ticket. */
export interface Comment {
  readonly id: number;
  readonly author: string | null;
  readonly body: string;
  readonly status: string | null;
  readonly createdAt: string;
}

/** One changed field of one operation: creation, moves, edits, comments, links, assignment. */
export interface HistoryEntry {
  readonly id: number;
  readonly field: string;
  readonly old: string | null;
  readonly new: string | null;
  readonly actor: string | null;
  readonly at: string;
}

export const ENTITY_KINDS = ['person', 'team', 'agent'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export interface Entity {
  readonly slug: string;
  readonly name: string;
  readonly kind: EntityKind;
  readonly createdAt: string;
}

export interface Category {
  readonly slug: string;
  readonly createdAt: string;
}

export interface AuditEntry {
  readonly id: number;
  readonly at: string;
  readonly actor: string | null;
  readonly kind: string;
  readonly line: string;
}

export interface Project {
  readonly key: string;
  readonly name: string;
  readonly prefix: string;
  readonly createdAt: string;
}

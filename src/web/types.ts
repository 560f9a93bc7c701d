/**
 * The REST API's shapes as the board reads them. Where the JSON matches a domain type exactly the
 * type is imported (types only: the board never runs code from src/ outside src/web).
 */
import type { ChangeEvent } from '../domain/events.js';
import type { Link } from '../domain/links.js';
import type { Reference } from '../domain/references.js';
import type { Category, Comment, Entity, HistoryEntry, Project } from '../domain/records.js';
import type { Ticket } from '../domain/ticket.js';
import type { Workflow } from '../domain/workflow.js';
import type { FieldDef } from '../domain/fields.js';

export type {
  Category,
  ChangeEvent,
  FieldDef,
  Comment,
  Entity,
  HistoryEntry,
  Link,
  Project,
  Reference,
  Ticket,
  Workflow,
};

export interface ProjectSchema {
  readonly types: readonly Workflow[];
  /** Most urgent first. */
  readonly priorities: readonly string[];
  /** Absent from servers that predate planning. */
  readonly options?: { readonly estimate_unit?: string };
  /** Custom fields (docs/planning.md); absent when the project declares none. */
  readonly fields?: readonly FieldDef[];
}

export interface ProjectWithSchema extends Project {
  readonly schema: ProjectSchema;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly next: number | null;
}

export interface Items<T> {
  readonly items: readonly T[];
}

export interface SearchHit {
  readonly ticket: Ticket;
  readonly rank: number;
  /** The best passage, each match between U+E000 and U+E001 (`snippetParts` reads them). */
  readonly snippet: string;
}

export interface BoardCounts {
  readonly types: readonly {
    readonly type: string;
    readonly columns: readonly { readonly status: string; readonly terminal: boolean; readonly count: number }[];
  }[];
  readonly open: number;
  readonly closed: number;
}

export interface BlockedTicket {
  readonly ticket: Ticket;
  readonly blockers: readonly { readonly id: string; readonly title: string; readonly status: string }[];
}

export interface TicketDetail extends Ticket {
  readonly links: readonly Link[];
  /** Absent from servers that predate references. */
  readonly references?: readonly Reference[];
  readonly comments: readonly Comment[];
  readonly history: readonly HistoryEntry[];
}

import type { EventKind } from '../domain/events.js';

/** What happened to tickets: comments, events (the change feed), history rows and the audit log. */

export interface CommentRecord {
  readonly id: number;
  readonly ticketId: number;
  readonly author: string | null;
  readonly body: string;
  readonly status: string | null;
  readonly createdAt: number;
}

/** A comment with its ticket's number, as `comments` returns them. */
export interface CommentRow extends CommentRecord {
  readonly ticketNumber: number;
}

export interface NewComment {
  readonly ticketId: number;
  readonly author: string | null;
  readonly body: string;
  /** The status the comment moved its ticket to, if it did. */
  readonly status: string | null;
  readonly at: number;
}

export interface HistoryRecord {
  readonly id: number;
  readonly eventId: number;
  readonly ticketId: number;
  readonly field: string;
  readonly old: string | null;
  readonly new: string | null;
  readonly actor: string | null;
  readonly at: number;
}

/** A history row with its ticket's number. */
export interface HistoryRow extends HistoryRecord {
  readonly ticketNumber: number;
}

/** One field's change, as a history row records it. */
export interface FieldChange {
  readonly field: string;
  readonly old: string | null;
  readonly new: string | null;
}

/** Where a change files its history rows: its event, actor and time. */
export interface HistoryTarget {
  readonly eventId: number;
  readonly actor: string | null;
  readonly at: number;
}

export interface NewHistory extends HistoryTarget {
  readonly ticketId: number;
  readonly changes: readonly FieldChange[];
}

export interface EventRecord {
  readonly id: number;
  readonly projectId: number;
  readonly ticketId: number | null;
  readonly ticketNumber: number | null;
  readonly kind: EventKind;
  readonly actor: string | null;
  readonly at: number;
}

export interface NewEvent {
  readonly projectId: number;
  readonly ticketId: number | null;
  readonly kind: EventKind;
  readonly actor: string | null;
  readonly at: number;
}

export interface NewEntry extends NewEvent {
  readonly changes: readonly FieldChange[];
  /** The audit line, or null when the project keeps no audit log. */
  readonly line: string | null;
}

export interface AuditRecord {
  readonly id: number;
  readonly at: number;
  readonly actor: string | null;
  readonly kind: string;
  readonly line: string;
}

export interface NewAudit {
  readonly projectId: number;
  readonly kind: string;
  readonly actor: string | null;
  readonly line: string;
  readonly at: number;
}

/** Rows in id order after `after` (0: from the start), at most `limit` (absent: all). */
export interface Page {
  readonly after?: number;
  readonly limit?: number;
}

/** Whose comments: one ticket's, or a whole project's (export). */
export type CommentsOf = { readonly ticketId: number } | { readonly projectId: number };

export interface ActivityReader {
  comments(of: CommentsOf, page?: Page): Promise<CommentRow[]>;
  /** A ticket's history, oldest first. */
  history(ticketId: number, page?: Page): Promise<HistoryRecord[]>;
  /** The history rows filed under these events of one project, in id order. */
  historyOfEvents(projectId: number, eventIds: readonly number[]): Promise<HistoryRow[]>;
  /** The change feed: a project's events after a position. */
  events(projectId: number, page: Page): Promise<EventRecord[]>;
  /** The position of the project's newest event (0 for none). */
  lastEventId(projectId: number): Promise<number>;
  audit(projectId: number, page: Page): Promise<AuditRecord[]>;
}

export interface ActivityWriter extends ActivityReader {
  addComment(comment: NewComment): Promise<number>;
  /**
   * Returns the id to file the event's history rows under (`HistoryTarget.eventId`) in this
   * transaction. Feeds report events by position (`events`, `historyOfEvents`), which may differ:
   * PostgreSQL numbers a project's events at commit, so that the feed never skips one.
   */
  addEvent(event: NewEvent): Promise<number>;
  addHistory(history: NewHistory): Promise<void>;
  addAudit(line: NewAudit): Promise<void>;
  /**
   * An operation's event, its history rows (filed under that event and its ticket) and its audit
   * line when given, as `addEvent`, `addHistory` and `addAudit` would write them; returns the event's
   * id. A server backend writes them in one round trip.
   */
  record(entry: NewEntry): Promise<number>;
  /** Deletes a project's audit lines older than `before`; returns how many. */
  pruneAudit(projectId: number, before: number): Promise<number>;
}

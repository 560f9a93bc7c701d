/**
 * A BlinkDesk 0.11 database opened for import (`docket import --from blinkdesk`): raw rows, no rules;
 * core maps them onto Docket's model. Only the SQLite backend reads one (sqlite/only/blinkdesk-reader.ts).
 */
export interface BlinkdeskSlugRow {
  readonly id: number;
  readonly slug: string;
}

/** A BlinkDesk ticket row, with what its log says about it; timestamps are BlinkDesk's ISO text. */
export interface BlinkdeskTicketRow {
  readonly id: number;
  readonly title: string;
  readonly description: string | null;
  readonly stateId: number | null;
  readonly priorityId: number | null;
  readonly assigneeId: number | null;
  readonly categoryId: number | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The entity of its `created` log row. */
  readonly createdById: number | null;
  readonly logCount: number;
  /** When its last `state_changed` log row was written. */
  readonly lastStateChangeAt: string | null;
}

/** One `ticket_logs` or `comments` row; both come in one stream, oldest first. */
export interface BlinkdeskActivityRow {
  readonly source: 'log' | 'comment';
  readonly ticketId: number;
  /** `ticket_log_id` or `comment_id`. */
  readonly seq: number;
  readonly entityId: number | null;
  /** The log action, or `comment`. */
  readonly action: string;
  /** The log details, or the comment text. */
  readonly details: string | null;
  readonly newStateId: number | null;
  readonly createdAt: string;
}

export interface BlinkdeskAuditRow {
  readonly rowid: number;
  readonly createdAt: string;
  readonly line: string;
}

/** A BlinkDesk database opened for import: raw rows, no rules (core maps them onto Docket's model). */
export interface BlinkdeskSource {
  readonly path: string;
  states(): Promise<BlinkdeskSlugRow[]>;
  transitions(): Promise<{ readonly from: number; readonly to: number }[]>;
  priorities(): Promise<BlinkdeskSlugRow[]>;
  entities(): Promise<BlinkdeskSlugRow[]>;
  categories(): Promise<BlinkdeskSlugRow[]>;
  config(): Promise<{ readonly key: string; readonly value: string }[]>;
  ticketCount(): Promise<number>;
  /** Tickets by id after `afterId`. */
  tickets(afterId: number, limit: number): Promise<BlinkdeskTicketRow[]>;
  /** Logs and comments of existing tickets in time order, after the row `after` (null: from the start). */
  activity(after: BlinkdeskActivityRow | null, limit: number): Promise<BlinkdeskActivityRow[]>;
  audit(afterRowid: number, limit: number): Promise<BlinkdeskAuditRow[]>;
}

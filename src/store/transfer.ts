import type { TicketRecord } from './tickets.js';

/**
 * Restoring exported or imported data as it was: ticket numbers, versions and timestamps kept, the
 * project's counter set to match. (Whole-project pages of comments, links and idempotency keys live
 * with their concepts: `ActivityReader.comments`, `LinksReader.page`, `RepliesReader.createdPage`.)
 */

export interface TransferReader {
  /** The last ticket number the project's counter handed out. */
  lastNumber(projectId: number): Promise<number>;
  /** The highest ticket number in use (0 for none). */
  maxNumber(projectId: number): Promise<number>;
}

export interface TransferWriter extends TransferReader {
  /**
   * Says the rest of this transaction writes many rows (an import, a migration): the store may hold
   * tickets, events, history, comments, links and audit lines and send them in batches (PostgreSQL's
   * COPY). Ids are still returned at once and every read in the transaction still sees the rows.
   */
  bulk(): Promise<void>;
  /** Inserts a ticket with its number, version and timestamps as given; the counter is not touched. */
  restoreTicket(ticket: Omit<TicketRecord, 'id'>): Promise<number>;
  setLastNumber(projectId: number, last: number): Promise<void>;
}

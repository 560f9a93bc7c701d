import type { TicketRecord } from '../tickets.js';
import type { TransferWriter } from '../transfer.js';
import type { Statements } from './statements.js';
import { addLabels, insertValues, RESTORE } from './tickets.js';

/**
 * The restore path of import: tickets written with their numbers and versions as exported, and the
 * project's counter set to match afterwards.
 */
export class SqliteTransfer implements TransferWriter {
  constructor(private readonly s: Statements) {}

  async lastNumber(projectId: number): Promise<number> {
    return this.s.one<{ n: number }>('SELECT last_number AS n FROM counters WHERE project_id = ?', projectId)?.n ?? 0;
  }

  async maxNumber(projectId: number): Promise<number> {
    return (
      this.s.one<{ n: number | null }>('SELECT max(number) AS n FROM tickets WHERE project_id = ?', projectId)?.n ?? 0
    );
  }

  /** Nothing to do: SQLite's inserts are calls into the library, with no round trip to save. */
  async bulk(): Promise<void> {}

  async restoreTicket(ticket: Omit<TicketRecord, 'id'>): Promise<number> {
    const id = this.s.insert(RESTORE, ...insertValues(ticket), ticket.version);
    if (ticket.labels.length) addLabels(this.s, id, ticket);
    return id;
  }

  async setLastNumber(projectId: number, last: number): Promise<void> {
    this.s.run(
      'INSERT INTO counters (project_id, last_number) VALUES (?, ?) ON CONFLICT DO UPDATE SET last_number = excluded.last_number',
      projectId,
      last,
    );
  }
}

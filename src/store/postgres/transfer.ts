import type { TicketRecord } from '../tickets.js';
import type { TransferWriter } from '../transfer.js';
import type { TxContext } from './statements.js';
import { insertTicket } from './tickets.js';

// The restore path for import and migration: tickets as they were, and the project's counter (in
// the main schema) set to match.

export class PostgresTransfer implements TransferWriter {
  constructor(private readonly cx: TxContext) {}

  async lastNumber(projectId: number): Promise<number> {
    const row = await this.cx.s.one<{ n: number }>(
      'SELECT last_number AS n FROM counters WHERE project_id = $1',
      projectId,
    );
    return row?.n ?? 0;
  }

  async maxNumber(projectId: number): Promise<number> {
    await this.cx.enter(projectId);
    const row = await this.cx.s.one<{ n: number | null }>(
      'SELECT max(number) AS n FROM tickets WHERE project_id = $1',
      projectId,
    );
    return row?.n ?? 0;
  }

  async restoreTicket(ticket: Omit<TicketRecord, 'id'>): Promise<number> {
    await this.cx.enter(ticket.projectId);
    return insertTicket(this.cx.s, ticket);
  }

  async setLastNumber(projectId: number, last: number): Promise<void> {
    await this.cx.s.run(
      'INSERT INTO counters (project_id, last_number) VALUES ($1, $2) ON CONFLICT (project_id) DO UPDATE SET last_number = excluded.last_number',
      projectId,
      last,
    );
  }
}

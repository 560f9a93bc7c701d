import type { TicketRecord } from '../tickets.js';
import type { TransferWriter } from '../transfer.js';
import type { TxContext } from './statements.js';
import { insertTicket, TICKET_INSERT_COLUMNS, ticketValues } from './tickets.js';

// The restore path for import and migration: tickets as they were, and the project's counter (in
// the main schema) set to match. In bulk (see only/copy-buffer.ts) tickets go by COPY.

const COLUMNS = ['id', ...TICKET_INSERT_COLUMNS];

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

  async bulk(): Promise<void> {
    this.cx.s.startBulk();
  }

  async restoreTicket(ticket: Omit<TicketRecord, 'id'>): Promise<number> {
    await this.cx.enter(ticket.projectId);
    const bulk = this.cx.s.bulk;
    if (!bulk) return insertTicket(this.cx.s, ticket);
    const schema = this.cx.schemaOf(ticket.projectId);
    const id = await bulk.nextId(schema, 'tickets');
    await bulk.add(schema, 'tickets', COLUMNS, [id, ...ticketValues(ticket)]);
    return id;
  }

  async setLastNumber(projectId: number, last: number): Promise<void> {
    await this.cx.s.run(
      'INSERT INTO counters (project_id, last_number) VALUES ($1, $2) ON CONFLICT (project_id) DO UPDATE SET last_number = excluded.last_number',
      projectId,
      last,
    );
  }
}

import { invalid } from '../domain/errors.js';
import { displayId, type Ticket } from '../domain/ticket.js';
import { projectRead, type Scope, toTicket } from './context.js';

export interface BlockedTicket {
  readonly ticket: Ticket;
  /** The open tickets it waits for (links of type `blocks` pointing at it). */
  readonly blockers: readonly { readonly id: string; readonly title: string; readonly status: string }[];
}

const PAGE = 1000;

/**
 * Open tickets held up by at least one open blocker, with those blockers: most urgent first, then
 * oldest. The store has no query for this, so it asks per open ticket (one cheap indexed count,
 * then the links of the few that are blocked), all in one read transaction.
 */
export async function blockedTickets(scope: Scope, limit = 50): Promise<BlockedTicket[]> {
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw invalid('limit: must be 1 to 500 tickets', { field: 'limit' });
  }
  return projectRead(scope, async (tx, p) => {
    const found: BlockedTicket[] = [];
    let after: number | undefined;
    for (;;) {
      const rows = await tx.tickets.list(p.rec.id, {
        open: true,
        limit: PAGE,
        order: 'asc',
        ...(after ? { after } : {}),
      });
      for (const r of rows) {
        if ((await tx.links.openBlockers(r.id)) === 0) continue;
        const blockers = (await tx.links.of(r.id))
          .filter((l) => l.type === 'blocks' && !l.outgoing && l.other.closedAt === null)
          .map((l) => ({ id: displayId(p.prefix, l.other.number), title: l.other.title, status: l.other.status }));
        found.push({ ticket: toTicket(p, r), blockers });
      }
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1]!.number;
    }
    const rank = (t: Ticket) => {
      const i = p.schema.priorities.indexOf(t.priority);
      return i === -1 ? p.schema.priorities.length : i;
    };
    found.sort((a, b) => rank(a.ticket) - rank(b.ticket) || a.ticket.number - b.ticket.number);
    return found.slice(0, limit);
  });
}

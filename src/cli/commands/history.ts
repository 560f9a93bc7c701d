import { intArg } from '../input.js';
import type { Session } from '../session.js';
import { historyTable } from '../ticket-view.js';

/** `docket history 42`: every change to the ticket, oldest first, with who made it. */
export async function history(s: Session, id: string, o: { limit?: string }): Promise<void> {
  const rows = await (await s.project()).history(id, intArg(o.limit, '--limit', 1) ?? 1000);
  if (s.json) s.printJson(rows);
  else if (s.quiet) s.lines(rows.map((r) => String(r.id)));
  else s.out(historyTable(s, rows));
}

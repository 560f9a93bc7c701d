import type { Comment, HistoryEntry } from '../domain/records.js';
import { invalid } from '../domain/errors.js';
import { type Scope, type TicketRef, ticketRead } from './context.js';
import { type Page, toComment, toHistory } from './queries.js';

export interface PageOptions {
  /** Cursor: the last id of the previous page (`next`). */
  readonly after?: number | undefined;
  /** 1 to 1000; default 100. */
  readonly limit?: number | undefined;
}

function bounds(options: PageOptions): { after: number; limit: number } {
  const { after = 0, limit = 100 } = options;
  if (!Number.isSafeInteger(after) || after < 0)
    throw invalid('after: must be a whole number, 0 or more', { field: 'after' });
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw invalid('limit: must be 1 to 1000', { field: 'limit' });
  return { after, limit };
}

/** A ticket's history, oldest first, one cursor page at a time. */
export async function historyPage(
  scope: Scope,
  ref: TicketRef,
  options: PageOptions = {},
): Promise<Page<HistoryEntry>> {
  const { after, limit } = bounds(options);
  return ticketRead(scope, ref, async (tx, _p, t) => {
    const rows = await tx.activity.history(t.id, { after, limit: limit + 1 });
    const items = rows.slice(0, limit).map(toHistory);
    return { items, next: rows.length > limit ? items[items.length - 1]!.id : null };
  });
}

/** A ticket's comments, oldest first, one cursor page at a time. */
export async function commentsPage(scope: Scope, ref: TicketRef, options: PageOptions = {}): Promise<Page<Comment>> {
  const { after, limit } = bounds(options);
  return ticketRead(scope, ref, async (tx, _p, t) => {
    const rows = await tx.activity.comments({ ticketId: t.id }, { after, limit: limit + 1 });
    const items = rows.slice(0, limit).map(toComment);
    return { items, next: rows.length > limit ? items[items.length - 1]!.id : null };
  });
}

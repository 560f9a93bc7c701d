/**
 * Indexes for the read paths at scale (#20), one migration step (schema.ts). Kept apart from ddl.ts,
 * which holds the tables.
 */

/**
 * A page of open tickets filtered by label, assignee, type, priority, status or category read every
 * skipped ticket's row to test the filter: a common label about 700 rows for a page of 50, a rare
 * one 2,000. With those columns in the open-ticket index, the filter is tested on the index entry
 * and only the page's rows are read (tickets.ts, `list`). It replaces tickets_open (same key, same
 * predicate).
 */
export function openTicketsCover(s: string): string {
  return `
  CREATE INDEX tickets_open_cover ON ${s}.tickets (project_id, number)
    INCLUDE (id, type, status, priority, assignee, category, labels) WHERE closed_at IS NULL;
  DROP INDEX ${s}.tickets_open;
`;
}

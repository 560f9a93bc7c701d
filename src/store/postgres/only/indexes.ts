// PostgreSQL only: indexes for the read paths at a million tickets (#20), one migration step
// (schema.ts), apart from ddl.ts, which holds the tables; SQLite's own indexes are in its schema.ts.

/**
 * A page of open tickets filtered by assignee, type, priority, status or category read every skipped
 * open ticket's row to test the filter; with those columns in the open-ticket index the filter is
 * tested on the index entry and only the page's rows are read (tickets.ts, `list`). It replaces
 * tickets_open (same key, same predicate). A label filter reads the open tickets' own label index:
 * a rare label's open tickets are then about half of the rows the whole label index handed out
 * (the closed ones were read only to be dropped), and the walk along the number index stays the
 * plan for a common label.
 */
export function openTicketIndexes(s: string): string {
  return `
  CREATE INDEX tickets_open_cover ON ${s}.tickets (project_id, number)
    INCLUDE (id, type, status, priority, assignee, category) WHERE closed_at IS NULL;
  DROP INDEX ${s}.tickets_open;
  CREATE INDEX tickets_open_labels ON ${s}.tickets USING gin (labels) WHERE closed_at IS NULL;
`;
}

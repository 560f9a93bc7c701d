// PostgreSQL only: the migration steps that keep the trigger-kept ticket counts from making writers
// take turns (#20), apart from ddl.ts, which holds the tables; SQLite counts in its own transaction.

/**
 * The count rows become a hot spot under many writers: every claim, create and release of a project
 * adds to or takes from the same (type, ready, unassigned) row, and the trigger locked it from the
 * ticket's change until the commit, round trips later, so writers on every connection queued behind
 * it. As constraint triggers deferred to the commit, they lock it only through the commit itself
 * (no write reads ticket_counts in its own transaction: boards read it, safe deletes count tickets).
 */
export function deferredCounts(s: string): string {
  return `
  DROP TRIGGER tickets_count ON ${s}.tickets;
  DROP TRIGGER tickets_count_update ON ${s}.tickets;
  CREATE CONSTRAINT TRIGGER tickets_count AFTER INSERT OR DELETE ON ${s}.tickets
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ${s}.docket_count_tickets();
  CREATE CONSTRAINT TRIGGER tickets_count_update AFTER UPDATE OF type, status, assignee ON ${s}.tickets
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.type IS DISTINCT FROM NEW.type OR OLD.status IS DISTINCT FROM NEW.status
      OR OLD.assignee IS DISTINCT FROM NEW.assignee)
    EXECUTE FUNCTION ${s}.docket_count_tickets();
`;
}

/**
 * Deferred to the commit, a count row is still held through the commit's flush to disk, and every
 * claim, create and release of a project touches the same (type, ready, unassigned) row: a project's
 * writes on every connection still took turns there. Each key now has up to eight rows, one per slot,
 * and a connection writes the slot of its server process id, so writers on different connections
 * rarely meet. Readers already sum the rows of a key.
 */
export function countSlots(s: string): string {
  return `
  ALTER TABLE ${s}.ticket_counts ADD COLUMN slot smallint NOT NULL DEFAULT 0;
  ALTER TABLE ${s}.ticket_counts DROP CONSTRAINT ticket_counts_pkey;
  ALTER TABLE ${s}.ticket_counts ADD PRIMARY KEY (project_id, type, status, assignee, slot);
  CREATE OR REPLACE FUNCTION ${s}.docket_count(p bigint, k text[], d integer) RETURNS void LANGUAGE sql AS $docket$
    INSERT INTO ${s}.ticket_counts (project_id, type, status, assignee, slot, n)
      VALUES (p, k[1], k[2], k[3], (pg_backend_pid() % 8)::smallint, d)
      ON CONFLICT (project_id, type, status, assignee, slot) DO UPDATE SET n = ${s}.ticket_counts.n + d
  $docket$;
`;
}

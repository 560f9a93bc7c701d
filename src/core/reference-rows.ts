import { type ReferenceInput, pullUrls, referenceLine } from '../domain/references.js';
import type { TicketRecord } from '../store/store.js';
import type { Change, ProjectWrite } from './context.js';

// The write of one reference inside a larger change: shared by the git use cases (references.ts)
// and comments (tickets.ts), which record the rows in their own event.

/**
 * Adds a reference to `t` inside the caller's write and returns the history row it adds, or null
 * (and nothing written) when `t` already has a reference with that key.
 */
export async function addReference(w: ProjectWrite, t: TicketRecord, input: ReferenceInput): Promise<Change | null> {
  const id = await w.tx.references.insert({
    projectId: w.p.rec.id,
    ticketId: t.id,
    kind: input.kind,
    key: input.key,
    subject: input.subject ?? null,
    author: input.author ?? null,
    time: input.time ?? null,
    branch: input.branch ?? null,
    url: input.url ?? null,
    actor: w.actor,
    at: w.at,
  });
  return id === undefined ? null : { field: 'reference', old: null, new: referenceLine(input) };
}

/** References of pull request URLs found in `text`, as history rows (see `addReference`). */
export async function addPullReferences(w: ProjectWrite, t: TicketRecord, text: string): Promise<Change[]> {
  const rows: Change[] = [];
  for (const url of pullUrls(text)) {
    const row = await addReference(w, t, { kind: 'pull', key: url, url });
    if (row) rows.push(row);
  }
  return rows;
}

import { clip, KEY_MAX, pullUrls, type ReferenceInput, referenceLine, SUBJECT_MAX } from '../domain/references.js';
import type { TicketRecord } from '../store/store.js';
import type { Change, ProjectWrite } from './context.js';

// The write of one reference inside a larger change: shared by the git use cases (references.ts)
// and comments (tickets.ts), which record the rows in their own event.

/**
 * Adds a reference to `t` inside the caller's write and returns the history row it adds, or null
 * (and nothing written) when `t` already has a reference with that key.
 */
export async function addReference(w: ProjectWrite, t: TicketRecord, input: ReferenceInput): Promise<Change | null> {
  // Bounded as the export format bounds them, so whatever git or a comment held still exports.
  if (input.key.length > KEY_MAX) return null;
  const fits = (value: string | null | undefined, max: number) => (value && value.length <= max ? value : null);
  const id = await w.tx.references.insert({
    projectId: w.p.rec.id,
    ticketId: t.id,
    kind: input.kind,
    key: input.key,
    subject: input.subject == null ? null : clip(input.subject, SUBJECT_MAX),
    author: input.author == null ? null : clip(input.author, SUBJECT_MAX),
    time: input.time ?? null,
    branch: fits(input.branch, 1000),
    url: fits(input.url, KEY_MAX),
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

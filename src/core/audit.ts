import { invalid } from '../domain/errors.js';
import { wholeNumber } from '../domain/inputs.js';
import type { AuditEntry } from '../domain/records.js';
import { iso } from '../domain/ticket.js';
import { projectRead, projectWrite, record, type Scope } from './context.js';

/** The project's audit log: one line per change while `audit_log` is on, pruned by age. */

export async function listAudit(scope: Scope, after = 0, limit = 100): Promise<AuditEntry[]> {
  const page = { after: wholeNumber(after, 'after'), limit: Math.min(Math.max(wholeNumber(limit, 'limit'), 1), 1000) };
  return projectRead(scope, async (tx, p) =>
    (await tx.activity.audit(p.rec.id, page)).map((a) => ({ ...a, at: iso(a.at)! })),
  );
}

/** Deletes audit lines older than `keepDays` (default: the project's `audit_prune_keep_days`). */
export async function pruneAudit(scope: Scope, keepDays?: number): Promise<{ removed: number }> {
  return projectWrite(scope, { operation: 'audit prune', operatorRequired: false }, async (w) => {
    const days = keepDays ?? w.p.schema.options.audit_prune_keep_days;
    if (!Number.isInteger(days) || days < 0) throw invalid('keep days must be a whole number, 0 or more');
    const removed = await w.tx.activity.pruneAudit(w.p.rec.id, w.at - days * 86_400_000);
    await record(w, { kind: 'audit.pruned', line: `Pruned ${removed} audit line(s) older than ${days} day(s)` });
    return { removed };
  });
}

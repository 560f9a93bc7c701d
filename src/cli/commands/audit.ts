import { intArg } from '../input.js';
import { shortTime, table } from '../render.js';
import type { Session } from '../session.js';

/** `audit list [--after-id N] [--limit N]`: the project's audit log, oldest first. */
export async function auditList(s: Session, o: { afterId?: string; limit?: string }): Promise<void> {
  const rows = await (await s.project()).audit(
    intArg(o.afterId, '--after-id') ?? 0,
    intArg(o.limit, '--limit', 1) ?? 100,
  );
  if (s.json) return s.printJson(rows);
  if (s.quiet) return s.lines(rows.map((r) => String(r.id)));
  if (!rows.length) return s.note('the audit log is empty');
  s.out(
    table(
      [{ header: 'ID', right: true }, { header: 'WHEN' }, { header: 'LINE', flex: true }],
      rows.map((r) => [String(r.id), shortTime(r.at), r.line]),
      s.width,
      s.paint,
    ),
  );
}

/** `audit prune [--keep-days N]`: drops lines older than N days (default: audit_prune_keep_days). */
export async function auditPrune(s: Session, o: { keepDays?: string }): Promise<void> {
  const r = await (await s.project()).pruneAudit(intArg(o.keepDays, '--keep-days'));
  s.done(r, String(r.removed), `Pruned ${r.removed} audit line(s)`);
}

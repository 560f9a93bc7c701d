import { readFile } from 'node:fs/promises';
import type { ImportKind } from '../../core/transfer/importers/import-item.js';
import type { SourceImportResult } from '../../core/transfer/importers/import-source.js';
import { type MappingRule, parseMappingRules } from '../../core/transfer/importers/mapping.js';
import { formatPlanReport } from '../../core/transfer/importers/plan-report.js';
import { DocketError } from '../../domain/errors.js';
import { importFrom } from '../../transfer.js';
import { UsageError } from '../errors.js';
import { Progress } from '../progress.js';
import type { Session } from '../session.js';

export interface ImportFromOptions {
  readonly dryRun?: boolean;
  readonly map?: readonly string[];
  readonly mapping?: string;
  readonly skipBad?: boolean;
  readonly dropUnmapped?: boolean;
  readonly includeArchived?: boolean;
  readonly includePrs?: boolean;
  readonly baseUrl?: string;
}

async function rulesOf(o: ImportFromOptions): Promise<MappingRule[]> {
  const rules: MappingRule[] = [];
  const file = o.mapping;
  if (file !== undefined) {
    const text = await readFile(file, 'utf8').catch(() => {
      throw new DocketError('not_found', `cannot read the mapping file ${file}`, { path: file });
    });
    try {
      rules.push(...parseMappingRules(text));
    } catch (e) {
      if (e instanceof DocketError) throw new DocketError(e.code, `${file}: ${e.message}`, e.details);
      throw e;
    }
  }
  // Rules on the command line come first, so they win over the file's.
  return [...parseMappingRules(o.map ?? []), ...rules];
}

/**
 * `docket import --from KIND SOURCE`: another tracker's export into the current project. New items
 * become tickets, items imported before update theirs; `--dry-run` prints the mapping and writes nothing.
 */
export async function runImportFrom(
  s: Session,
  kind: ImportKind,
  source: string | undefined,
  o: ImportFromOptions,
): Promise<void> {
  if (source === undefined || source === '-') {
    const what = kind === 'backlog' ? 'the backlog/ folder (or the project holding it)' : 'the exported file';
    throw new UsageError(`say which source to read: docket import --from ${kind} PATH, with PATH ${what}`);
  }
  const rules = await rulesOf(o);
  const project = await s.project();
  const docket = await s.docket();
  const progress = new Progress(`importing from ${kind}`, s.quiet || s.json);
  let r: SourceImportResult;
  try {
    r = await importFrom(docket, project.key, kind, source, {
      rules,
      dryRun: o.dryRun === true,
      skipBad: o.skipBad === true,
      dropUnmapped: o.dropUnmapped === true,
      includeArchived: o.includeArchived === true,
      includePullRequests: o.includePrs === true,
      ...(o.baseUrl !== undefined ? { baseUrl: o.baseUrl } : {}),
      onProgress: (done, total) => progress.update(done, total),
    });
  } finally {
    progress.finish();
  }
  if (s.json) {
    s.printJson(r);
    return;
  }
  const { plan, summary } = r;
  if (!summary) {
    s.out(formatPlanReport(plan).join('\n'));
    if (plan.ok) s.note(`Dry run: nothing written. Run it again without --dry-run to import into ${project.key}.`);
    return;
  }
  if (s.quiet) {
    s.lines(summary.tickets.filter((t) => t.outcome !== 'unchanged').map((t) => t.ticket));
    return;
  }
  for (const k of plan.skipped) s.note(`skipped ${k.origin}: ${k.reason}`);
  for (const d of plan.dropped) s.note(`dropped ${d.externalId ?? '(no id)'} (${d.origin}): ${d.reason}`);
  for (const n of [...plan.notes, ...summary.notes]) s.note(`note: ${n}`);
  const total = summary.created + summary.updated + summary.unchanged;
  s.out(
    `Imported ${total} item(s) from ${kind} into ${project.key}: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged; ` +
      `${summary.comments} comment(s), ${summary.links} link(s), ${summary.entities} new people` +
      (plan.skipped.length || plan.dropped.length
        ? ` (${plan.skipped.length} skipped, ${plan.dropped.length} dropped, listed above)`
        : ''),
  );
}

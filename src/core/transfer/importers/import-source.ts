import { projectRead, type Scope, type TicketRef, ticketRead } from '../../context.js';
import type { ImportKind, ParseOptions } from './import-item.js';
import { type PlanOptions, planImport } from './import-plan.js';
import { type ImportInput, parseImport } from './parse-import.js';
import { type PlanReport, planReport } from './plan-report.js';
import { type ImportSummary, type WriteImportOptions, writeImport } from './write-import.js';

export interface SourceImportOptions extends ParseOptions, PlanOptions, WriteImportOptions {
  /** Plan only: report what would be imported and write nothing. */
  readonly dryRun?: boolean;
}

export interface SourceImportResult {
  /** The mapping, counts, and what was dropped, skipped or noted while planning. */
  readonly plan: PlanReport;
  /** What was written: null for a dry run. */
  readonly summary: ImportSummary | null;
}

/**
 * Reads another tracker's export, maps it onto the project's workflow, and (unless `dryRun`) writes
 * it: new items become tickets, items imported before update theirs. Refused, with nothing written,
 * when a record cannot be read (unless `skipBad`) or a value maps to nothing (unless a rule maps it or
 * `dropUnmapped`).
 *
 * @example
 * const { summary } = await importSource(scope, 'beads', createReadStream('.beads/issues.jsonl'));
 */
export async function importSource<K extends ImportKind>(
  scope: Scope,
  kind: K,
  input: ImportInput<K>,
  options: SourceImportOptions = {},
): Promise<SourceImportResult> {
  // The project first: a missing one is refused before a large file is read.
  const schema = await projectRead(scope, async (_tx, p) => p.schema);
  const parsed = await parseImport(kind, input, options);
  const plan = planImport(parsed, schema, options);
  if (options.dryRun) return { plan: planReport(plan), summary: null };
  const summary = await writeImport(scope, plan, options);
  return { plan: planReport(plan), summary };
}

/** Where a ticket was imported from: the tracker, the item's id there and its URL. */
export interface TicketSource {
  readonly source: string;
  readonly externalId: string;
  readonly url: string | null;
  /** When an import last wrote the ticket from it (ISO 8601). */
  readonly importedAt: string;
}

/** The sources a ticket was imported from (none for a ticket made in Docket). */
export function ticketSources(scope: Scope, ref: TicketRef): Promise<TicketSource[]> {
  return ticketRead(scope, ref, async (tx, _p, t) =>
    (await tx.imports.ofTicket(t.id)).map((r) => ({
      source: r.source,
      externalId: r.externalId,
      url: r.url,
      importedAt: new Date(r.at).toISOString(),
    })),
  );
}

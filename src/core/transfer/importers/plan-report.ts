import type { DroppedItem, ImportPlan, MappingLine, PlanCounts, UnmappedLine } from './import-plan.js';
import type { SkippedRecord } from './import-item.js';

/** What a dry run shows (and `--json` prints): the plan without its items and links. */
export interface PlanReport {
  readonly kind: string;
  readonly ok: boolean;
  readonly counts: PlanCounts;
  readonly mapping: readonly MappingLine[];
  readonly unmapped: readonly UnmappedLine[];
  readonly dropped: readonly DroppedItem[];
  readonly skipped: readonly SkippedRecord[];
  readonly notes: readonly string[];
}

export function planReport(plan: ImportPlan): PlanReport {
  const { kind, ok, counts, mapping, unmapped, dropped, skipped, notes } = plan;
  return { kind, ok, counts, mapping, unmapped, dropped, skipped, notes };
}

const field = (f: string, forType: string | null) => (forType ? `${f}[${forType}]` : f);
/** A rule as a shell argument: single-quoted, since values hold spaces and `[type]` is a glob. */
const quoteValue = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;

/**
 * The dry-run report as lines for a terminal: counts, what maps where and how, what is unmapped with the
 * rule that would map it, what is dropped or skipped and why, and the notes.
 */
export function formatPlanReport(plan: PlanReport): string[] {
  const c = plan.counts;
  const lines = [
    `${plan.kind}: ${c.items} ticket(s) to import, ${c.comments} comment(s), ${c.links} link(s), ${c.labels} label(s), ${c.entities} people; ${c.dropped} dropped, ${c.skipped} skipped, ${c.unmapped} with unmapped values`,
  ];
  if (plan.mapping.length) {
    lines.push('', 'Mapping (source → project, how, items):');
    const order = ['type', 'status', 'priority'];
    const rows = [...plan.mapping].sort(
      (a, b) => order.indexOf(a.field) - order.indexOf(b.field) || String(a.forType).localeCompare(String(b.forType)),
    );
    for (const m of rows)
      lines.push(`  ${field(m.field, m.forType).padEnd(18)} ${m.from} → ${m.to}  (${m.by}) ×${m.count}`);
  }
  if (plan.unmapped.length) {
    lines.push('', 'Unmapped (nothing is imported until each is mapped or dropped):');
    for (const u of plan.unmapped) {
      const rule = `${field(u.field, u.forType)}:${u.from === '(none)' ? '*' : u.from}`;
      lines.push(
        `  ${field(u.field, u.forType).padEnd(18)} ${u.from} ×${u.count}: ${u.why}; e.g. ${u.examples.join(', ')}`,
      );
      lines.push(
        `  ${''.padEnd(18)} map it: --map ${quoteValue(`${rule}=NAME`)}, or drop those items: --map ${quoteValue(`${rule}=-`)}`,
      );
    }
    lines.push('  (or --drop-unmapped to leave out every item with an unmapped value)');
  }
  if (plan.dropped.length) {
    lines.push('', 'Dropped:');
    for (const d of plan.dropped) lines.push(`  ${d.externalId ?? '(no id)'} (${d.origin}): ${d.reason}`);
  }
  if (plan.skipped.length) {
    lines.push('', 'Skipped (could not be read):');
    for (const s of plan.skipped) lines.push(`  ${s.origin}: ${s.reason}`);
  }
  if (plan.notes.length) {
    lines.push('', 'Notes:');
    for (const n of plan.notes) lines.push(`  ${n}`);
  }
  return lines;
}

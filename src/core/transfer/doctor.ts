import type { ProjectSchema } from '../../domain/project-schema.js';
import { schemaProblems } from '../../domain/project-schema.js';
import { displayId } from '../../domain/ticket.js';
import type { ProjectRecord, Store, StoreTx } from '../../store/store.js';

export interface DoctorReport {
  /** What is wrong and was not repaired, each with how to repair it. */
  readonly problems: string[];
  /** What `fix` repaired. */
  readonly fixed: string[];
}

const FIX = '(docket doctor --fix repairs this)';

/**
 * Checks the whole database: SQLite's own integrity check, then Docket's invariants (search index
 * and counts match the tickets, counters ahead of every number, statuses inside their workflow,
 * `closedAt` set exactly on terminal tickets, links inside one project). With `fix`, repairs what is
 * safe to repair in one transaction; on a file that fails the integrity check it repairs nothing.
 */
export async function runDoctor(store: Store, options: { fix?: boolean } = {}): Promise<DoctorReport> {
  const problems: string[] = [];
  const fixed: string[] = [];
  const integrity = await store.maintenance.integrityCheck();
  for (const p of integrity) problems.push(`integrity check: ${p}`);
  const fix = options.fix === true && integrity.length === 0;
  if (options.fix && integrity.length) {
    problems.push(
      'repaired nothing because the integrity check failed: restore a backup, or copy the data out with docket export',
    );
  }
  // A write transaction even to look: the search-index check is an INSERT command on SQLite.
  await store.write(async (tx) => {
    for (const stale of await tx.upkeep.staleDerived()) {
      if (fix) {
        await tx.upkeep.rebuildDerived(stale.name);
        fixed.push(`rebuilt ${stale.name}: ${stale.detail}`);
      } else problems.push(`${stale.detail} ${FIX}`);
    }
    const projects = await tx.projects.all();
    for (const rec of projects) await checkProject(tx, rec, fix, problems, fixed);
    const keys = new Map(projects.map((p) => [p.id, p.key]));
    for (const l of await tx.links.crossProject()) {
      const what = `link ${l.id} (${keys.get(l.sourceProjectId)} ticket ${l.sourceNumber} ${l.type} ${keys.get(l.targetProjectId)} ticket ${l.targetNumber}) crosses projects`;
      if (fix) {
        await tx.links.delete(l.id);
        fixed.push(`removed ${what}`);
      } else problems.push(`${what}; links stay inside one project ${FIX}`);
    }
  });
  return { problems, fixed };
}

async function checkProject(tx: StoreTx, rec: ProjectRecord, fix: boolean, problems: string[], fixed: string[]) {
  let schema: ProjectSchema;
  try {
    schema = JSON.parse(await tx.projects.schema(rec.id)) as ProjectSchema;
  } catch {
    problems.push(`${rec.key}: its schema document is not valid JSON; restore a backup`);
    return;
  }
  const bad = schemaProblems(schema);
  if (bad.length) {
    problems.push(
      `${rec.key}: its schema is not valid (${bad.join('; ')}); fix it with docket state/priority/config commands`,
    );
    return;
  }
  const prefix = schema.options.display_prefix;

  const last = await tx.transfer.lastNumber(rec.id);
  const max = await tx.transfer.maxNumber(rec.id);
  if (last < max) {
    const what = `${rec.key}: its ticket counter (${last}) is behind the highest number in use (${max}), so the next ticket would clash`;
    if (fix) {
      await tx.transfer.setLastNumber(rec.id, max);
      fixed.push(
        `${rec.key}: raised the ticket counter from ${last} to ${max} (next ticket: ${displayId(prefix, max + 1)})`,
      );
    } else problems.push(`${what} ${FIX}`);
  }

  const misclosed = new Map<string, number>();
  for (const row of await tx.upkeep.tally(rec.id)) {
    const wf = schema.types.find((w) => w.type === row.type);
    if (!wf) {
      problems.push(
        `${rec.key}: ${row.count} ticket(s) have type '${row.type}', which the schema lacks; add the type back (docket type add) or change their type`,
      );
      continue;
    }
    if (!wf.states.includes(row.status)) {
      problems.push(
        `${rec.key}: ${row.count} ${row.type} ticket(s) are in '${row.status}', which the ${row.type} workflow lacks; add the state back (docket state add ${row.status} --type ${row.type})`,
      );
      continue;
    }
    if (wf.terminal.includes(row.status) !== row.closed) {
      misclosed.set(row.type, (misclosed.get(row.type) ?? 0) + row.count);
    }
  }
  for (const [type, count] of misclosed) {
    const terminal = schema.types.find((w) => w.type === type)!.terminal;
    if (fix) {
      const { closed, reopened } = await tx.upkeep.syncClosedAt(rec.id, type, terminal);
      fixed.push(
        `${rec.key}: set the closed time of ${closed} terminal ${type} ticket(s) and cleared it on ${reopened} open one(s)`,
      );
    } else {
      problems.push(
        `${rec.key}: ${count} ${type} ticket(s) have a closed time that disagrees with their status (terminal: ${terminal.join(', ') || 'none'}) ${FIX}`,
      );
    }
  }
}

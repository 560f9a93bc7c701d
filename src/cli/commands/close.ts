import type { BatchItem } from '../../core/batch.js';
import { AlreadyReported } from '../errors.js';
import { Progress } from '../progress.js';
import type { Session } from '../session.js';
import { ticketLine } from '../ticket-view.js';

export interface CloseOptions {
  readonly resolution?: string;
  readonly dryRun?: boolean;
}

/** Prints per-ticket results of a bulk run; any failure makes the exit code 1. */
function report(s: Session, items: readonly BatchItem[], verb: string): void {
  if (s.json) s.printJson(items);
  else
    for (const item of items) {
      if (!item.ok) s.err(`docket: ${item.id}: ${item.error?.message ?? 'failed'}`);
      else if (s.quiet) s.out(item.id);
      else if (item.ticket) s.out(`${verb} ${ticketLine(s, item.ticket)}`);
      else s.out(`${item.id}: ${item.from ?? '?'} -> ${item.to ?? '?'} (dry run)`);
    }
  if (items.some((i) => !i.ok)) throw new AlreadyReported();
}

/**
 * One id with --json: the ticket, as every single-ticket write prints it; when it fails, the bulk
 * run's array holding its one failed item (exit 1), so a script reads failures the same way
 * whether it passed one id or many.
 */
function single(s: Session, items: readonly BatchItem[], verb: string): void {
  const [item] = items;
  if (items.length === 1 && item?.ok && item.ticket) s.printJson(item.ticket);
  else report(s, items, verb);
}

/** Runs a core batch with a progress bar (core reports every 50 tickets). */
async function withProgress(
  s: Session,
  label: string,
  run: (onProgress: (done: number, total: number) => void) => Promise<BatchItem[]>,
): Promise<BatchItem[]> {
  const progress = new Progress(label, s.quiet);
  try {
    return await run((done, total) => progress.update(done, total));
  } finally {
    progress.finish();
  }
}

/** `docket close 42 [43 …] [--resolution wont_fix]`: walks each ticket to a terminal state in one change. */
export async function close(s: Session, ids: readonly string[], o: CloseOptions): Promise<void> {
  const project = await s.project();
  const resolution = o.resolution === undefined ? {} : { resolution: o.resolution };
  if (ids.length === 1 && !o.dryRun) {
    if (s.json) return single(s, await project.batchClose(ids, resolution), 'Closed');
    const t = await project.close(ids[0]!, resolution);
    s.done(t, t.id, `Closed ${ticketLine(s, t)}`);
    return;
  }
  const dryRun = o.dryRun ? { dryRun: true } : {};
  const items = await withProgress(s, 'closing', (onProgress) =>
    project.batchClose(ids, { ...resolution, ...dryRun, onProgress }),
  );
  report(s, items, 'Closed');
}

/** `docket reopen 42 [43 …]`: back to the nearest open state, preferring the initial one. */
export async function reopen(s: Session, ids: readonly string[]): Promise<void> {
  const project = await s.project();
  if (ids.length === 1) {
    if (s.json) return single(s, await project.batchReopen(ids), 'Reopened');
    const t = await project.reopen(ids[0]!);
    s.done(t, t.id, `Reopened ${ticketLine(s, t)}`);
    return;
  }
  const items = await withProgress(s, 'reopening', (onProgress) => project.batchReopen(ids, { onProgress }));
  report(s, items, 'Reopened');
}

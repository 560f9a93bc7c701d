import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { IMPORT_KINDS, type ImportKind } from '../../core/transfer/importers/import-item.js';
import { DocketError } from '../../domain/errors.js';
import { importBlinkdesk, importProject } from '../../transfer.js';
import { UsageError } from '../errors.js';
import { Progress } from '../progress.js';
import type { Session } from '../session.js';
import { type ImportFromOptions, runImportFrom } from './import-from.js';

const FORMATS = ['docket', 'jsonl', 'blinkdesk'] as const;
const TRACKERS: readonly string[] = IMPORT_KINDS;

/**
 * `docket import FILE.jsonl` (or stdin) loads an export as a new project; `docket import --from blinkdesk
 * tickets.db` reads a BlinkDesk database directly; `--from github|linear|…` imports another tracker's
 * export into the current project (import-from.ts). The target database is created when missing, and
 * removed again when the import fails, so a failed import leaves nothing behind.
 */
export async function runImport(
  s: Session,
  file: string | undefined,
  o: { from?: string } & ImportFromOptions,
): Promise<void> {
  const from = (o.from ?? 'docket').toLowerCase();
  if (TRACKERS.includes(from)) return runImportFrom(s, from as ImportKind, file, o);
  if (!(FORMATS as readonly string[]).includes(from)) {
    throw new UsageError(
      `--from takes docket (a JSONL export), blinkdesk (a BlinkDesk .db file) or a tracker (${IMPORT_KINDS.join(', ')}), not '${o.from}'`,
    );
  }
  const trackerOnly = (
    ['dryRun', 'map', 'mapping', 'skipBad', 'dropUnmapped', 'includeArchived', 'includePrs', 'baseUrl'] as const
  ).find((k) => o[k] !== undefined);
  if (trackerOnly) {
    throw new UsageError(
      `--${trackerOnly.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} is for --from ${IMPORT_KINDS.join('|')}`,
    );
  }
  const reading = file !== undefined && file !== '-';
  if (reading && !existsSync(file))
    throw new DocketError('not_found', `cannot read ${file}: no such file`, { path: file });
  if (from === 'blinkdesk' && !reading) {
    throw new UsageError('say which BlinkDesk database: docket import --from blinkdesk tickets.db');
  }
  const docket = await s.docket({ create: true });
  const target = s.globals.project ?? s.io.env.DOCKET_PROJECT;
  const options = target ? { project: target } : {};
  const progress = new Progress('importing', s.quiet);
  const load = () => {
    if (from === 'blinkdesk') {
      return importBlinkdesk(docket, file!, { ...options, onProgress: (d, t) => progress.update(d, t) });
    }
    const input = reading ? createReadStream(file) : process.stdin;
    const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
    return importProject(docket, lines, { ...options, onProgress: (d) => progress.update(d) });
  };
  let r: { project: string; tickets: number };
  try {
    r = await load();
  } catch (e) {
    await s.discardCreated();
    throw e;
  } finally {
    progress.finish();
  }
  s.done(r, r.project, `Imported project ${r.project}: ${r.tickets} ticket(s)`);
}

import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { DocketError } from '../../domain/errors.js';
import { importBlinkdesk, importProject } from '../../transfer.js';
import { UsageError } from '../errors.js';
import { Progress } from '../progress.js';
import type { Session } from '../session.js';

const FORMATS = ['docket', 'jsonl', 'blinkdesk'] as const;

/**
 * `docket import FILE.jsonl` (or stdin) loads an export as a new project; `docket import --from blinkdesk
 * tickets.db` reads a BlinkDesk database directly. The target database is created when missing, and
 * removed again when the import fails, so a failed import leaves nothing behind.
 */
export async function runImport(s: Session, file: string | undefined, o: { from?: string }): Promise<void> {
  const from = (o.from ?? 'docket').toLowerCase();
  if (!(FORMATS as readonly string[]).includes(from)) {
    throw new UsageError(`--from takes docket (a JSONL export) or blinkdesk (a BlinkDesk .db file), not '${o.from}'`);
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

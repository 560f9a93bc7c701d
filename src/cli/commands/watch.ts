import type { ChangeEvent } from '../../domain/events.js';
import { intArg } from '../input.js';
import type { Session } from '../session.js';

export interface WatchOptions {
  readonly since?: string;
  readonly interval?: string;
  readonly count?: string;
}

const BATCH = 200;

function eventLine(s: Session, e: ChangeEvent): string {
  const what = e.kind.startsWith('ticket.') ? e.kind.slice(7) : e.kind;
  const changes = e.changes
    .map((c) =>
      c.field === 'created' || c.field === 'comment'
        ? `${c.field}: ${c.new ?? ''}`
        : `${c.field} ${c.old ?? '-'} -> ${c.new ?? '-'}`,
    )
    .join('; ');
  const who = e.actor ? ` by ${e.actor}` : '';
  return `${s.paint.dim(e.at.slice(11, 19))} ${e.ticket ? `${s.paint.bold(e.ticket)} ` : ''}${what}${who}${changes ? `: ${changes}` : ''}`;
}

/**
 * `docket watch`: follows the project's changes as they happen (polling about twice a second), from now
 * or from `--since ID`; `--json` prints one object per line; `--count N` stops after N changes.
 */
export async function watch(s: Session, o: WatchOptions): Promise<void> {
  const project = await s.project();
  const interval = intArg(o.interval, '--interval', 50) ?? 500;
  const max = intArg(o.count, '--count', 1);
  let after = intArg(o.since, '--since') ?? (await project.lastChangeId());
  let seen = 0;
  let stopped = false;
  let wake: (() => void) | undefined;
  const stop = () => {
    stopped = true;
    wake?.();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Said even with --json (it goes to stderr): a script can wait for this line before making changes.
  if (!s.quiet) s.err(s.paint.dim(`watching ${project.key} after change ${after} (Ctrl-C to stop)`));
  try {
    while (!stopped) {
      const events = await project.changes(after, BATCH);
      for (const e of events) {
        s.out(s.json ? JSON.stringify(e) : eventLine(s, e));
        after = e.id;
        if (max !== undefined && ++seen >= max) {
          stopped = true;
          break;
        }
      }
      if (!stopped && events.length < BATCH) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, interval);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

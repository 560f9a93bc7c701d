import type { HistoryEntry } from './types.js';
import { human } from './text.js';

export interface TimelineItem {
  readonly key: number;
  readonly actor: string | null;
  readonly at: string;
  /** One short sentence per field changed, e.g. `moved it from backlog to in progress`. */
  readonly lines: readonly string[];
}

const clip = (v: string, n = 80) => (v.length > n ? `${v.slice(0, n - 1)}…` : v);

/** What one changed field says in the timeline. */
export function describe(e: Pick<HistoryEntry, 'field' | 'old' | 'new'>): string {
  const { field, old, new: now } = e;
  switch (field) {
    case 'created':
      return 'created the ticket';
    case 'status':
      return `moved it from ${human(old ?? '?')} to ${human(now ?? '?')}`;
    case 'comment':
      return 'commented';
    case 'description':
      return now ? 'edited the description' : 'cleared the description';
    case 'link':
      return now ? `linked it: ${human(now)}` : `removed the link: ${human(old ?? '')}`;
    case 'lease':
      return now ? `holds the claim until ${new Date(now).toLocaleString()}` : 'dropped the lease';
  }
  const name = human(field);
  if (old === null || old === '') return `set ${name} to ${clip(now ?? '')}`;
  if (now === null || now === '') return `cleared ${name} (was ${clip(old)})`;
  return `changed ${name} from ${clip(old)} to ${clip(now)}`;
}

/** History rows (one per field) as timeline items (one per change: same actor, same moment). */
export function timeline(history: readonly HistoryEntry[]): TimelineItem[] {
  const out: { key: number; actor: string | null; at: string; lines: string[] }[] = [];
  for (const e of history) {
    const last = out[out.length - 1];
    if (last && last.at === e.at && last.actor === e.actor) last.lines.push(describe(e));
    else out.push({ key: e.id, actor: e.actor, at: e.at, lines: [describe(e)] });
  }
  return out;
}

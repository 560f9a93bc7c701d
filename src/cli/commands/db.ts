import { UsageError } from '../errors.js';
import type { Session } from '../session.js';

const NAMES = ['vacuum_mode', 'journal_mode', 'synchronous'] as const;
type Name = (typeof NAMES)[number];

function nameOf(name: string): Name {
  if ((NAMES as readonly string[]).includes(name)) return name as Name;
  throw new UsageError(`db get/set takes ${NAMES.join(', ')}, not '${name}'`);
}

/** `db get vacuum_mode|journal_mode`: the value alone, for scripts. */
export async function dbGet(s: Session, name: string): Promise<void> {
  const key = nameOf(name);
  const value = await (await s.docket()).maintenance.getPragma(key);
  if (s.json) s.printJson({ name: key, value });
  else s.out(value);
}

/** `db set vacuum_mode none|full|incremental`, `db set journal_mode delete|…|wal|off`. */
export async function dbSet(s: Session, name: string, value: string): Promise<void> {
  const key = nameOf(name);
  const now = await (await s.docket()).maintenance.setPragma(key, value);
  s.done({ name: key, value: now }, now, `${key} = ${now}`);
}

export async function dbVacuum(s: Session): Promise<void> {
  await (await s.docket()).maintenance.vacuum();
  s.done({ vacuumed: true }, 'ok', 'Database vacuumed');
}

/** `db backup OUT`: an online copy, safe while others write. */
export async function dbBackup(s: Session, out: string): Promise<void> {
  await (await s.docket()).maintenance.backup(out);
  s.done({ backup: out }, out, `Backed up to ${out}`);
}

export async function dbStats(s: Session): Promise<void> {
  const stats = await (await s.docket()).maintenance.stats();
  if (s.json) return s.printJson(stats);
  for (const [k, v] of Object.entries(stats)) s.out(`${k} ${v}`);
}

import { readFile } from 'node:fs/promises';
import { DocketError } from '../domain/errors.js';
import { UsageError } from './errors.js';

/** Reads all of stdin as text (for `-m -` and `import -`). */
export async function readStdin(stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * BlinkDesk's text argument: `TEXT` as given, `@path` for a file's contents, `-` for stdin.
 * A literal leading `@` is written `@@`.
 */
export async function textArg(value: string | undefined, what: string): Promise<string | undefined> {
  if (value === undefined) return undefined;
  if (value === '-') return (await readStdin()).replace(/\n$/, '');
  if (value.startsWith('@@')) return value.slice(1);
  if (value.startsWith('@') && value.length > 1) {
    const path = value.slice(1);
    try {
      return (await readFile(path, 'utf8')).replace(/\n$/, '');
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new DocketError(
        'not_found',
        `cannot read the ${what} from ${path} (${code ?? 'unreadable'}); check the path, or write @@ for a literal @`,
        { path },
      );
    }
  }
  return value;
}

/** A whole positive number from a flag, or a usage error naming the flag. */
export function intArg(value: string | undefined, flag: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\s*-?\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`${flag} takes a whole number${min > 0 ? ` of at least ${min}` : ''}, not '${value}'`);
  }
  return n;
}

/** Options that may be given several times or as a comma list (`-s open -s closed`, `-s open,closed`). */
export function listArg(value: string | readonly string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = (typeof value === 'string' ? [value] : value).flatMap((v) => v.split(','));
  const out = items.map((s) => s.trim()).filter(Boolean);
  return out.length ? out : undefined;
}

/** Drops the keys whose value is undefined, so optional inputs stay absent (exactOptionalPropertyTypes). */
export function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}

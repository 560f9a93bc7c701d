import { type FolderInput, parseBacklog } from './backlog.js';
import { parseBeads } from './beads.js';
import { parseGithub } from './github.js';
import { BadRecord, badInput, type ImportKind, type ParseOptions, type ParseResult } from './import-item.js';
import { parseJira } from './jira.js';
import { parseLinear } from './linear.js';
import { parseTaskmaster } from './taskmaster.js';
import type { TextInput } from './text-input.js';

/** What each kind reads: a file's text (streamed or whole), or for Backlog.md the files of its folder. */
export type ImportInput<K extends ImportKind> = K extends 'backlog' ? FolderInput : TextInput;

const PARSERS = {
  github: parseGithub,
  linear: parseLinear,
  jira: parseJira,
  beads: parseBeads,
  taskmaster: parseTaskmaster,
} as const;

/**
 * Reads a source into neutral items (see ImportItem). A record that cannot be read refuses the whole
 * source with a `validation` error naming its line or file, or with `skipBad` is listed in `skipped`.
 *
 * @example
 * const parsed = await parseImport('beads', createReadStream('.beads/issues.jsonl'), { skipBad: true });
 */
export async function parseImport<K extends ImportKind>(
  kind: K,
  input: ImportInput<K>,
  options: ParseOptions = {},
): Promise<ParseResult> {
  try {
    if (kind === 'backlog') return await parseBacklog(input as FolderInput, options);
    return await PARSERS[kind as Exclude<ImportKind, 'backlog'>](input as TextInput, options);
  } catch (e) {
    // A bad header or an unreadable document: nothing after it can be read, so skipBad does not apply.
    if (e instanceof BadRecord) throw badInput(kind, e, options.sourceName);
    throw e;
  }
}

import { csvRows } from './csv-rows.js';
import { BadRecord } from './import-item.js';
import type { TextInput } from './text-input.js';

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** A data row read by column name; a name may be repeated (Jira writes one `Labels` column per label). */
export interface CsvRecord {
  readonly line: number;
  /** The first non-empty value of the first of `names` the header has. */
  get(...names: string[]): string | null;
  /** Every non-empty value of every column named any of `names`, in column order. */
  all(...names: string[]): string[];
  /** Columns whose name matches, with their values (custom fields: `Custom field (Story Points)`). */
  matching(re: RegExp): { readonly column: string; readonly value: string }[];
}

export interface CsvTable {
  readonly header: readonly string[];
  has(...names: string[]): boolean;
}

/**
 * The header, then each data row as a CsvRecord. A row with another number of fields than the header,
 * or with broken quoting, is a BadRecord naming its line, for the caller's collector to refuse or skip.
 */
export async function* csvTable(
  input: TextInput,
  onHeader: (table: CsvTable) => void,
): AsyncIterable<CsvRecord | BadRecord> {
  let header: string[] | undefined;
  let index = new Map<string, number[]>();
  for await (const row of csvRows(input)) {
    const origin = `line ${row.line}`;
    if (!header) {
      if (row.error !== null) throw new BadRecord(origin, `the header row is malformed: ${row.error}`);
      header = row.fields.map((f) => f.trim());
      index = new Map();
      header.forEach((h, i) => {
        index.set(norm(h), [...(index.get(norm(h)) ?? []), i]);
      });
      onHeader({ header, has: (...names) => names.some((n) => index.has(norm(n))) });
      continue;
    }
    if (row.error !== null) {
      yield new BadRecord(origin, row.error);
      continue;
    }
    if (row.fields.length === 1 && row.fields[0] === '') continue;
    if (row.fields.length !== header.length) {
      yield new BadRecord(origin, `${row.fields.length} fields where the header has ${header.length}`);
      continue;
    }
    const fields = row.fields;
    const cols = (names: string[]) => names.flatMap((n) => index.get(norm(n)) ?? []);
    const h = header;
    yield {
      line: row.line,
      get: (...names) => {
        for (const i of cols(names)) {
          const v = fields[i]!.trim();
          if (v) return v;
        }
        return null;
      },
      all: (...names) =>
        cols(names)
          .map((i) => fields[i]!.trim())
          .filter(Boolean),
      matching: (re) =>
        h.flatMap((column, i) => (re.test(column) && fields[i]!.trim() ? [{ column, value: fields[i]!.trim() }] : [])),
    };
  }
  if (!header) throw new BadRecord('line 1', 'the file is empty; expected a header row');
}

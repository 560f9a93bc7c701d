import { type TextInput, textChunks } from './text-input.js';

export interface CsvRow {
  readonly fields: readonly string[];
  /** The line the record starts on (a quoted field may span lines). */
  readonly line: number;
  /** Set when the record is malformed; `fields` then holds what could be read. */
  readonly error: string | null;
}

/**
 * RFC 4180 records, read as the text streams in: commas between fields, double quotes around fields
 * that hold commas, quotes or line breaks, `""` for a quote inside them, `\n` or `\r\n` between records.
 * A malformed record (text after a closing quote, a quote never closed) comes out with `error` set
 * instead of throwing, so the caller decides whether it refuses the file or skips the record.
 */
export async function* csvRows(input: TextInput): AsyncIterable<CsvRow> {
  let fields: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let afterQuote = false; // just past a quoted field's closing quote
  let pendingQuote = false; // a quote inside a quoted field, not yet known to be "" or the close
  let error: string | null = null;
  let line = 1;
  let start = 1;
  let pendingCr = false;
  let any = false; // the current record has any character

  const endField = () => {
    fields.push(field);
    field = '';
    afterQuote = false;
  };
  const endRecord = (): CsvRow => {
    endField();
    const row = { fields, line: start, error };
    fields = [];
    error = null;
    any = false;
    return row;
  };

  for await (const chunk of textChunks(input)) {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (pendingCr) {
        pendingCr = false;
        if (c === '\n') continue; // \r\n ends a record once
      }
      if (pendingQuote) {
        pendingQuote = false;
        if (c === '"') {
          field += '"';
          continue;
        }
        quoted = false;
        afterQuote = true;
      }
      if (quoted) {
        if (c === '"') pendingQuote = true;
        else {
          field += c;
          if (c === '\n') line++;
        }
        continue;
      }
      if (c === ',') {
        endField();
        any = true;
      } else if (c === '\n' || c === '\r') {
        if (any || field || fields.length) yield endRecord();
        if (c === '\r') pendingCr = true;
        line++;
        start = line;
      } else if (c === '"' && !field && !afterQuote) {
        quoted = true;
        any = true;
      } else {
        if (afterQuote && error === null) error = `unexpected ${JSON.stringify(c)} after a closing quote`;
        else if (c === '"' && error === null) error = 'a quote inside a field that does not start with one';
        field += c;
        any = true;
      }
    }
  }
  if (pendingQuote) {
    quoted = false;
    afterQuote = true;
  }
  if (quoted) {
    error = 'a quoted field is never closed (the file ends inside it)';
    yield endRecord();
  } else if (any || field || fields.length) yield endRecord();
}

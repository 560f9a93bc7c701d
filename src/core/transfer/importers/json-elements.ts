import { type TextInput, textChunks } from './text-input.js';

export interface JsonElement {
  /** The parsed value; undefined when `error` is set. */
  readonly value: unknown;
  /** The line the element starts on. */
  readonly line: number;
  readonly error: string | null;
}

/**
 * The elements of the top-level JSON arrays in a text, one at a time as it streams in, without parsing
 * the whole document: `[a, b][c]` (what `gh api --paginate` prints, page after page) yields a, b and c;
 * a top-level object yields itself. An element that is not valid JSON comes out with `error` and its
 * line, and reading goes on with the next one; a file that ends inside a value ends with an error.
 */
export async function* jsonElements(input: TextInput): AsyncIterable<JsonElement> {
  let depth = 0; // 0: between top-level values; 1: inside a top-level array
  let inString = false;
  let escaped = false;
  let topIsObject = false;
  let buf = '';
  let collecting = false;
  let elemLine = 0;
  let line = 1;

  const finish = (text: string, at: number): JsonElement => {
    try {
      return { value: JSON.parse(text), line: at, error: null };
    } catch (e) {
      const message = (e as Error).message;
      const pos = Number(/position (\d+)/.exec(message)?.[1]);
      const where = Number.isFinite(pos) ? at + (text.slice(0, pos).match(/\n/g)?.length ?? 0) : at;
      return { value: undefined, line: where, error: `not valid JSON (${message})` };
    }
  };

  for await (const chunk of textChunks(input)) {
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c === '\n') line++;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') inString = false;
        continue;
      }
      if (depth === 0) {
        if (c === '[') {
          depth = 1;
          topIsObject = false;
        } else if (c === '{') {
          depth = 2;
          topIsObject = true;
          collecting = true;
          elemLine = line;
          from = i;
          buf = '';
        } else if (!/\s/.test(c)) {
          yield { value: undefined, line, error: `expected a JSON array or object, found ${JSON.stringify(c)}` };
          return;
        }
        continue;
      } else if (depth === 1 && !topIsObject) {
        if (c === ']') depth = 0;
        else if (c !== ',' && !/\s/.test(c)) {
          collecting = true;
          elemLine = line;
          from = i;
          buf = '';
          if (c === '[' || c === '{') depth = 2;
          else depth = 1.5; // a scalar element: ends at the next , or ]
          if (c === '"') inString = true;
        }
        continue;
      }
      if (c === '"') {
        inString = true;
        continue;
      }
      if (depth === 1.5) {
        if (c === ',' || c === ']') {
          yield finish(buf + chunk.slice(from, i), elemLine);
          collecting = false;
          depth = c === ']' ? 0 : 1;
        }
        continue;
      }
      if (c === '[' || c === '{') depth++;
      else if (c === ']' || c === '}') {
        depth--;
        if ((topIsObject && depth === 1) || (!topIsObject && depth === 1)) {
          yield finish(buf + chunk.slice(from, i + 1), elemLine);
          collecting = false;
          if (topIsObject) depth = 0;
        }
      }
    }
    if (collecting) {
      buf += chunk.slice(from);
      from = 0;
    }
  }
  if (depth !== 0 || inString) {
    yield {
      value: undefined,
      line: collecting ? elemLine : line,
      error: 'the file ends inside a JSON value (cut short?)',
    };
  }
}

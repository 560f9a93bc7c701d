/**
 * A file's contents as the importers take them: the whole text, or its chunks as they are read
 * (bytes are decoded as UTF-8), so a face can stream a file or a request body without holding it.
 */
export type TextInput = string | AsyncIterable<string | Uint8Array>;

/** The text in decoded chunks, without a leading byte-order mark. */
export async function* textChunks(input: TextInput): AsyncIterable<string> {
  if (typeof input === 'string') {
    yield input.replace(/^\uFEFF/, '');
    return;
  }
  const decoder = new TextDecoder('utf-8');
  let first = true;
  for await (const chunk of input) {
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first && text) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** The text's lines (numbered from 1, without their `\n` or `\r\n`). */
export async function* textLines(input: TextInput): AsyncIterable<{ readonly text: string; readonly line: number }> {
  let carry = '';
  let line = 0;
  for await (const chunk of textChunks(input)) {
    const parts = (carry + chunk).split('\n');
    carry = parts.pop()!;
    for (const part of parts) yield { text: part.endsWith('\r') ? part.slice(0, -1) : part, line: ++line };
  }
  if (carry) yield { text: carry.endsWith('\r') ? carry.slice(0, -1) : carry, line: ++line };
}

/** The whole text (for formats that are one document, such as Taskmaster's tasks.json). */
export async function wholeText(input: TextInput): Promise<string> {
  let text = '';
  for await (const chunk of textChunks(input)) text += chunk;
  return text;
}

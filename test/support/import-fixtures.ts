import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** test/fixtures/import/: files from the real tools or written to the published formats (docs/import.md). */
export const IMPORT_FIXTURES = new URL('../fixtures/import/', import.meta.url).pathname;

export const fixturePath = (...parts: string[]) => join(IMPORT_FIXTURES, ...parts);

/** A fixture as a stream of byte chunks, as a face would pass a file. */
export const fixtureStream = (...parts: string[]) => createReadStream(fixturePath(...parts), { highWaterMark: 512 });

export const fixtureText = (...parts: string[]) => readFileSync(fixturePath(...parts), 'utf8');

/** A folder's files, paths relative to it with `/` separators (what parseImport('backlog', …) takes). */
export function fixtureFolder(...parts: string[]): { path: string; text: string }[] {
  const root = fixturePath(...parts);
  const out: { path: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ path: relative(root, p).split('\\').join('/'), text: readFileSync(p, 'utf8') });
    }
  };
  walk(root);
  return out;
}

/** The text in chunks of `size` characters, to cross every boundary a stream could cut at. */
export async function* chunks(text: string, size: number): AsyncIterable<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

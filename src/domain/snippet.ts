/**
 * Search snippets mark each matched run between MATCH_START and MATCH_END: two private-use
 * characters, not `**` or `<em>`, because those can already be in a ticket's own text (a
 * description with `**Safari** 17` must not read as a match on ` 17`). Every face reads the marks
 * with `snippetRuns` and shows matches its own way.
 */
export const MATCH_START = '\uE000';
export const MATCH_END = '\uE001';

const MARKS = /[\uE000\uE001]/g;
const hasMarks = (s: string) => s.includes(MATCH_START) || s.includes(MATCH_END);

/**
 * What a backend answers for a snippet it marked: as marked, unless one of `sources` (the texts it
 * was cut from) holds a mark character itself. Then no mark can be trusted, and the snippet comes
 * without any, so no face highlights the wrong words.
 */
export const trustedSnippet = (marked: string, sources: readonly string[]): string =>
  sources.some(hasMarks) ? marked.replace(MARKS, '') : marked;

/** A ticket's custom field values that are text: search indexes them, so a snippet may come from them. */
export const fieldStrings = (fields: Readonly<Record<string, unknown>> | null | undefined): string[] =>
  Object.values(fields ?? {}).filter((v): v is string => typeof v === 'string');

export interface SnippetRun {
  readonly text: string;
  readonly match: boolean;
}

/** A marked snippet cut into its plain and matched runs, in order; no run is empty. */
export function snippetRuns(snippet: string): SnippetRun[] {
  const runs: SnippetRun[] = [];
  let match = false;
  for (const part of snippet.split(/([\uE000\uE001])/)) {
    if (part === MATCH_START) match = true;
    else if (part === MATCH_END) match = false;
    else if (part) runs.push({ text: part, match });
  }
  return runs;
}

/** The runs on one line: white space as single spaces, none at the ends. */
export function flatRuns(runs: readonly SnippetRun[]): SnippetRun[] {
  const out: SnippetRun[] = [];
  let line = '';
  for (const r of runs) {
    let text = r.text.replace(/\s+/g, ' ');
    if ((line === '' || line.endsWith(' ')) && text.startsWith(' ')) text = text.slice(1);
    if (!text) continue;
    out.push({ text, match: r.match });
    line += text;
  }
  const last = out.at(-1);
  if (last?.text.endsWith(' ')) {
    const text = last.text.trimEnd();
    if (text) out[out.length - 1] = { text, match: last.match };
    else out.pop();
  }
  return out;
}

/** The snippet's text without marks. */
export const plainSnippet = (snippet: string): string => snippet.replace(MARKS, '');

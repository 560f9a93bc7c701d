/**
 * A small, strict Markdown reader for ticket descriptions and comments. It produces a tree of
 * plain data that the view turns into elements: no HTML string is ever built, so raw HTML in the
 * text stays text, and a link is kept only when its address is http(s) or mailto.
 *
 * Supported: paragraphs, headings, fenced and indented code, block quotes, bullet and numbered
 * lists (nested by indentation), rules, emphasis, strong, strikethrough, inline code, links,
 * autolinks and bare URLs. Images become links to the image (the page loads nothing external).
 */

import { type Inline, inlines } from './markdown-inline.js';

export { type Inline, inlines, safeHref } from './markdown-inline.js';

export type Block =
  | { readonly k: 'p'; readonly children: readonly Inline[] }
  | { readonly k: 'h'; readonly level: number; readonly children: readonly Inline[] }
  | { readonly k: 'pre'; readonly text: string }
  | { readonly k: 'quote'; readonly children: readonly Block[] }
  | {
      readonly k: 'list';
      readonly ordered: boolean;
      readonly start: number;
      readonly items: readonly (readonly Block[])[];
    }
  | { readonly k: 'hr' };

const MAX_DEPTH = 8;

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+(.*)|$)/;

const blank = (line: string) => line.trim() === '';
const startsBlock = (line: string) =>
  FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || ITEM.test(line);

export function parseMarkdown(source: string): Block[] {
  return blocks(source.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n'), 0);
}

function blocks(lines: readonly string[], depth: number): Block[] {
  const out: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (blank(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1]!;
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trim().startsWith(marker)) body.push(lines[i++]!);
      i++;
      out.push({ k: 'pre', text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      out.push({ k: 'h', level: heading[1]!.length, children: inlines(heading[2] ?? '', 0) });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      out.push({ k: 'hr' });
      i++;
      continue;
    }
    if (line.startsWith('    ')) {
      const body: string[] = [];
      while (i < lines.length && (lines[i]!.startsWith('    ') || blank(lines[i]!))) body.push(lines[i++]!.slice(4));
      while (body.length && blank(body[body.length - 1]!)) body.pop();
      out.push({ k: 'pre', text: body.join('\n') });
      continue;
    }
    if (QUOTE.test(line) && depth < MAX_DEPTH) {
      const body: string[] = [];
      while (i < lines.length && !blank(lines[i]!)) {
        const m = QUOTE.exec(lines[i]!);
        if (!m && startsBlock(lines[i]!)) break;
        body.push(m ? m[1]! : lines[i]!);
        i++;
      }
      out.push({ k: 'quote', children: blocks(body, depth + 1) });
      continue;
    }
    const item = ITEM.exec(line);
    if (item && depth < MAX_DEPTH) {
      i = list(lines, i, depth, out);
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && !blank(lines[i]!) && (para.length === 0 || !startsBlock(lines[i]!))) {
      para.push(lines[i++]!);
    }
    out.push({ k: 'p', children: inlines(para.join('\n').trim(), 0) });
  }
  return out;
}

/** Reads one list from `lines[start]`, pushes it, and returns the index after it. */
function list(lines: readonly string[], start: number, depth: number, out: Block[]): number {
  const first = ITEM.exec(lines[start]!)!;
  const ordered = /\d/.test(first[2]!);
  const items: Block[][] = [];
  let i = start;
  while (i < lines.length) {
    const m = ITEM.exec(lines[i]!);
    if (!m || /\d/.test(m[2]!) !== ordered) break;
    const indent = m[1]!.length + m[2]!.length + 1;
    const body: string[] = [m[4] ?? ''];
    i++;
    while (i < lines.length) {
      const next = lines[i]!;
      if (blank(next)) {
        // A blank line ends the item unless the next line is indented into it.
        const after = lines[i + 1];
        if (after !== undefined && !blank(after) && leading(after) >= indent) {
          body.push('');
          i++;
          continue;
        }
        break;
      }
      if (leading(next) >= indent) body.push(next.slice(indent));
      else if (ITEM.test(next) || startsBlock(next)) break;
      else body.push(next.trim());
      i++;
    }
    items.push(blocks(body, depth + 1));
    if (i < lines.length && blank(lines[i]!)) {
      const after = lines[i + 1];
      const m2 = after === undefined ? null : ITEM.exec(after);
      if (!m2 || /\d/.test(m2[2]!) !== ordered) break;
      i++;
    }
  }
  out.push({ k: 'list', ordered, start: ordered ? Number.parseInt(first[2]!, 10) : 1, items });
  return i;
}

const leading = (line: string) => line.length - line.trimStart().length;

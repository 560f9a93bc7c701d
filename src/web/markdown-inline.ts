/** Inline Markdown: emphasis, code, links. Part of the strict reader in markdown.ts. */

export type Inline =
  | { readonly k: 'text'; readonly text: string }
  | { readonly k: 'code'; readonly text: string }
  | { readonly k: 'em' | 'strong' | 'del'; readonly children: readonly Inline[] }
  | { readonly k: 'link'; readonly href: string; readonly children: readonly Inline[] }
  | { readonly k: 'br' };

const MAX_DEPTH = 8;
const SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/** The address to link to, or null when it is not an absolute http(s) or mailto URL. */
export function safeHref(raw: string): string | null {
  const text = raw.trim();
  if (!text || text.length > 2048) return null;
  try {
    const url = new URL(text);
    return SCHEMES.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

const PUNCTUATION = /[!-/:-@[-`{-~]/;
const URL_START = /^(?:https?:\/\/|mailto:)/i;
const BARE_URL = /^(?:https?:\/\/|mailto:)[^\s<>"]+/i;
const EMAIL = /^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/;

/** Inline text to nodes. Openers without closers stay text, and each search is bounded, so any input is linear. */
export function inlines(text: string, depth: number): Inline[] {
  const out: Inline[] = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push({ k: 'text', text: plain });
    plain = '';
  };
  const push = (node: Inline) => {
    flush();
    out.push(node);
  };
  const find = finder(text);
  // Per delimiter, a start from which no closer qualifies: no later opener can find one either.
  const hopeless = new Map<string, number>();
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      const n = text[i + 1]!;
      if (n === '\n') {
        push({ k: 'br' });
        i += 2;
        continue;
      }
      if (PUNCTUATION.test(n)) {
        plain += n;
        i += 2;
        continue;
      }
    }
    if (c === '\n') {
      if (plain.endsWith('  ')) {
        plain = plain.trimEnd();
        push({ k: 'br' });
      } else plain += '\n';
      i++;
      continue;
    }
    if (c === '`') {
      let run = 1;
      while (text[i + run] === '`') run++;
      const fence = '`'.repeat(run);
      const close = find(fence, i + run);
      if (close < 0) {
        plain += fence;
        i += run;
        continue;
      }
      push({
        k: 'code',
        text: text
          .slice(i + run, close)
          .replace(/\n/g, ' ')
          .replace(/^ (.+) $/, '$1'),
      });
      i = close + run;
      continue;
    }
    if (c === '<') {
      const close = find('>', i);
      const inner = close > i && close - i < 2048 ? text.slice(i + 1, close) : '';
      const href = inner && !/\s/.test(inner) ? safeHref(EMAIL.test(inner) ? `mailto:${inner}` : inner) : null;
      if (href) {
        push({ k: 'link', href, children: [{ k: 'text', text: inner }] });
        i = close + 1;
        continue;
      }
    }
    if ((c === 'h' || c === 'H' || c === 'm' || c === 'M') && !/\w/.test(text[i - 1] ?? '')) {
      const m = URL_START.test(text.slice(i, i + 8)) ? BARE_URL.exec(text.slice(i, i + 2048)) : null;
      if (m) {
        const url = m[0].replace(/[.,:;!?'")\]]+$/, '');
        const href = safeHref(url);
        if (href) {
          push({ k: 'link', href, children: [{ k: 'text', text: url }] });
          i += url.length;
          continue;
        }
      }
    }
    if (c === '[' || (c === '!' && text[i + 1] === '[')) {
      const link = linkAt(text, c === '!' ? i + 1 : i, depth, find);
      if (link) {
        if (link.href) push({ k: 'link', href: link.href, children: link.children });
        else {
          // An address we will not link to: its words stay, the address is dropped.
          flush();
          out.push(...link.children);
        }
        i = link.end;
        continue;
      }
    }
    if ((c === '*' || c === '_' || c === '~') && depth < MAX_DEPTH) {
      const span = emphasisAt(text, i, depth, find, hopeless);
      if (span) {
        push(span.node);
        i = span.end;
        continue;
      }
    }
    plain += c;
    i++;
  }
  flush();
  return out;
}

type Find = (needle: string, from: number) => number;

/**
 * `indexOf` that remembers its last answer per needle: the first match after `p` is also the first
 * after any later start up to it, so many openers without a closer cost one scan, not one each.
 */
function finder(text: string): Find {
  const last = new Map<string, { from: number; at: number }>();
  return (needle, from) => {
    const hit = last.get(needle);
    if (hit && hit.from <= from && (hit.at < 0 || hit.at >= from)) return hit.at;
    const at = text.indexOf(needle, from);
    last.set(needle, { from, at });
    return at;
  };
}

function linkAt(
  text: string,
  open: number,
  depth: number,
  find: Find,
): { href: string | null; children: Inline[]; end: number } | null {
  const close = find('](', open);
  if (close < 0) return null;
  const label = text.slice(open + 1, close);
  if (label.includes('[') || label.includes(']')) return null;
  const m = /^\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+"[^"\n]*")?\s*\)/.exec(
    text.slice(close + 1, close + 1 + 2100),
  );
  if (!m) return null;
  const address = m[1]!.replace(/^<(.*)>$/, '$1');
  const children = label ? inlines(label, depth + 1) : [{ k: 'text' as const, text: address }];
  return { href: safeHref(address), children, end: close + 1 + m[0].length };
}

function emphasisAt(
  text: string,
  i: number,
  depth: number,
  find: Find,
  hopeless: Map<string, number>,
): { node: Inline; end: number } | null {
  const c = text[i]!;
  const double = text[i + 1] === c;
  if (c === '~' && !double) return null;
  const delim = double ? c + c : c;
  const inner = i + delim.length;
  if (inner >= text.length || /\s/.test(text[inner]!)) return null;
  // `snake_case` is not emphasis: an underscore opener must not follow a letter or digit.
  if (c === '_' && /[\p{L}\p{N}]/u.test(text[i - 1] ?? '')) return null;
  const start = inner + 1;
  if ((hopeless.get(delim) ?? Number.POSITIVE_INFINITY) <= start) return null;
  let from = start;
  for (;;) {
    const close = find(delim, from);
    if (close < 0) {
      hopeless.set(delim, start);
      return null;
    }
    const before = text[close - 1]!;
    const after = text[close + delim.length] ?? '';
    const okAfter = c !== '_' || !/[\p{L}\p{N}]/u.test(after);
    // A single `*` right before another `*` belongs to a strong run: keep looking.
    const partOfRun = !double && (after === c || before === c);
    if (!/\s/.test(before) && okAfter && !partOfRun) {
      const kind = c === '~' ? 'del' : double ? 'strong' : 'em';
      return { node: { k: kind, children: inlines(text.slice(inner, close), depth + 1) }, end: close + delim.length };
    }
    from = close + 1;
  }
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Block, type Inline, inlines, parseMarkdown, safeHref } from './markdown.js';

/** Every link address in a tree. */
function hrefs(blocks: readonly Block[]): string[] {
  const out: string[] = [];
  const walkInline = (n: Inline) => {
    if (n.k === 'link') out.push(n.href);
    if ('children' in n) for (const c of n.children) walkInline(c);
  };
  const walk = (b: Block) => {
    if (b.k === 'p' || b.k === 'h') for (const c of b.children) walkInline(c);
    if (b.k === 'quote') for (const c of b.children) walk(c);
    if (b.k === 'list') for (const item of b.items) for (const c of item) walk(c);
  };
  for (const b of blocks) walk(b);
  return out;
}

/** The text of a tree, as a reader would see it. */
const text = (nodes: readonly Inline[]): string =>
  nodes.map((n) => (n.k === 'text' || n.k === 'code' ? n.text : n.k === 'br' ? '\n' : text(n.children))).join('');

describe('safe Markdown', () => {
  it('keeps http(s) and mailto links and nothing else', () => {
    expect(safeHref('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(safeHref('mailto:ada@example.com')).toBe('mailto:ada@example.com');
    for (const bad of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox',
      'file:///etc/passwd',
      '/relative/path',
      '//evil.example/x',
      '',
    ]) {
      expect(safeHref(bad), bad).toBeNull();
    }
  });

  it('turns an unsafe link into its words, without the address', () => {
    const [p] = parseMarkdown('see [click me](javascript:alert(1)) and [ok](https://example.com)');
    expect(p).toEqual({
      k: 'p',
      children: [
        { k: 'text', text: 'see ' },
        { k: 'text', text: 'click me' },
        { k: 'text', text: ' and ' },
        { k: 'link', href: 'https://example.com/', children: [{ k: 'text', text: 'ok' }] },
      ],
    });
  });

  it('leaves raw HTML as text', () => {
    const [p] = parseMarkdown('<script>alert(1)</script> <a href="javascript:x">y</a> <img src=x onerror=alert(1)>');
    expect(p?.k).toBe('p');
    expect(text((p as Extract<Block, { k: 'p' }>).children)).toBe(
      '<script>alert(1)</script> <a href="javascript:x">y</a> <img src=x onerror=alert(1)>',
    );
    expect(hrefs(parseMarkdown('<javascript:alert(1)> <https://ok.example>'))).toEqual(['https://ok.example/']);
  });

  it('reads the common blocks', () => {
    const doc = parseMarkdown(
      '# Title\n\nPara with **strong**, *em*, ~~gone~~ and `code`.\n\n- one\n- two\n  - nested\n\n1. first\n2. second\n\n> quoted\n\n```\nx < y\n```\n\n---',
    );
    expect(doc.map((b) => b.k)).toEqual(['h', 'p', 'list', 'list', 'quote', 'pre', 'hr']);
    const para = doc[1] as Extract<Block, { k: 'p' }>;
    expect(para.children.map((n) => n.k)).toEqual([
      'text',
      'strong',
      'text',
      'em',
      'text',
      'del',
      'text',
      'code',
      'text',
    ]);
    const bullets = doc[2] as Extract<Block, { k: 'list' }>;
    expect(bullets.ordered).toBe(false);
    expect(bullets.items).toHaveLength(2);
    expect(bullets.items[1]!.map((b) => b.k)).toEqual(['p', 'list']);
    expect(doc[3]).toMatchObject({ ordered: true, start: 1 });
    expect(doc[5]).toEqual({ k: 'pre', text: 'x < y' });
  });

  it('does not read snake_case or lone stars as emphasis', () => {
    expect(text(inlines('snake_case_name and 2 * 3 * 4', 0))).toBe('snake_case_name and 2 * 3 * 4');
    expect(inlines('snake_case_name', 0)).toEqual([{ k: 'text', text: 'snake_case_name' }]);
  });

  it('links bare URLs without the punctuation after them', () => {
    expect(hrefs(parseMarkdown('See https://example.com/x, then mailto:a@b.example.'))).toEqual([
      'https://example.com/x',
      'mailto:a@b.example',
    ]);
  });

  it('never throws and never links anything but http(s) or mailto, whatever the input', () => {
    const piece = fc.constantFrom(
      '[',
      ']',
      '(',
      ')',
      '*',
      '_',
      '~',
      '`',
      '<',
      '>',
      '\\',
      '\n',
      ' ',
      '#',
      '-',
      '>',
      'javascript:',
      'https://x.y',
      'a',
      '1.',
      '    ',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 60 }), (parts) => {
        for (const href of hrefs(parseMarkdown(parts.join('')))) expect(href).toMatch(/^(https?:\/\/|mailto:)/);
      }),
      { numRuns: 500 },
    );
  });

  it('reads hostile runs of openers in one pass (no quadratic blow-up)', () => {
    for (const unit of ['[', '*a ', '`', '<', '**', '![', '_x ', '> ', '- ']) {
      const doc = parseMarkdown(unit.repeat(40_000));
      expect(doc.length).toBeGreaterThan(0);
    }
  });
});

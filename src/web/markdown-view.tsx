import type { ComponentChildren } from 'preact';
import { useMemo } from 'preact/hooks';
import { type Block, type Inline, parseMarkdown } from './markdown.js';

/** Markdown as elements: text is always a text node, links only where `safeHref` allowed them. */
export function Markdown({ source, class: className }: { source: string; class?: string }) {
  const tree = useMemo(() => parseMarkdown(source), [source]);
  return <div class={className ? `md ${className}` : 'md'}>{tree.map(block)}</div>;
}

function block(b: Block, key: number): ComponentChildren {
  switch (b.k) {
    case 'p':
      return <p key={key}>{b.children.map(inline)}</p>;
    case 'h': {
      // Headings inside a ticket sit below the page's own: h1 in a description reads as h3.
      const Tag = `h${Math.min(b.level + 2, 6)}` as 'h3';
      return <Tag key={key}>{b.children.map(inline)}</Tag>;
    }
    case 'pre':
      return (
        <pre key={key}>
          <code>{b.text}</code>
        </pre>
      );
    case 'quote':
      return <blockquote key={key}>{b.children.map(block)}</blockquote>;
    case 'list': {
      const items = b.items.map((item, i) => <li key={i}>{item.map(block)}</li>);
      return b.ordered ? (
        <ol key={key} start={b.start}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case 'hr':
      return <hr key={key} />;
  }
}

function inline(n: Inline, key: number): ComponentChildren {
  switch (n.k) {
    case 'text':
      return n.text;
    case 'code':
      return <code key={key}>{n.text}</code>;
    case 'em':
      return <em key={key}>{n.children.map(inline)}</em>;
    case 'strong':
      return <strong key={key}>{n.children.map(inline)}</strong>;
    case 'del':
      return <del key={key}>{n.children.map(inline)}</del>;
    case 'link':
      return (
        <a key={key} href={n.href} target="_blank" rel="noopener noreferrer nofollow">
          {n.children.map(inline)}
        </a>
      );
    case 'br':
      return <br key={key} />;
  }
}

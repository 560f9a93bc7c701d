/** Arrow keys and j/k/h/l move focus between cards, column by column, as they are drawn. */

const KEYS: Record<string, 'up' | 'down' | 'left' | 'right'> = {
  ArrowDown: 'down',
  j: 'down',
  ArrowUp: 'up',
  k: 'up',
  ArrowLeft: 'left',
  h: 'left',
  ArrowRight: 'right',
  l: 'right',
};

const titleOf = (card: Element | null | undefined) => card?.querySelector<HTMLElement>('.card-title') ?? null;

/** Focuses the card `key` points at from `from`; false when the key is not a move key. */
export function moveFocus(key: string, from: HTMLElement): boolean {
  const way = KEYS[key];
  if (!way) return false;
  const columns = [...document.querySelectorAll('[data-column]')].filter((c) => c.querySelector('[data-card]'));
  const card = from.closest('[data-card]');
  if (!card) {
    titleOf(columns[0]?.querySelector('[data-card]'))?.focus();
    return columns.length > 0;
  }
  const column = card.closest('[data-column]');
  const cards = column ? [...column.querySelectorAll('[data-card]')] : [];
  const row = cards.indexOf(card);
  if (way === 'down' || way === 'up') {
    titleOf(cards[row + (way === 'down' ? 1 : -1)])?.focus();
    return true;
  }
  const next = columns[columns.indexOf(column as Element) + (way === 'right' ? 1 : -1)];
  if (next) {
    const there = [...next.querySelectorAll('[data-card]')];
    titleOf(there[Math.min(row, there.length - 1)])?.focus();
  }
  return true;
}

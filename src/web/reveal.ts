/** How long a revealed card glows, and how many frames to wait for it to be drawn. */
const GLOW_MS = 1800;
const FRAMES = 30;

/**
 * Brings a card into view once the board has drawn it, focuses it (so `m` and Enter act on it) and
 * makes it glow briefly: a ticket just made in the dialog may land at the bottom of a long column,
 * or in a lane off screen. A card that never shows (a filter hides it) is left alone.
 */
export function revealCard(id: string, frames = FRAMES): void {
  requestAnimationFrame(() => {
    const card = document.querySelector<HTMLElement>(`[data-card="${CSS.escape(id)}"]`);
    if (!card) {
      if (frames > 0) revealCard(id, frames - 1);
      return;
    }
    card.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    card.querySelector<HTMLElement>('.card-title')?.focus({ preventScroll: true });
    const accent = getComputedStyle(card).getPropertyValue('--accent').trim() || 'currentColor';
    card.animate(
      [{ boxShadow: `0 0 0 3px ${accent}` }, { boxShadow: `0 0 0 3px ${accent}`, offset: 0.6 }, { boxShadow: 'none' }],
      { duration: GLOW_MS, easing: 'ease-out' },
    );
  });
}

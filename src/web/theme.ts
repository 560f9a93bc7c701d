/** Light, dark, or whatever the system prefers; the choice is kept in this browser. */
export const THEMES = ['auto', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

const KEY = 'docket.theme';

export function savedTheme(): Theme {
  try {
    const v = localStorage.getItem(KEY);
    return (THEMES as readonly (string | null)[]).includes(v) ? (v as Theme) : 'auto';
  } catch {
    return 'auto';
  }
}

/** Applies a theme to the page (`auto` leaves it to prefers-color-scheme) and remembers it. */
export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  if (theme === 'auto') delete root.dataset.theme;
  else root.dataset.theme = theme;
  try {
    if (theme === 'auto') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, theme);
  } catch {
    // Private windows may refuse storage; the theme still applies for this visit.
  }
}

export const nextTheme = (t: Theme): Theme => THEMES[(THEMES.indexOf(t) + 1) % THEMES.length]!;

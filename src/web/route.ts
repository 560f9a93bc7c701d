/**
 * What the board shows, kept in the URL's query string so a reload, a bookmark or a shared link
 * opens the same view: `/?project=DOC&type=bug&assignee=ada&ticket=DOC-7`.
 */

export const VIEWS = ['board', 'summary'] as const;
export type View = (typeof VIEWS)[number];

export const FILTERS = ['type', 'assignee', 'priority', 'label', 'category', 'milestone'] as const;
export type FilterKey = (typeof FILTERS)[number];
export type Filters = Readonly<Partial<Record<FilterKey, string>>>;

export interface Route {
  readonly project: string | null;
  readonly view: View;
  readonly filters: Filters;
  /** The ticket open in the detail panel. */
  readonly ticket: string | null;
  /** The search box's text; results replace the board while it is set. */
  readonly q: string;
}

const clean = (v: string | null, max = 200): string | null => {
  const t = v?.trim() ?? '';
  return t && t.length <= max ? t : null;
};

export function parseRoute(search: string): Route {
  const p = new URLSearchParams(search);
  const filters: Partial<Record<FilterKey, string>> = {};
  for (const key of FILTERS) {
    const v = clean(p.get(key), 64);
    if (v) filters[key] = v;
  }
  const view = p.get('view');
  return {
    project: clean(p.get('project'), 64),
    view: (VIEWS as readonly (string | null)[]).includes(view) ? (view as View) : 'board',
    filters,
    ticket: clean(p.get('ticket'), 40),
    q: (p.get('q') ?? '').slice(0, 500),
  };
}

export function formatRoute(r: Route): string {
  const p = new URLSearchParams();
  if (r.project) p.set('project', r.project);
  if (r.view !== 'board') p.set('view', r.view);
  for (const key of FILTERS) {
    const v = r.filters[key];
    if (v) p.set(key, v);
  }
  if (r.q) p.set('q', r.q);
  if (r.ticket) p.set('ticket', r.ticket);
  const qs = p.toString();
  return qs ? `?${qs}` : '?';
}

export const hasFilters = (f: Filters): boolean => FILTERS.some((k) => f[k] !== undefined);

/**
 * The filters as the list API's query (`assignee=none` selects unassigned tickets; `milestone=none`
 * becomes the API's `no_milestone`).
 */
export const filterQuery = (f: Filters): Record<string, string> => {
  const q: Record<string, string> = {};
  for (const key of FILTERS) {
    const v = f[key];
    if (key === 'milestone' && v === 'none') q.no_milestone = 'true';
    else if (v) q[key] = v;
  }
  return q;
};

import { useLayoutEffect, useRef } from 'preact/hooks';
import { FILTERS, type FilterKey, hasFilters } from './route.js';
import type { BoardStore, BoardState } from './store.js';
import { human } from './text.js';

const LABELS: Record<FilterKey, string> = {
  type: 'Type',
  assignee: 'Assignee',
  priority: 'Priority',
  label: 'Label',
  category: 'Category',
  milestone: 'Milestone',
};

/** The filter bar: each choice goes into the URL, so a reload or a shared link keeps it. */
export function FilterBar({ store, state }: { store: BoardStore; state: BoardState }) {
  const panel = useRef<HTMLDetailsElement>(null);
  // Open once on a laptop (or with filters set); a phone keeps them folded until asked.
  useLayoutEffect(() => {
    if (panel.current)
      panel.current.open = !matchMedia('(max-width: 640px)').matches || hasFilters(state.route.filters);
  }, []);
  const project = state.project;
  if (!project) return null;
  const f = state.route.filters;
  const options: Record<FilterKey, readonly (readonly [string, string])[]> = {
    type: project.schema.types.map((w) => [w.type, human(w.type)] as const),
    assignee: [
      ['none', 'Unassigned'],
      ...state.entities.map((e) => [e.slug, e.name && e.name !== e.slug ? `${e.name} (${e.slug})` : e.slug] as const),
    ],
    priority: project.schema.priorities.map((p) => [p, human(p)] as const),
    label: state.labels.map((l) => [l, l] as const),
    category: [['none', 'None'], ...state.categories.map((c) => [c.slug, c.slug] as const)],
    milestone: [
      ['none', 'None'],
      ...state.milestones.map((m) => [m.key, m.state === 'closed' ? `${m.name} (closed)` : m.name] as const),
    ],
  };
  const set = (key: FilterKey, value: string) => {
    const filters = { ...f };
    if (value) filters[key] = value;
    else delete filters[key];
    store.navigate({ filters });
  };
  const active = FILTERS.filter((k) => f[k] !== undefined).length;
  return (
    <details class="filter-panel" ref={panel}>
      <summary>Filters{active ? ` (${active})` : ''}</summary>
      <form class="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        {FILTERS.map((key) => {
          const value = f[key] ?? '';
          const list = options[key];
          // A value from a shared link that this project does not list yet still shows as chosen.
          const known = !value || list.some(([v]) => v === value);
          return (
            <label key={key} class="filter">
              <span>{LABELS[key]}</span>
              <select name={key} value={value} onChange={(e) => set(key, e.currentTarget.value)}>
                <option value="">All</option>
                {!known && <option value={value}>{value}</option>}
                {list.map(([v, text]) => (
                  <option key={v} value={v}>
                    {text}
                  </option>
                ))}
              </select>
            </label>
          );
        })}
        {hasFilters(f) && (
          <button type="button" class="secondary" onClick={() => store.navigate({ filters: {} })}>
            Clear filters
          </button>
        )}
      </form>
    </details>
  );
}

import { useEffect, useRef, useState } from 'preact/hooks';
import { Board } from './board.js';
import { Detail } from './detail.js';
import { FilterBar } from './filters.js';
import { Help } from './help.js';
import { moveFocus } from './keyboard.js';
import { MoveDialog } from './move-dialog.js';
import { formatRoute, type View } from './route.js';
import { SearchResults } from './search.js';
import { Settings } from './settings.js';
import type { BoardStore } from './store.js';
import { Summary } from './summary.js';
import { applyTheme, nextTheme, savedTheme, type Theme } from './theme.js';
import { type FormMode, TicketForm } from './ticket-form.js';
import type { Ticket } from './types.js';
import { LiveIndicator, Toasts } from './ui.js';

const THEME_TEXT: Record<Theme, string> = { auto: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' };

export function App({ store }: { store: BoardStore }) {
  const [, setTick] = useState(0);
  useEffect(() => store.subscribe(() => setTick((n) => n + 1)), [store]);
  const state = store.state;
  const [theme, setTheme] = useState<Theme>(savedTheme);
  const [help, setHelp] = useState(false);
  const [settings, setSettings] = useState(false);
  const [form, setForm] = useState<FormMode>(null);
  const [moving, setMoving] = useState<string | null>(null);
  /** The ticket the detail panel shows, for `e`. */
  const [shown, setShown] = useState<Ticket | null>(null);
  const [query, setQuery] = useState(state.route.q);
  const search = useRef<HTMLInputElement>(null);
  const typing = useRef<ReturnType<typeof setTimeout>>();

  useEffect(() => applyTheme(theme), [theme]);
  useEffect(() => setQuery(state.route.q), [state.route.q]);
  const unauthorized = state.fatal?.code === 'unauthorized' || state.fatal?.code === 'forbidden';
  useEffect(() => {
    if (unauthorized) setSettings(true);
  }, [unauthorized]);

  const view = (v: View) => store.navigate({ view: v, q: '', ticket: null });
  const dialogOpen = help || settings || form !== null || moving !== null || state.route.ticket !== null;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement;
      const editing = target.closest('input, textarea, select, [contenteditable]') !== null;
      if (editing) {
        if (e.key === 'Escape' && target === search.current) {
          setQuery('');
          store.navigate({ q: '' }, true);
          target.blur();
        }
        return;
      }
      const card = target.closest<HTMLElement>('[data-card]')?.dataset.card;
      const onlyDetail = state.route.ticket !== null && !help && !settings && form === null && moving === null;
      if (e.key === 'e' && onlyDetail && shown) {
        e.preventDefault();
        setForm({ kind: 'edit', ticket: shown });
        return;
      }
      if (dialogOpen) return;
      const actions: Record<string, () => void> = {
        '?': () => setHelp(true),
        '/': () => search.current?.focus(),
        n: () => setForm({ kind: 'create' }),
        b: () => view('board'),
        s: () => view('summary'),
        f: () => document.querySelector<HTMLElement>('.filters select')?.focus(),
        t: () => setTheme(nextTheme),
        m: () => card && setMoving(card),
      };
      const action = actions[e.key];
      if (action) {
        e.preventDefault();
        action();
      } else if (moveFocus(e.key, target)) e.preventDefault();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  });

  const project = state.project;
  const main = state.fatal ? (
    <div class="empty" role="alert">
      <p>{state.fatal.message}</p>
      {unauthorized && (
        <button type="button" onClick={() => setSettings(true)}>
          Enter an API token
        </button>
      )}
    </div>
  ) : state.projects && !state.projects.length ? (
    <p class="empty">
      No projects yet. Create one with <code>docket init --project NAME</code>.
    </p>
  ) : !project ? (
    <p class="empty" aria-busy="true">
      Loading…
    </p>
  ) : state.route.q ? (
    <SearchResults store={store} state={state} />
  ) : state.route.view === 'summary' ? (
    <Summary store={store} state={state} />
  ) : (
    <Board store={store} state={state} onMenu={setMoving} />
  );

  return (
    <>
      <a class="skip" href="#main">
        Skip to the board
      </a>
      <header class="top">
        <span class="brand" aria-hidden="true">
          ▦
        </span>
        <h1 class="sr-only">Docket</h1>
        <label class="project">
          <span class="sr-only">Project</span>
          <select
            value={state.route.project ?? ''}
            disabled={!state.projects?.length}
            onChange={(e) => store.navigate({ project: e.currentTarget.value })}
          >
            {state.projects?.map((p) => (
              <option key={p.key} value={p.key}>
                {p.name || p.key}
              </option>
            ))}
          </select>
        </label>
        <nav class="views" aria-label="Views">
          {(['board', 'summary'] as const).map((v) => (
            <a
              key={v}
              href={formatRoute({ ...state.route, view: v, q: '', ticket: null })}
              aria-current={state.route.view === v && !state.route.q ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                view(v);
              }}
            >
              {v === 'board' ? 'Board' : 'Summary'}
            </a>
          ))}
        </nav>
        <search class="search">
          <input
            ref={search}
            type="search"
            aria-label="Search tickets"
            placeholder="Search  /"
            value={query}
            onInput={(e) => {
              const q = e.currentTarget.value;
              setQuery(q);
              clearTimeout(typing.current);
              typing.current = setTimeout(() => store.navigate({ q: q.trim(), ticket: null }, true), 250);
            }}
          />
        </search>
        <span class="spacer" />
        <LiveIndicator state={state.live} />
        <button type="button" class="primary" onClick={() => setForm({ kind: 'create' })} disabled={!project}>
          New ticket
        </button>
        <button
          type="button"
          class="icon"
          aria-label={`${THEME_TEXT[theme]} (t)`}
          title={THEME_TEXT[theme]}
          onClick={() => setTheme(nextTheme)}
        >
          {theme === 'dark' ? '☾' : theme === 'light' ? '☀' : '◐'}
        </button>
        <button
          type="button"
          class="icon"
          aria-label="Connection settings"
          title="Connection settings"
          onClick={() => setSettings(true)}
        >
          ⚙
        </button>
        <button
          type="button"
          class="icon"
          aria-label="Keyboard shortcuts (?)"
          title="Keyboard shortcuts (?)"
          onClick={() => setHelp(true)}
        >
          ?
        </button>
      </header>
      {project && state.route.view === 'board' && <FilterBar store={store} state={state} />}
      <main id="main">{main}</main>
      {project && (
        <Detail store={store} state={state} onShown={setShown} onEdit={(ticket) => setForm({ kind: 'edit', ticket })} />
      )}
      {project && <TicketForm store={store} state={state} mode={form} onClose={() => setForm(null)} />}
      <MoveDialog store={store} id={moving} onClose={() => setMoving(null)} />
      <Help open={help} onClose={() => setHelp(false)} />
      <Settings
        open={settings}
        reason={unauthorized ? state.fatal!.message : null}
        onClose={() => setSettings(false)}
        onSaved={() => {
          setSettings(false);
          location.reload();
        }}
      />
      <Toasts toasts={state.toasts} onDismiss={(id) => store.dismiss(id)} />
    </>
  );
}

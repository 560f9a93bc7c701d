import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Card } from './card.js';
import { moveCard } from './move-card.js';
import { type Column as ColumnData, legalTargets, lanes } from './columns.js';
import { formatRoute } from './route.js';
import type { BoardStore, BoardState } from './store.js';
import { human } from './text.js';
import type { Ticket, Workflow } from './types.js';
import { pure } from './ui.js';

/** Cards drawn per column at first; the rest come with "Show more" so a huge column stays quick. */
const PAGE = 100;

type Drop = 'ok' | 'no' | 'home' | null;

/** The kanban: one lane per ticket type, columns in workflow order, terminal columns folded. */
export function Board({
  store,
  state,
  onMenu,
}: {
  store: BoardStore;
  state: BoardState;
  onMenu: (id: string) => void;
}) {
  const project = state.project!;
  const [dragging, setDragging] = useState<Ticket | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const type = state.route.filters.type;
  const workflows = useMemo(
    () => project.schema.types.filter((w) => !type || w.type === type),
    [project.schema.types, type],
  );
  const data = useMemo(
    () => lanes(workflows, state.tickets.values(), project.schema.priorities),
    [workflows, state.tickets, project.schema.priorities],
  );
  const urgency = useMemo(() => new Map(project.schema.priorities.map((p, i) => [p, i])), [project.schema.priorities]);
  const boardRef = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => fitColumns(boardRef.current));
  useEffect(() => {
    const refit = () => fitColumns(boardRef.current);
    addEventListener('resize', refit);
    return () => removeEventListener('resize', refit);
  }, []);

  useLayoutEffect(() => {
    if (!state.loaded || document.documentElement.dataset.board) return;
    // What the benchmark waits for: the first frame with the columns and their cards.
    requestAnimationFrame(() => {
      performance.mark('docket:columns-drawn');
      document.documentElement.dataset.board = 'drawn';
    });
  }, [state.loaded]);

  const handlers = useMemo(
    () => ({
      onOpen: (id: string) => store.navigate({ ticket: id }),
      onMenu,
      onDragStart: (id: string, e: DragEvent) => {
        const t = store.state.tickets.get(id);
        if (!t || !e.dataTransfer) return;
        e.dataTransfer.setData('text/plain', id);
        e.dataTransfer.effectAllowed = 'move';
        // Re-rendering the columns inside dragstart can cancel the drag: mark the targets a frame later.
        requestAnimationFrame(() => setDragging(t));
      },
      onDragEnd: () => setDragging(null),
      onDrop: (status: string, e: DragEvent) => {
        e.preventDefault();
        const id = e.dataTransfer?.getData('text/plain');
        setDragging(null);
        if (id) void moveCard(store, id, status);
      },
      onToggle: (type: string, status: string) => void store.toggleColumn(type, status),
    }),
    [store, onMenu],
  );

  const targets = dragging ? legalTargets(store.workflow(dragging.type), dragging.status) : [];
  const dropOf = (wf: Workflow, status: string): Drop =>
    !dragging
      ? null
      : dragging.type === wf.type && dragging.status === status
        ? 'home'
        : dragging.type === wf.type && targets.includes(status)
          ? 'ok'
          : 'no';
  const countOf = (wf: Workflow, status: string) =>
    state.counts?.types.find((t) => t.type === wf.type)?.columns.find((c) => c.status === status)?.count;
  const filtered = Object.keys(state.route.filters).some((k) => k !== 'type');
  const hrefOf = (id: string) => formatRoute({ ...state.route, ticket: id });

  if (!state.loaded)
    return (
      <p class="empty" aria-busy="true">
        Loading the board…
      </p>
    );
  return (
    <div class={`board${dragging ? ' dragging' : ''}`} ref={boardRef}>
      {state.truncated && (
        <p class="note">This board shows the first 10,000 open tickets. Use the filters to narrow it.</p>
      )}
      {data.map(({ workflow, columns }) => {
        const open = columns.filter((c) => !c.terminal).reduce((n, c) => n + c.tickets.length, 0);
        const unfolded = columns.some((c) => c.terminal && state.unfolded.has(`${workflow.type}/${c.status}`));
        // A type with no open work takes one line, unless asked for or the only one shown.
        const quiet = open === 0 && !unfolded && !type && !expanded.has(workflow.type);
        return (
          <section
            key={workflow.type}
            class="lane"
            aria-label={`${human(workflow.type)} board`}
            data-lane={workflow.type}
          >
            <h2 class="lane-title">
              <span class="cap">{human(workflow.type)}</span> <span class="count">{open} open</span>
              {quiet && (
                <button
                  type="button"
                  class="icon show-lane"
                  aria-expanded="false"
                  onClick={() => setExpanded(new Set([...expanded, workflow.type]))}
                >
                  Show columns
                </button>
              )}
            </h2>
            {!quiet && (
              <div class="columns">
                {columns.map((c) => (
                  <Column
                    key={c.status}
                    type={workflow.type}
                    column={c}
                    folded={c.terminal && !state.unfolded.has(`${workflow.type}/${c.status}`)}
                    total={filtered ? undefined : countOf(workflow, c.status)}
                    drop={dropOf(workflow, c.status)}
                    pending={state.pending}
                    urgency={urgency}
                    unit={store.estimateUnit}
                    hrefOf={hrefOf}
                    handlers={handlers}
                  />
                ))}
              </div>
            )}
          </section>
        );
      })}
    </div>
  );
}

/** Room below a column's cards for its own padding and border and the lane's sideways scrollbar. */
const BELOW_CARDS = 24;

/**
 * Gives each column's card list the height left in the window below the first lane's cards
 * (`--cards-room`), so a column scrolled to its end shows its last card whole instead of running
 * past the bottom of the window, whatever height the header and filters take.
 */
function fitColumns(board: HTMLElement | null): void {
  const cards = board?.querySelector<HTMLElement>('.column:not(.folded) .cards');
  if (!board || !cards) return;
  const top = cards.getBoundingClientRect().top + scrollY;
  const room = `${Math.floor(document.documentElement.clientHeight - top - BELOW_CARDS)}px`;
  if (board.style.getPropertyValue('--cards-room') !== room) board.style.setProperty('--cards-room', room);
}

interface ColumnProps {
  readonly type: string;
  readonly column: ColumnData;
  readonly folded: boolean;
  /** The server's count for the column (unfiltered boards only). */
  readonly total: number | undefined;
  readonly drop: Drop;
  readonly pending: ReadonlySet<string>;
  readonly urgency: ReadonlyMap<string, number>;
  readonly unit: string;
  readonly hrefOf: (id: string) => string;
  readonly handlers: {
    onOpen: (id: string) => void;
    onMenu: (id: string) => void;
    onDragStart: (id: string, e: DragEvent) => void;
    onDragEnd: () => void;
    onDrop: (status: string, e: DragEvent) => void;
    onToggle: (type: string, status: string) => void;
  };
}

const Column = pure(function Column(p: ColumnProps) {
  const [shown, setShown] = useState(PAGE);
  const { status, terminal, tickets } = p.column;
  const h = p.handlers;
  const accept = (e: DragEvent) => {
    if (p.drop !== 'ok') return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
  };
  const count = p.folded ? p.total : terminal && p.total !== undefined ? p.total : tickets.length;
  const label = `${human(status)}${count !== undefined ? `, ${count} ticket${count === 1 ? '' : 's'}` : ''}`;
  return (
    <section
      class={`column${p.folded ? ' folded' : ''}${terminal ? ' terminal' : ''}${p.drop ? ` drop-${p.drop}` : ''}`}
      data-column={`${p.type}/${status}`}
      data-drop={p.drop ?? undefined}
      aria-label={label}
      onDragEnter={accept}
      onDragOver={accept}
      onDrop={(e) => (p.drop === 'ok' ? h.onDrop(status, e) : undefined)}
    >
      <header class="column-head">
        <h3>{human(status)}</h3>
        {count !== undefined && <span class="count">{count}</span>}
        {terminal && (
          <button
            type="button"
            class="icon fold"
            aria-expanded={!p.folded}
            aria-label={`${p.folded ? 'Show' : 'Hide'} ${human(status)} tickets`}
            onClick={() => h.onToggle(p.type, status)}
          >
            {p.folded ? '▸' : '▾'}
          </button>
        )}
      </header>
      {!p.folded && (
        <div class="cards">
          {tickets.slice(0, shown).map((t) => (
            <Card
              key={t.id}
              ticket={t}
              href={p.hrefOf(t.id)}
              urgency={p.urgency.get(t.priority) ?? 4}
              unit={p.unit}
              pending={p.pending.has(t.id)}
              onOpen={h.onOpen}
              onMenu={h.onMenu}
              onDragStart={h.onDragStart}
              onDragEnd={h.onDragEnd}
            />
          ))}
          {tickets.length > shown && (
            <button type="button" class="more" onClick={() => setShown(shown + PAGE * 5)}>
              Show {Math.min(tickets.length - shown, PAGE * 5)} more
            </button>
          )}
          {!tickets.length && <p class="empty-col">{terminal ? 'None recently' : 'Nothing here'}</p>}
        </div>
      )}
    </section>
  );
});

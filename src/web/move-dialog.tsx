import { legalTargets } from './columns.js';
import { moveCard } from './move-card.js';
import type { BoardStore } from './store.js';
import { human } from './text.js';
import { Dialog } from './ui.js';

/**
 * The keyboard (and touch) way to move a card: the legal targets of its workflow as buttons, and
 * nothing else. Focus returns to the card afterwards, in its new column.
 */
export function MoveDialog({ store, id, onClose }: { store: BoardStore; id: string | null; onClose: () => void }) {
  const ticket = id ? store.state.tickets.get(id) : undefined;
  const targets = ticket ? legalTargets(store.workflow(ticket.type), ticket.status) : [];
  const close = (focus: string | null) => {
    onClose();
    if (focus)
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>(`[data-card="${CSS.escape(focus)}"] .card-title`)?.focus(),
      );
  };
  return (
    <Dialog open={!!ticket} label={ticket ? `Move ${ticket.id}` : 'Move'} class="move-dialog" onClose={() => close(id)}>
      {ticket && (
        <div>
          <h2>Move {ticket.id}</h2>
          <p class="muted">
            From <strong>{human(ticket.status)}</strong> to:
          </p>
          {targets.length ? (
            <ul class="targets" aria-label="Legal targets">
              {targets.map((s, i) => (
                <li key={s}>
                  <button
                    type="button"
                    data-target={s}
                    autofocus={i === 0}
                    onClick={() => {
                      close(ticket.id);
                      void moveCard(store, ticket.id, s);
                    }}
                  >
                    {human(s)}
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p>Its workflow allows no move from here.</p>
          )}
          <div class="actions">
            <button type="button" class="secondary" onClick={() => close(ticket.id)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}

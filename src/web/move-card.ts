import { messageOf, projectPath, request } from './api.js';
import { legalTargets } from './columns.js';
import type { BoardStore } from './store.js';
import type { Ticket } from './types.js';

/**
 * Moves a card at once and asks the server, sending the card's version as If-Match: when the
 * server refuses (an illegal or stale move) the card goes back where it was, the server's message
 * is shown, and the card is fetched again so the next try starts from what the server has.
 */
export async function moveCard(store: BoardStore, id: string, to: string): Promise<boolean> {
  const before = store.state.tickets.get(id);
  if (!before || store.state.pending.has(id) || before.status === to) return false;
  const allowed = legalTargets(store.workflow(before.type), before.status);
  if (!allowed.includes(to)) {
    store.toast(`${id} cannot move from ${before.status} to ${to}; legal targets: ${allowed.join(', ') || 'none'}`);
    return false;
  }
  pend(store, id, true);
  place(store, { ...before, status: to });
  let ok = false;
  try {
    const moved = await request<Ticket>('POST', projectPath(store.key, 'tickets', id, 'move'), {
      body: { status: to },
      version: before.version,
    });
    pend(store, id, false);
    store.upsert(moved);
    ok = true;
  } catch (e) {
    pend(store, id, false);
    place(store, before);
    store.toast(`Could not move ${id}: ${messageOf(e)}`);
    store.stale.add(id);
  }
  if (store.stale.delete(id)) await store.refresh(id);
  store.refreshCounts();
  return ok;
}

/** Puts the card in its column even where filters or a fold would hide it: it is mid-move. */
function place(store: BoardStore, t: Ticket): void {
  store.set({ tickets: new Map(store.state.tickets).set(t.id, t) });
}

function pend(store: BoardStore, id: string, on: boolean): void {
  const pending = new Set(store.state.pending);
  if (on) pending.add(id);
  else pending.delete(id);
  store.set({ pending });
}

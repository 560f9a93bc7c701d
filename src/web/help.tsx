import { Dialog } from './ui.js';

/** Every shortcut the board answers to; `?` opens this list. */
export const SHORTCUTS: readonly (readonly [keys: string, what: string])[] = [
  ['?', 'Show this list'],
  ['/', 'Search'],
  ['n', 'New ticket'],
  ['b', 'Board'],
  ['s', 'Summary'],
  ['f', 'Filters: focus the first one'],
  ['j / ↓', 'Next card in the column'],
  ['k / ↑', 'Previous card in the column'],
  ['h / ←', 'Card in the column to the left'],
  ['l / →', 'Card in the column to the right'],
  ['Enter', 'Open the focused card'],
  ['m', 'Move the focused card (only legal targets are offered)'],
  ['e', 'Edit the open ticket'],
  ['t', 'Switch theme: system, light, dark'],
  ['Esc', 'Close the dialog; in the search box, clear it'],
];

export function Help({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} label="Keyboard shortcuts" class="help-dialog" onClose={onClose}>
      <h2>Keyboard shortcuts</h2>
      <table class="plain shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <th scope="row">
                {keys.split(' / ').map((k, i) => (
                  <span key={k}>
                    {i > 0 && ' or '}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted">Drag a card to a highlighted column to move it; columns it cannot go to are dimmed.</p>
      <p class="muted">
        Programs use the same server: <a href="/docs">REST API reference</a>.
      </p>
      <div class="actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}

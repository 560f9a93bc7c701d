import { useState } from 'preact/hooks';
import { credentials } from './api.js';
import { Dialog } from './ui.js';

/**
 * The API token (needed once the server has tokens) and, on a local server without tokens, the
 * entity to act as, so the history says who moved what. Both stay in this browser's storage.
 */
export function Settings({
  open,
  reason,
  onClose,
  onSaved,
}: {
  open: boolean;
  reason: string | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  return (
    <Dialog open={open} label="Connection settings" class="settings-dialog" onClose={onClose}>
      {open && <SettingsForm reason={reason} onClose={onClose} onSaved={onSaved} />}
    </Dialog>
  );
}

function SettingsForm({
  reason,
  onClose,
  onSaved,
}: {
  reason: string | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [token, setToken] = useState(credentials.token());
  const [actor, setActor] = useState(credentials.actor());
  return (
    <form
      class="ticket-form"
      onSubmit={(e) => {
        e.preventDefault();
        credentials.save(token, actor);
        onSaved();
      }}
    >
      <h2>Connection</h2>
      {reason && (
        <p class="error" role="alert">
          {reason}
        </p>
      )}
      <div class="field">
        <label for="s-token">API token</label>
        <input
          id="s-token"
          type="password"
          autocomplete="off"
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
        <p class="hint">
          From <code>docket token create --project P --scope write --as NAME</code>. Leave empty on a local server
          without tokens.
        </p>
      </div>
      <div class="field">
        <label for="s-actor">Act as</label>
        <input id="s-actor" value={actor} placeholder="e.g. ada" onInput={(e) => setActor(e.currentTarget.value)} />
        <p class="hint">
          Without a token: the entity the history records for your changes. A token always acts as its own entity.
        </p>
      </div>
      <div class="actions">
        <button type="button" class="secondary" onClick={onClose}>
          Cancel
        </button>
        <button type="submit">Save</button>
      </div>
    </form>
  );
}

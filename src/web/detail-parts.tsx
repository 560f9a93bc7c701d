import { useState } from 'preact/hooks';
import { messageOf, projectPath, request } from './api.js';
import { Markdown } from './markdown-view.js';
import { formatRoute, parseRoute } from './route.js';
import type { BoardStore } from './store.js';
import { ago, human, when } from './text.js';
import { timeline } from './timeline.js';
import type { HistoryEntry, Link, TicketDetail } from './types.js';

interface PartProps {
  readonly store: BoardStore;
  readonly t: TicketDetail;
  readonly reload: () => void;
}

/** Runs a change, shows the server's message if it fails, and reloads the ticket either way. */
function useAction(reload: () => void) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      setError(messageOf(e));
      return false;
    } finally {
      setBusy(false);
      reload();
    }
  };
  return { error, busy, run };
}

const Err = ({ error }: { error: string | null }) =>
  error ? (
    <p class="error" role="alert">
      {error}
    </p>
  ) : null;

export function Labels({ store, t, reload }: PartProps) {
  const [text, setText] = useState('');
  const a = useAction(reload);
  const edit = (body: { add?: string[]; remove?: string[] }) =>
    a.run(() => request('POST', projectPath(store.key, 'tickets', t.id, 'labels'), { body }));
  return (
    <section aria-labelledby="d-labels">
      <h3 id="d-labels">Labels</h3>
      <ul class="chips">
        {t.labels.map((l) => (
          <li key={l} class="chip">
            {l}
            <button
              type="button"
              class="icon"
              aria-label={`Remove label ${l}`}
              onClick={() => void edit({ remove: [l] })}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        class="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const add = text
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
          if (add.length && (await edit({ add }))) setText('');
        }}
      >
        <input
          aria-label="Add labels (comma-separated)"
          placeholder="add label"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <button type="submit" class="secondary" disabled={a.busy}>
          Add
        </button>
      </form>
      <Err error={a.error} />
    </section>
  );
}

const RELATIONS: readonly [Link['relation'], string][] = [
  ['blocked_by', 'Blocked by'],
  ['blocks', 'Blocks'],
  ['parent', 'Parent'],
  ['children', 'Children'],
  ['duplicates', 'Duplicate of'],
  ['duplicate_of', 'Duplicated by'],
  ['related', 'Related'],
];

const LINK_TYPES = [
  ['blocks', 'blocks'],
  ['parent', 'is the parent of'],
  ['related', 'relates to'],
  ['duplicate', 'duplicates'],
] as const;

/** Links from both ends: the API says how each reads from this ticket (blocks / blocked by, …). */
export function Links({ store, t, reload }: PartProps) {
  const [type, setType] = useState<string>('blocks');
  const [target, setTarget] = useState('');
  const a = useAction(reload);
  return (
    <section aria-labelledby="d-links">
      <h3 id="d-links">Links</h3>
      {!t.links.length && <p class="muted">No links.</p>}
      {RELATIONS.map(([relation, title]) => {
        const list = t.links.filter((l) => l.relation === relation);
        if (!list.length) return null;
        return (
          <div key={relation} class="link-group">
            <h4>{title}</h4>
            <ul class="list">
              {list.map((l) => (
                <li key={l.linkId} data-link={l.ticket}>
                  <a
                    href={formatRoute({ ...parseRoute(location.search), ticket: l.ticket })}
                    onClick={(e) => {
                      e.preventDefault();
                      store.navigate({ ticket: l.ticket });
                    }}
                  >
                    <span class="card-id">{l.ticket}</span> {l.title}
                  </a>{' '}
                  <span class={`status-badge${l.closed ? ' closed' : ''}`}>{human(l.status)}</span>
                  <button
                    type="button"
                    class="icon"
                    aria-label={`Remove link to ${l.ticket}`}
                    onClick={() =>
                      void a.run(() =>
                        request('DELETE', projectPath(store.key, 'tickets', t.id, 'links', String(l.linkId))),
                      )
                    }
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      <form
        class="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const body = { type, target: target.trim() };
          if (await a.run(() => request('POST', projectPath(store.key, 'tickets', t.id, 'links'), { body })))
            setTarget('');
        }}
      >
        <span class="muted">This ticket</span>
        <select aria-label="Link type" value={type} onChange={(e) => setType(e.currentTarget.value)}>
          {LINK_TYPES.map(([v, text]) => (
            <option key={v} value={v}>
              {text}
            </option>
          ))}
        </select>
        <input
          aria-label="Target ticket id"
          placeholder="e.g. DOC-12"
          value={target}
          onInput={(e) => setTarget(e.currentTarget.value)}
        />
        <button type="submit" class="secondary" disabled={a.busy}>
          Link
        </button>
      </form>
      <Err error={a.error} />
    </section>
  );
}

export function Comments({ store, t, reload }: PartProps) {
  const [body, setBody] = useState('');
  const a = useAction(reload);
  return (
    <section aria-labelledby="d-comments">
      <h3 id="d-comments">Comments ({t.comments.length})</h3>
      <ol class="comments">
        {t.comments.map((c) => (
          <li key={c.id} class="comment" data-comment={c.id}>
            <div class="comment-head">
              <strong>{c.author ? `@${c.author}` : 'someone'}</strong>{' '}
              <time dateTime={c.createdAt} title={when(c.createdAt)}>
                {ago(c.createdAt)}
              </time>
              {c.status && <span class="muted"> · moved it to {human(c.status)}</span>}
            </div>
            <Markdown source={c.body} />
          </li>
        ))}
      </ol>
      <form
        class="comment-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const sent = await a.run(() =>
            request('POST', projectPath(store.key, 'tickets', t.id, 'comments'), { body: { body } }),
          );
          if (sent) setBody('');
        }}
      >
        <label for="new-comment">Add a comment (Markdown)</label>
        <textarea id="new-comment" rows={3} value={body} onInput={(e) => setBody(e.currentTarget.value)} />
        <button type="submit" class="send" disabled={a.busy}>
          Comment
        </button>
      </form>
      <Err error={a.error} />
    </section>
  );
}

export function HistoryTimeline({ history }: { history: readonly HistoryEntry[] }) {
  const items = timeline(history);
  return (
    <section aria-labelledby="d-history">
      <h3 id="d-history">History</h3>
      <ol class="timeline">
        {items.map((item) => (
          <li key={item.key}>
            <div class="when">
              <strong>{item.actor ? `@${item.actor}` : 'someone'}</strong>{' '}
              <time dateTime={item.at} title={when(item.at)}>
                {ago(item.at)}
              </time>
            </div>
            <ul>
              {item.lines.map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}

import { ago, when } from './text.js';
import type { Reference, TicketDetail } from './types.js';

const KIND_TITLE: Readonly<Record<Reference['kind'], string>> = {
  commit: 'commit',
  branch: 'branch',
  pull: 'pull request',
};

/** Only web addresses become links: a key is whatever a commit message held. */
const safeUrl = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : null);

/** The commits, branches and pull requests recorded on the ticket (docs/git.md); nothing when there are none. */
export function References({ t }: { readonly t: TicketDetail }) {
  const refs = t.references ?? [];
  if (!refs.length) return null;
  return (
    <section aria-labelledby="d-refs">
      <h3 id="d-refs">Code</h3>
      <ul class="list">
        {refs.map((r) => {
          const url = safeUrl(r.url);
          return (
            <li key={`${r.kind} ${r.key}`} data-ref={r.kind}>
              <span class="muted">{KIND_TITLE[r.kind]}</span>{' '}
              {url ? (
                <a href={url} rel="noreferrer noopener" target="_blank">
                  {r.key}
                </a>
              ) : (
                <code>{r.kind === 'commit' ? r.key.slice(0, 10) : r.key}</code>
              )}
              {r.subject && <> {r.subject}</>}
              {r.branch && r.kind === 'commit' && <span class="muted"> on {r.branch}</span>}
              {r.author && <span class="muted"> · {r.author}</span>}
              {r.time && (
                <span class="muted" title={when(r.time)}>
                  {' '}
                  · {ago(r.time)}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

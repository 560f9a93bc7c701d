import { projectPath, request } from './api.js';
import { filterQuery, formatRoute } from './route.js';
import type { BoardStore, BoardState } from './store.js';
import { human, snippetParts } from './text.js';
import type { Items, SearchHit } from './types.js';
import { useFetch, useThrottled } from './use-fetch.js';

/** Ranked search results, best first, with the matched words marked. */
export function SearchResults({ store, state }: { store: BoardStore; state: BoardState }) {
  const { q, filters } = state.route;
  const key = store.key;
  const seq = useThrottled(state.changed.seq, 2000);
  const found = useFetch(`${key}\n${q}\n${JSON.stringify(filters)}\n${seq}`, (signal) =>
    request<Items<SearchHit>>('GET', projectPath(key, 'tickets', 'search'), {
      query: { ...filterQuery(filters), q, limit: 50 },
      signal,
    }),
  );
  const hits = found.data?.items ?? [];
  return (
    <section class="search-results" aria-label="Search results" aria-busy={found.loading}>
      <h2>
        {found.data
          ? `${hits.length}${hits.length === 50 ? '+' : ''} result${hits.length === 1 ? '' : 's'}`
          : 'Searching'}{' '}
        for “{q}”
      </h2>
      {found.error && (
        <p class="error" role="alert">
          {found.error}
        </p>
      )}
      {found.data && !hits.length && (
        <p class="empty">No ticket matches. Try fewer words, or a prefix such as auth*.</p>
      )}
      <ol class="results">
        {hits.map((h) => (
          <li key={h.ticket.id} data-result={h.ticket.id}>
            <a
              href={formatRoute({ ...state.route, ticket: h.ticket.id })}
              onClick={(e) => {
                e.preventDefault();
                store.navigate({ ticket: h.ticket.id });
              }}
            >
              <span class="card-id">{h.ticket.id}</span> {h.ticket.title}
            </a>
            <span class="status-badge">{human(h.ticket.status)}</span>
            <p class="snippet">
              {snippetParts(h.snippet).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : part.text))}
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}

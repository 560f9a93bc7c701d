import type { ComponentChildren } from 'preact';
import { projectPath, request } from './api.js';
import { formatRoute } from './route.js';
import { PlanningPanels } from './summary-planning.js';
import type { BoardStore, BoardState } from './store.js';
import { ago, human, when } from './text.js';
import type { BlockedTicket, Items, Page, Ticket } from './types.js';
import { useFetch, useThrottled } from './use-fetch.js';

interface SummaryData {
  readonly byAssignee: readonly { entity: string | null; count: number }[];
  readonly blocked: readonly BlockedTicket[];
  readonly ready: readonly Ticket[];
  readonly claimed: readonly { entity: string; tickets: readonly Ticket[] }[];
}

/** Claimed work is listed for this many entities (the busiest first). */
const CLAIM_ENTITIES = 12;

/** The project at a glance: counts per status and per assignee, blocked work, ready work, claims. */
export function Summary({ store, state }: { store: BoardStore; state: BoardState }) {
  const project = state.project!;
  const key = project.key;
  const openStates = [...new Set(project.schema.types.flatMap((w) => w.states.filter((s) => !w.terminal.includes(s))))];
  const seq = useThrottled(state.changed.seq, 2000);
  const data = useFetch<SummaryData>(`${key}\n${seq}`, async (signal) => {
    const tickets = (...rest: string[]) => projectPath(key, 'tickets', ...rest);
    const [counts, blocked, ready] = await Promise.all([
      request<Items<{ entity: string | null; count: number }>>('GET', tickets('counts'), {
        query: { status: openStates.join(',') },
        signal,
      }),
      request<Items<BlockedTicket>>('GET', tickets('blocked'), { query: { limit: 50 }, signal }),
      request<Items<Ticket>>('GET', tickets('ready'), { query: { limit: 10 }, signal }),
    ]);
    const busiest = counts.items.filter((c): c is { entity: string; count: number } => c.entity !== null);
    busiest.sort((a, b) => b.count - a.count);
    const claimed = await Promise.all(
      busiest.slice(0, CLAIM_ENTITIES).map(async (c) => ({
        entity: c.entity,
        tickets: (
          await request<Page<Ticket>>('GET', tickets(), {
            query: { state: 'open', assignee: c.entity, limit: 10 },
            signal,
          })
        ).items,
      })),
    );
    return { byAssignee: counts.items, blocked: blocked.items, ready: ready.items, claimed };
  });
  const open = (id: string) => (e: MouseEvent) => {
    e.preventDefault();
    store.navigate({ ticket: id });
  };
  const link = (t: { id: string; title: string }) => (
    <a href={formatRoute({ ...state.route, ticket: t.id })} onClick={open(t.id)}>
      <span class="card-id">{t.id}</span> {t.title}
    </a>
  );
  const d = data.data;
  const max = Math.max(1, ...(state.counts?.types.flatMap((t) => t.columns.map((c) => c.count)) ?? []));
  return (
    <div class="summary" aria-busy={data.loading}>
      {data.error && (
        <p class="error" role="alert">
          {data.error}
        </p>
      )}
      <PlanningPanels store={store} state={state} Panel={Panel} />
      <Panel title="By status" id="by-status">
        {state.counts?.types.map((t) => (
          <table key={t.type} class="bars">
            <caption>{human(t.type)}</caption>
            <tbody>
              {t.columns.map((c) => (
                <tr key={c.status} class={c.terminal ? 'terminal' : ''}>
                  <th scope="row">{human(c.status)}</th>
                  <td class="num">{c.count}</td>
                  <td class="bar-cell" aria-hidden="true">
                    <span class="bar" style={{ width: `${(c.count / max) * 100}%` }} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )) ?? <p class="muted">Loading…</p>}
      </Panel>
      <Panel title="Open, by assignee" id="by-assignee">
        {d && (
          <table class="plain">
            <tbody>
              {d.byAssignee.map((c) => (
                <tr key={c.entity ?? ''}>
                  <th scope="row">{c.entity ? `@${c.entity}` : 'Unassigned'}</th>
                  <td class="num">{c.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      <Panel title={`Blocked${d ? ` (${d.blocked.length})` : ''}`} id="blocked">
        {d && !d.blocked.length && <p class="muted">Nothing is blocked.</p>}
        <ul class="list">
          {d?.blocked.map((b) => (
            <li key={b.ticket.id} data-blocked={b.ticket.id}>
              {link(b.ticket)}
              <span class="muted">
                {' '}
                waits for{' '}
                {b.blockers.map((x, i) => (
                  <span key={x.id}>
                    {i > 0 && ', '}
                    <a href={formatRoute({ ...state.route, ticket: x.id })} onClick={open(x.id)} title={x.title}>
                      {x.id}
                    </a>{' '}
                    ({human(x.status)})
                  </span>
                ))}
              </span>
            </li>
          ))}
        </ul>
      </Panel>
      <Panel title="Ready to start" id="ready">
        {d && !d.ready.length && <p class="muted">Nothing is ready: all open work is claimed or blocked.</p>}
        <ol class="list">
          {d?.ready.map((t) => (
            <li key={t.id} data-ready={t.id}>
              {link(t)} <span class="prio-text">{t.priority}</span>
            </li>
          ))}
        </ol>
      </Panel>
      <Panel title="Claimed" id="claimed">
        {d && !d.claimed.length && <p class="muted">Nobody has claimed anything.</p>}
        {d?.claimed.map((c) => (
          <div key={c.entity} class="claims" data-claims={c.entity}>
            <h4>@{c.entity}</h4>
            <ul class="list">
              {c.tickets.map((t) => (
                <li key={t.id}>
                  {link(t)} <span class="status-badge">{human(t.status)}</span>
                  {t.leaseUntil && (
                    <span class="muted" title={when(t.leaseUntil)}>
                      {' '}
                      lease ends {ago(t.leaseUntil)}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </div>
        ))}
      </Panel>
    </div>
  );
}

function Panel({ title, id, children }: { title: string; id: string; children: ComponentChildren }) {
  return (
    <section class="panel" aria-labelledby={`panel-${id}`}>
      <h2 id={`panel-${id}`}>{title}</h2>
      {children}
    </section>
  );
}

import { Fragment } from 'preact';
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { messageOf, projectPath, request } from './api.js';
import { legalTargets } from './columns.js';
import { Comments, HistoryTimeline, Labels, Links } from './detail-parts.js';
import { References } from './references.js';
import { Markdown } from './markdown-view.js';
import { dueText, estimateText, isOverdue } from './planning.js';
import type { BoardStore, BoardState } from './store.js';
import { ago, human, when } from './text.js';
import type { Ticket, TicketDetail } from './types.js';
import { Dialog } from './ui.js';
import { useFetch } from './use-fetch.js';

/** The ticket named in the URL: its fields, description, links, comments and history, kept live. */
export function Detail({
  store,
  state,
  onEdit,
  onShown,
}: {
  store: BoardStore;
  state: BoardState;
  onEdit: (t: Ticket) => void;
  /** The ticket on screen (null when none): the edit shortcut needs it. */
  onShown: (t: Ticket | null) => void;
}) {
  const id = state.route.ticket;
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (id && state.changed.ids.has(id)) setVersion((v) => v + 1);
  }, [state.changed.seq]);
  const key = store.key;
  const found = useFetch<TicketDetail>(id && key ? `${key}\n${id}\n${version}` : null, (signal) =>
    request('GET', projectPath(key, 'tickets', id!), {
      query: { include: 'links,references,comments,history' },
      signal,
    }),
  );
  const reload = () => setVersion((v) => v + 1);
  const close = () => store.navigate({ ticket: null });
  const t = found.data && found.data.id.toLowerCase() === id?.toLowerCase() ? found.data : null;
  // Before paint, so the edit shortcut works as soon as the ticket is on screen.
  useLayoutEffect(() => onShown(t), [t]);
  return (
    <Dialog open={!!id} label={t ? `${t.id}: ${t.title}` : 'Ticket'} class="detail" onClose={close}>
      <div class="detail-body" aria-busy={found.loading}>
        <header class="detail-head">
          <span class="card-id">{t?.id ?? id}</span>
          {t && <span class="status-badge">{human(t.status)}</span>}
          {t && <span class="muted">{human(t.type)}</span>}
          <span class="spacer" />
          {t && (
            <button type="button" onClick={() => onEdit(t)}>
              Edit
            </button>
          )}
          <button type="button" class="icon" aria-label="Close" onClick={close}>
            ×
          </button>
        </header>
        {found.error && !t && (
          <p class="error" role="alert">
            {found.error}
          </p>
        )}
        {!t && !found.error && <p class="muted">Loading…</p>}
        {t && <DetailContent store={store} t={t} reload={reload} />}
      </div>
    </Dialog>
  );
}

function DetailContent({ store, t, reload }: { store: BoardStore; t: TicketDetail; reload: () => void }) {
  const [moveError, setMoveError] = useState<string | null>(null);
  const targets = legalTargets(store.workflow(t.type), t.status);
  const move = async (to: string) => {
    setMoveError(null);
    try {
      const moved = await request<Ticket>('POST', projectPath(store.key, 'tickets', t.id, 'move'), {
        body: { status: to },
        version: t.version,
      });
      store.upsert(moved);
    } catch (e) {
      setMoveError(messageOf(e));
    }
    reload();
  };
  return (
    <>
      <h2 class="detail-title">{t.title}</h2>
      <dl class="facts">
        <dt>Priority</dt>
        <dd>{t.priority}</dd>
        <dt>Assignee</dt>
        <dd>{t.assignee ? `@${t.assignee}` : 'nobody'}</dd>
        <dt>Category</dt>
        <dd>{t.category ?? 'none'}</dd>
        <dt>Created</dt>
        <dd title={when(t.createdAt)}>
          {ago(t.createdAt)}
          {t.createdBy ? ` by @${t.createdBy}` : ''}
        </dd>
        <dt>Updated</dt>
        <dd title={when(t.updatedAt)}>{ago(t.updatedAt)}</dd>
        {t.due && (
          <>
            <dt>Due</dt>
            <dd class={isOverdue(t) ? 'overdue' : ''} data-due={t.due}>
              {dueText(t.due)}
              {isOverdue(t) && ' (overdue)'}
            </dd>
          </>
        )}
        {t.estimate !== undefined && (
          <>
            <dt>Estimate</dt>
            <dd>{estimateText(t.estimate, store.estimateUnit)}</dd>
          </>
        )}
        {t.milestone && (
          <>
            <dt>Milestone</dt>
            <dd>{store.state.milestones.find((m) => m.key === t.milestone)?.name ?? t.milestone}</dd>
          </>
        )}
        {Object.entries(t.fields ?? {}).map(([name, value]) => (
          <Fragment key={name}>
            <dt>{human(name)}</dt>
            <dd data-field={name}>{typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value)}</dd>
          </Fragment>
        ))}
        {t.leaseUntil && (
          <>
            <dt>Claim ends</dt>
            <dd title={when(t.leaseUntil)}>{ago(t.leaseUntil)}</dd>
          </>
        )}
      </dl>
      <fieldset class="move-row">
        <legend class="sr-only">Move to</legend>
        <span class="muted" aria-hidden="true">
          Move to
        </span>
        {targets.map((s) => (
          <button key={s} type="button" class="secondary" data-target={s} onClick={() => void move(s)}>
            {human(s)}
          </button>
        ))}
        {!targets.length && <span class="muted">no move is possible from {human(t.status)}</span>}
      </fieldset>
      {moveError && (
        <p class="error" role="alert">
          {moveError}
        </p>
      )}
      <Labels store={store} t={t} reload={reload} />
      <section aria-labelledby="d-desc">
        <h3 id="d-desc">Description</h3>
        {t.description.trim() ? <Markdown source={t.description} /> : <p class="muted">No description.</p>}
      </section>
      <Links store={store} t={t} reload={reload} />
      <References t={t} />
      <Comments store={store} t={t} reload={reload} />
      <HistoryTimeline history={t.history} />
    </>
  );
}

/** The summary's planning and activity panels: milestones, the 30-day flow, and what happened lately. */
import type { ComponentChildren } from 'preact';
import { projectPath, request } from './api.js';
import { BurnDown, FlowChart } from './charts.js';
import { estimateText, type Milestone, type MilestoneDetail } from './planning.js';
import { formatRoute } from './route.js';
import type { BoardStore, BoardState } from './store.js';
import { ago, human, when } from './text.js';
import { describe } from './timeline.js';
import type { ChangeEvent, Items } from './types.js';
import { useFetch, useThrottled } from './use-fetch.js';

/** Burn-downs are drawn for this many open milestones (the soonest due first). */
const CHARTED = 6;
/** Lines in the activity feed. */
export const FEED = 20;

interface PlanningData {
  readonly milestones: readonly MilestoneDetail[];
  readonly flow: readonly { day: string; opened: number; closed: number }[];
  readonly feed: readonly ChangeEvent[];
}

export function PlanningPanels({
  store,
  state,
  Panel,
}: {
  store: BoardStore;
  state: BoardState;
  Panel: (p: { title: string; id: string; children: ComponentChildren }) => ComponentChildren;
}) {
  const key = state.project!.key;
  const seq = useThrottled(`${state.changed.seq}/${state.milestones.length}`, 2000);
  const data = useFetch<PlanningData>(`${key}\n${seq}`, async (signal) => {
    const [list, flow, feed] = await Promise.all([
      request<Items<Milestone>>('GET', projectPath(key, 'milestones'), { query: { state: 'open' }, signal }),
      request<Items<PlanningData['flow'][number]>>('GET', projectPath(key, 'tickets', 'flow'), {
        query: { days: 30 },
        signal,
      }),
      request<Items<ChangeEvent>>('GET', projectPath(key, 'changes'), {
        query: { order: 'desc', limit: FEED },
        signal,
      }),
    ]);
    const milestones = await Promise.all(
      list.items
        .slice(0, CHARTED)
        .map((m) => request<MilestoneDetail>('GET', projectPath(key, 'milestones', m.key), { signal })),
    );
    return { milestones, flow: flow.items, feed: feed.items };
  });
  const d = data.data;
  // Live events reach the feed at once; the fetched page fills in what came before.
  const seen = new Set<number>();
  const feed = [...state.activity, ...(d?.feed ?? [])]
    .filter((e) => !seen.has(e.id) && seen.add(e.id))
    .sort((a, b) => b.id - a.id)
    .slice(0, FEED);
  const unit = store.estimateUnit;
  const link = (id: string) => (
    <a
      href={formatRoute({ ...state.route, ticket: id })}
      onClick={(e) => {
        e.preventDefault();
        store.navigate({ ticket: id });
      }}
    >
      {id}
    </a>
  );
  return (
    <>
      <Panel title="Milestones" id="milestones">
        {d && !d.milestones.length && <p class="muted">No open milestone.</p>}
        {d?.milestones.map((m) => (
          <div key={m.key} class="milestone-row" data-milestone={m.key}>
            <h4>
              {m.name}
              {m.due && <span class="muted"> · due {m.due.slice(0, 10)}</span>}
            </h4>
            <Progress
              label={`${m.name}: tickets`}
              done={m.tickets.closed}
              total={m.tickets.total}
              text={`${m.tickets.closed}/${m.tickets.total} tickets`}
            />
            {m.estimate.total > 0 && (
              <Progress
                label={`${m.name}: estimate`}
                done={m.estimate.closed}
                total={m.estimate.total}
                text={`${m.estimate.closed}/${estimateText(m.estimate.total, m.estimate.unit)}`}
              />
            )}
            <BurnDown m={m} unit={unit} />
          </div>
        ))}
      </Panel>
      <Panel title="Opened and closed, last 30 days" id="flow">
        {d && <FlowChart days={d.flow} />}
      </Panel>
      <Panel title="Recent activity" id="activity">
        {d && !feed.length && <p class="muted">Nothing has happened yet.</p>}
        <ol class="list feed" aria-live="polite">
          {feed.map((e) => (
            <li key={e.id} data-event={e.id}>
              <strong>{e.actor ? `@${e.actor}` : 'someone'}</strong> {e.ticket && link(e.ticket)} {sentence(e)}{' '}
              <span class="muted" title={when(e.at)}>
                {ago(e.at)}
              </span>
            </li>
          ))}
        </ol>
      </Panel>
    </>
  );
}

/** What an event did, in a few words: its first change, and how many more. */
function sentence(e: ChangeEvent): string {
  if (e.kind === 'ticket.created') return `created: ${e.changes.find((c) => c.field === 'created')?.new ?? ''}`;
  const first = e.changes[0];
  if (!first) return human(e.kind.replace('.', ' '));
  const more = e.changes.length - 1;
  return `${describe(first).replace(/\bit\b/, '')}${more > 0 ? ` (+${more} more)` : ''}`.replace(/\s+/g, ' ');
}

function Progress({ label, done, total, text }: { label: string; done: number; total: number; text: string }) {
  const share = total > 0 ? done / total : 0;
  return (
    <div class="progress-row">
      <div
        class="progress"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
      >
        <span class="progress-fill" style={{ width: `${Math.round(share * 100)}%` }} />
      </div>
      <span class="progress-text">{text}</span>
    </div>
  );
}

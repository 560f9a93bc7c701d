/**
 * Small inline SVG charts for the summary: no chart library (the bundle stays small). Each is an
 * image with a text alternative that says what it shows.
 */
import { estimateText, type MilestoneDetail } from './planning.js';

const W = 280;
const H = 64;

/** Open estimate per day up to the due date; the dashed line is the straight path to zero. */
export function BurnDown({ m, unit }: { m: MilestoneDetail; unit: string }) {
  const days = m.burnDown;
  if (!days.length) return null;
  const known = days.filter((d): d is { day: string; open: number } => d.open !== null);
  const top = Math.max(1, m.estimate.total, ...known.map((d) => d.open));
  const x = (i: number) => (days.length === 1 ? W / 2 : (i / (days.length - 1)) * W);
  const y = (v: number) => H - (v / top) * (H - 4);
  const points = days
    .map((d, i) => (d.open === null ? null : `${x(i).toFixed(1)},${y(d.open).toFixed(1)}`))
    .filter(Boolean)
    .join(' ');
  const last = known[known.length - 1];
  const label = `Burn-down of ${m.name}: ${last ? `${estimateText(last.open, unit)} open on ${last.day}` : 'no figures yet'}, due ${m.due ?? 'with no date'}`;
  return (
    <svg class="chart burn" data-burndown={m.key} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      <title>{label}</title>
      <line class="ideal" x1="0" y1={y(known[0]?.open ?? top)} x2={W} y2={H} />
      <polyline class="line" points={points} />
      {last && <circle class="dot" cx={x(days.indexOf(last))} cy={y(last.open)} r="2.5" />}
    </svg>
  );
}

/** Tickets opened (left bar) and closed (right bar) per day, oldest day first. */
export function FlowChart({ days }: { days: readonly { day: string; opened: number; closed: number }[] }) {
  const top = Math.max(1, ...days.flatMap((d) => [d.opened, d.closed]));
  const slot = W / Math.max(days.length, 1);
  const bar = Math.max(1, slot / 2 - 1);
  const opened = days.reduce((n, d) => n + d.opened, 0);
  const closed = days.reduce((n, d) => n + d.closed, 0);
  const label = `Over the last ${days.length} days: ${opened} opened, ${closed} closed`;
  const h = (v: number) => (v / top) * (H - 2);
  return (
    <figure class="flow">
      <svg class="chart" data-flow viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
        <title>{label}</title>
        {days.map((d, i) => (
          <g key={d.day}>
            <title>{`${d.day}: ${d.opened} opened, ${d.closed} closed`}</title>
            <rect class="opened" x={i * slot} y={H - h(d.opened)} width={bar} height={h(d.opened)} />
            <rect class="closed" x={i * slot + bar} y={H - h(d.closed)} width={bar} height={h(d.closed)} />
          </g>
        ))}
      </svg>
      <figcaption class="muted">
        <span class="key opened" /> {opened} opened <span class="key closed" /> {closed} closed
      </figcaption>
    </figure>
  );
}

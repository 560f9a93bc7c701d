import { dueText, estimateText, isOverdue } from './planning.js';
import type { Ticket } from './types.js';
import { pure } from './ui.js';

export interface CardProps {
  readonly ticket: Ticket;
  readonly href: string;
  /** 0 for the most urgent priority. */
  readonly urgency: number;
  /** The project's estimate unit (points or hours). */
  readonly unit: string;
  readonly pending: boolean;
  readonly onOpen: (id: string) => void;
  readonly onMenu: (id: string) => void;
  readonly onDragStart: (id: string, e: DragEvent) => void;
  readonly onDragEnd: () => void;
}

/** One ticket on the board: drag it, or use its Move button (or `m`) to pick a legal target. */
export const Card = pure(function Card(p: CardProps) {
  const t = p.ticket;
  const late = isOverdue(t);
  return (
    <article
      class={`card${p.pending ? ' pending' : ''}${late ? ' overdue' : ''}`}
      data-card={t.id}
      data-status={t.status}
      draggable={!p.pending}
      aria-busy={p.pending}
      onDragStart={(e) => p.onDragStart(t.id, e)}
      onDragEnd={p.onDragEnd}
    >
      <div class="card-top">
        <span class="card-id">{t.id}</span>
        <span class={`prio prio-${Math.min(p.urgency, 4)}`}>{t.priority}</span>
        <button
          type="button"
          class="icon move"
          aria-label={`Move ${t.id}`}
          aria-haspopup="dialog"
          title="Move (m)"
          disabled={p.pending}
          onClick={() => p.onMenu(t.id)}
        >
          ⇄
        </button>
      </div>
      <a
        class="card-title"
        href={p.href}
        draggable={false}
        onClick={(e) => {
          if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
          e.preventDefault();
          p.onOpen(t.id);
        }}
      >
        {t.title}
      </a>
      {(t.due || t.estimate !== undefined || t.milestone) && (
        <div class="card-plan">
          {t.due && (
            <span
              class={`due${late ? ' late' : ''}`}
              data-due={t.due}
              title={late ? `Overdue: was due ${t.due}` : `Due ${t.due}`}
            >
              {late ? '⚠ ' : ''}
              {dueText(t.due)}
            </span>
          )}
          {t.estimate !== undefined && (
            <span class="estimate" title="Estimate">
              {estimateText(t.estimate, p.unit)}
            </span>
          )}
          {t.milestone && (
            <span class="milestone" title="Milestone">
              ◆ {t.milestone}
            </span>
          )}
        </div>
      )}
      {(t.assignee || t.labels.length > 0 || t.category) && (
        <div class="card-meta">
          {t.assignee && <span class="who">@{t.assignee}</span>}
          {t.category && <span class="cat">{t.category}</span>}
          {t.labels.slice(0, 3).map((l) => (
            <span key={l} class="chip">
              {l}
            </span>
          ))}
          {t.labels.length > 3 && <span class="chip">+{t.labels.length - 3}</span>}
        </div>
      )}
    </article>
  );
});

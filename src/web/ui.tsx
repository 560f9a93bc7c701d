import { type ComponentChildren, Component, type FunctionComponent } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { LiveState } from './live.js';
import type { Toast } from './store.js';

/** A component that re-renders only when a prop changes (props compared one by one). */
export function pure<P extends object>(render: FunctionComponent<P>) {
  return class Pure extends Component<P> {
    override shouldComponentUpdate(next: P): boolean {
      const prev = this.props as Record<string, unknown>;
      const now = next as Record<string, unknown>;
      for (const k in now) if (k !== 'children' && prev[k] !== now[k]) return true;
      for (const k in prev) if (!(k in now)) return true;
      return false;
    }
    override render() {
      return render(this.props, this.context);
    }
  };
}

/**
 * A modal dialog on the native <dialog> element: focus stays inside, Escape closes it, and the
 * page behind is inert for assistive technology.
 */
export function Dialog(props: {
  open: boolean;
  label: string;
  onClose: () => void;
  class?: string;
  children: ComponentChildren;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useLayoutEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) d.showModal();
    if (!props.open && d.open) d.close();
  }, [props.open]);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click on the backdrop closes it; Escape (the cancel event) is the keyboard way
    <dialog
      ref={ref}
      aria-label={props.label}
      class={props.class}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
      onClick={(e) => {
        if (e.target === ref.current) props.onClose();
      }}
    >
      {props.open && props.children}
    </dialog>
  );
}

const LIVE_TEXT: Record<LiveState, string> = {
  live: 'Live',
  connecting: 'Connecting…',
  offline: 'Offline, reconnecting…',
};

export function LiveIndicator({ state }: { state: LiveState }) {
  return (
    <span class={`live live-${state}`} role="status" data-live={state} title="Live updates from the server">
      <span class="dot" aria-hidden="true" />
      {LIVE_TEXT[state]}
    </span>
  );
}

export function Toasts({ toasts, onDismiss }: { toasts: readonly Toast[]; onDismiss: (id: number) => void }) {
  return (
    <div class="toasts" aria-live="assertive">
      {toasts.map((t) => (
        <div key={t.id} class={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'}>
          <span>{t.message}</span>
          <button type="button" class="icon" aria-label="Dismiss" onClick={() => onDismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

/** A visually hidden label's text, read by screen readers. */
export const Hidden = ({ children }: { children: ComponentChildren }) => <span class="sr-only">{children}</span>;

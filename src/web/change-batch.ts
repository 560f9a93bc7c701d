/** What a batch of live changes is applied with. */
export interface BatchTarget {
  /** False while the board is (re)loading: the batch waits, and `poke` is called when it is done. */
  readonly ready: () => boolean;
  /** Fetches one ticket again and puts it where it now belongs; false: try again later. */
  readonly refresh: (id: string) => Promise<boolean>;
  /** Reloads every card (cheaper than many single fetches). */
  readonly reload: () => Promise<void>;
  readonly applied: (ids: ReadonlySet<string>) => void;
}

/** Past this many changed tickets in one batch, reloading the board is cheaper than one fetch each. */
const RELOAD_AFTER = 20;
/** Fetches in flight at once: the board shares the server's rate limit with the agents beside it. */
const PARALLEL = 6;
const WAIT_MS = 50;
const RETRY_MS = 1000;

/**
 * Collects the tickets live events name for a moment, so a burst of changes (an agent editing
 * five fields, a batch move) costs one fetch per ticket, or one reload, rather than one per event.
 */
export class ChangeBatch {
  private readonly queued = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly target: BatchTarget) {}

  add(id: string): void {
    this.queued.add(id);
    this.poke();
  }

  /** Applies what is queued soon (after a load, what arrived meanwhile). */
  poke(delay = WAIT_MS): void {
    if (this.queued.size && !this.timer) this.timer = setTimeout(() => void this.flush(), delay);
  }

  clear(): void {
    this.queued.clear();
  }

  private async flush(): Promise<void> {
    this.timer = null;
    if (!this.target.ready()) return;
    const ids = new Set(this.queued);
    this.queued.clear();
    if (!ids.size) return;
    if (ids.size > RELOAD_AFTER) await this.target.reload();
    else {
      const todo = [...ids];
      const later: string[] = [];
      const worker = async () => {
        for (let id = todo.shift(); id !== undefined; id = todo.shift()) {
          if (!(await this.target.refresh(id))) later.push(id);
        }
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL, todo.length) }, worker));
      for (const id of later) this.queued.add(id);
      if (later.length) this.poke(RETRY_MS);
    }
    this.target.applied(ids);
  }
}

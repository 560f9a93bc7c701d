import { allPages, ApiError, authHeaders, messageOf, projectPath, request } from './api.js';
import { ChangeBatch } from './change-batch.js';
import { matchesFilters } from './columns.js';
import { type BoardState, initialState, type Toast } from './board-state.js';
import { LiveStream } from './live.js';
import type { Milestone } from './planning.js';
import { type Filters, filterQuery, formatRoute, parseRoute, type Route } from './route.js';
import type {
  BoardCounts,
  Category,
  ChangeEvent,
  Entity,
  Items,
  Project,
  ProjectWithSchema,
  Ticket,
  Workflow,
} from './types.js';

export type { BoardState, Toast } from './board-state.js';

/** The project whose display ids look like `ticket` (`ACME-7`: prefix `ACME-`, then a number). */
const ownerOf = (projects: readonly Project[], ticket: string): Project | undefined =>
  projects
    .filter((p) => {
      const prefix = p.prefix.toUpperCase();
      return prefix !== '' && ticket.toUpperCase().startsWith(prefix) && /^\d+$/.test(ticket.slice(prefix.length));
    })
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];

/** Most open cards the board loads (pages of 500); past it the board says so and suggests filters. */
const MAX_PAGES = 20;

/**
 * The board's state and everything that changes it: what the URL asks for, the project's data
 * from the REST API, and the live stream. Views read `state` and call these methods; nothing else
 * talks to the server.
 */
export class BoardStore {
  state: BoardState = initialState(parseRoute(location.search));
  private readonly listeners = new Set<() => void>();
  private stream: LiveStream | null = null;
  private loadController: AbortController | null = null;
  private readonly batch = new ChangeBatch({
    ready: () => !this.loadController && this.state.loaded,
    refresh: (id) => this.refresh(id),
    reload: () => this.loadTickets(),
    applied: (ids) => {
      this.set({ changed: { seq: this.state.changed.seq + 1, ids } });
      this.refreshCounts();
    },
  });
  private countsTimer: ReturnType<typeof setTimeout> | null = null;
  /** Tickets a live change touched while their move was on its way: refreshed when it lands. */
  readonly stale = new Set<string>();
  private toastId = 0;

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(patch: Partial<BoardState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  get key(): string {
    return this.state.project?.key ?? '';
  }

  /** The project's estimate unit (`points` or `hours`), from its schema or, from older servers, its milestones. */
  get estimateUnit(): string {
    return this.state.project?.schema.options?.estimate_unit ?? this.state.milestones[0]?.estimate.unit ?? 'points';
  }

  workflow(type: string): Workflow | undefined {
    return this.state.project?.schema.types.find((w) => w.type === type);
  }

  isTerminal(t: Pick<Ticket, 'type' | 'status'>): boolean {
    return this.workflow(t.type)?.terminal.includes(t.status) ?? false;
  }

  async start(): Promise<void> {
    addEventListener('popstate', () => this.follow(parseRoute(location.search)));
    await this.loadProjects();
  }

  async loadProjects(): Promise<void> {
    try {
      const { items } = await request<Items<Project>>('GET', '/projects');
      this.set({ projects: items, fatal: null });
      const { project: wanted, ticket } = this.state.route;
      const remembered = localStorage.getItem('docket.project');
      const pick =
        items.find((p) => p.key === wanted) ??
        (wanted
          ? undefined
          : (ticket && ownerOf(items, ticket)) || items.find((p) => p.key === remembered) || items[0]);
      if (wanted && !pick) {
        this.set({
          fatal: {
            code: 'not_found',
            message: `there is no project '${wanted}' here (or this token does not reach it)`,
          },
        });
        return;
      }
      // Opening the first project is no switch: the URL's ticket, search and filters stay.
      if (pick) this.navigate({ project: pick.key, filters: this.state.route.filters }, true);
    } catch (e) {
      this.set({ fatal: { code: e instanceof ApiError ? e.code : 'error', message: messageOf(e) } });
    }
  }

  /** Changes what is shown and records it in the URL (a new history entry unless `replace`). */
  navigate(patch: Partial<Route>, replace = false): void {
    const next: Route = { ...this.state.route, ...patch };
    if (patch.project !== undefined && patch.project !== this.state.route.project && !('filters' in patch)) {
      Object.assign(next, { filters: {}, ticket: null, q: '' });
    }
    const url = formatRoute(next);
    if (url !== location.search) history[replace ? 'replaceState' : 'pushState'](null, '', url);
    this.follow(next);
  }

  private follow(route: Route): void {
    const before = this.state.route;
    this.set({ route });
    if (route.project && (route.project !== this.key || !this.state.project)) void this.openProject(route.project);
    else if (JSON.stringify(route.filters) !== JSON.stringify(before.filters)) void this.loadTickets();
  }

  private async openProject(key: string): Promise<void> {
    this.stream?.stop();
    this.loadController?.abort();
    this.batch.clear();
    this.set({
      project: null,
      tickets: new Map(),
      loaded: false,
      counts: null,
      unfolded: new Set(),
      fatal: null,
      activity: [],
    });
    try {
      const project = await request<ProjectWithSchema>('GET', projectPath(key));
      if (this.state.route.project !== key) return;
      localStorage.setItem('docket.project', project.key);
      this.set({ project });
      void this.loadLookups();
    } catch (e) {
      this.set({ fatal: { code: e instanceof ApiError ? e.code : 'error', message: messageOf(e) } });
      return;
    }
    let started = false;
    const load = () => {
      started = true;
      void this.loadTickets();
    };
    // The cards are loaded once the stream is open, so no change can slip between the two; a
    // stream that does not open soon must not hold the board back.
    const fallback = setTimeout(() => started || load(), 1500);
    this.stream = new LiveStream({
      url: projectPath(key, 'events'),
      headers: authHeaders,
      onEvent: (e) => this.onEvent(e),
      onState: (live) => {
        this.set({ live });
        if (live === 'offline' && !started) load();
      },
      onOpen: (resumed) => {
        clearTimeout(fallback);
        // A stream that could not resume starts at "now": what changed meanwhile needs a reload.
        if (!started || !resumed) load();
      },
    });
    this.stream.start();
  }

  async loadLookups(): Promise<void> {
    const key = this.key;
    const [entities, categories, labels, milestones] = await Promise.all([
      request<Items<Entity>>('GET', projectPath(key, 'entities')).catch(() => ({ items: [] })),
      request<Items<Category>>('GET', projectPath(key, 'categories')).catch(() => ({ items: [] })),
      request<Items<{ label: string }>>('GET', projectPath(key, 'tickets', 'labels')).catch(() => ({ items: [] })),
      request<Items<Milestone>>('GET', projectPath(key, 'milestones'), { query: { state: 'all' } }).catch(() => ({
        items: [],
      })),
    ]);
    if (key !== this.key) return;
    this.set({
      entities: entities.items,
      categories: categories.items,
      labels: labels.items.map((l) => l.label),
      milestones: milestones.items,
    });
  }

  async reloadSchema(): Promise<void> {
    const project = await request<ProjectWithSchema>('GET', projectPath(this.key)).catch(() => null);
    if (project && project.key === this.key) this.set({ project });
  }

  /** All open cards that pass the filters, the unfolded terminal columns, and the column counts. */
  async loadTickets(): Promise<void> {
    const key = this.key;
    if (!key) return;
    this.loadController?.abort();
    const controller = new AbortController();
    this.loadController = controller;
    const filters = this.state.route.filters;
    try {
      const [open, ...terminal] = await Promise.all([
        allPages<Ticket>(
          projectPath(key, 'tickets'),
          { ...filterQuery(filters), state: 'open', limit: 500 },
          MAX_PAGES,
          controller.signal,
        ),
        ...[...this.state.unfolded].map((column) => this.fetchColumn(column, filters, controller.signal)),
      ]);
      const tickets = new Map<string, Ticket>();
      for (const t of [...open!.items, ...terminal.flat()]) tickets.set(t.id, t);
      if (controller !== this.loadController) return;
      this.set({ tickets, loaded: true, truncated: !open!.complete });
      this.refreshCounts(0);
    } catch (e) {
      if (controller === this.loadController && !(e instanceof DOMException)) this.toast(messageOf(e));
    } finally {
      if (controller === this.loadController) this.loadController = null;
    }
    this.batch.poke();
  }

  /** The 50 most recent cards of a terminal column (`type/status`). */
  private async fetchColumn(column: string, filters: Filters, signal?: AbortSignal): Promise<Ticket[]> {
    const [type, status] = column.split('/') as [string, string];
    if (filters.type && filters.type !== type) return [];
    const res = await request<Items<Ticket>>('GET', projectPath(this.key, 'tickets'), {
      query: { ...filterQuery(filters), type, status, order: 'desc', limit: 50 },
      ...(signal ? { signal } : {}),
    });
    return [...res.items];
  }

  async toggleColumn(type: string, status: string): Promise<void> {
    const column = `${type}/${status}`;
    const unfolded = new Set(this.state.unfolded);
    if (unfolded.delete(column)) {
      const tickets = new Map([...this.state.tickets].filter(([, t]) => t.type !== type || t.status !== status));
      this.set({ unfolded, tickets });
      return;
    }
    unfolded.add(column);
    this.set({ unfolded });
    try {
      const cards = await this.fetchColumn(column, this.state.route.filters);
      if (!this.state.unfolded.has(column)) return;
      const tickets = new Map(this.state.tickets);
      for (const t of cards) tickets.set(t.id, t);
      this.set({ tickets });
    } catch (e) {
      this.toast(messageOf(e));
    }
  }

  refreshCounts(delay = 400): void {
    if (this.countsTimer) clearTimeout(this.countsTimer);
    this.countsTimer = setTimeout(async () => {
      const key = this.key;
      const counts = await request<BoardCounts>('GET', projectPath(key, 'tickets', 'board')).catch(() => null);
      if (counts && key === this.key) this.set({ counts });
    }, delay);
  }

  /** Puts a fresh copy of a ticket on the board, or takes it off when it no longer belongs there. */
  upsert(t: Ticket): void {
    const tickets = new Map(this.state.tickets);
    const shown = this.isTerminal(t) ? this.state.unfolded.has(`${t.type}/${t.status}`) : true;
    if (shown && matchesFilters(t, this.state.route.filters)) tickets.set(t.id, t);
    else tickets.delete(t.id);
    this.set({ tickets });
  }

  private remove(id: string): void {
    const tickets = new Map(this.state.tickets);
    if (tickets.delete(id)) this.set({ tickets });
  }

  private onEvent(e: ChangeEvent): void {
    if (e.project !== this.key) return;
    if (!this.state.activity.some((a) => a.id === e.id))
      this.set({ activity: [e, ...this.state.activity].slice(0, 30) });
    if (e.ticket && e.kind.startsWith('ticket.')) {
      this.batch.add(e.ticket);
    } else if (e.kind === 'project.changed') void this.reloadSchema();
    else if (e.kind === 'entity.changed' || e.kind === 'category.changed' || e.kind === 'milestone.changed')
      void this.loadLookups();
  }

  /** Fetches one ticket again; false when the server asked to slow down (try again later). */
  async refresh(id: string): Promise<boolean> {
    if (this.state.pending.has(id)) {
      this.stale.add(id);
      return true;
    }
    try {
      this.upsert(await request<Ticket>('GET', projectPath(this.key, 'tickets', id)));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) this.remove(id);
      if (e instanceof ApiError && (e.status === 429 || e.status === 0)) return false;
    }
    return true;
  }

  toast(message: string, kind: Toast['kind'] = 'error'): void {
    const id = ++this.toastId;
    this.set({ toasts: [...this.state.toasts, { id, message, kind }].slice(-4) });
    setTimeout(() => this.dismiss(id), kind === 'error' ? 10_000 : 4_000);
  }

  dismiss(id: number): void {
    this.set({ toasts: this.state.toasts.filter((t) => t.id !== id) });
  }
}

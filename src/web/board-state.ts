import type { LiveState } from './live.js';
import type { Milestone } from './planning.js';
import type { Route } from './route.js';
import type { BoardCounts, Category, ChangeEvent, Entity, Project, ProjectWithSchema, Ticket } from './types.js';

export interface Toast {
  readonly id: number;
  readonly message: string;
  readonly kind: 'error' | 'info';
}

export interface BoardState {
  readonly route: Route;
  readonly projects: readonly Project[] | null;
  readonly project: ProjectWithSchema | null;
  readonly entities: readonly Entity[];
  readonly categories: readonly Category[];
  readonly labels: readonly string[];
  /** Open ones first (by due date), then closed ones, as the API lists them. */
  readonly milestones: readonly Milestone[];
  /** Open tickets that pass the filters, and the cards of unfolded terminal columns. */
  readonly tickets: ReadonlyMap<string, Ticket>;
  /** False while the first page of cards is on its way, and when more than we load exist. */
  readonly loaded: boolean;
  readonly truncated: boolean;
  readonly counts: BoardCounts | null;
  /** Terminal columns shown open (`type/status`); the rest are folded. */
  readonly unfolded: ReadonlySet<string>;
  readonly live: LiveState;
  /** Why the board cannot show anything (no access, no server), with the server's words. */
  readonly fatal: { readonly code: string; readonly message: string } | null;
  readonly toasts: readonly Toast[];
  /** Tickets with a move on its way to the server. */
  readonly pending: ReadonlySet<string>;
  /** Bumped after each batch of live changes, with the tickets they touched. */
  readonly changed: { readonly seq: number; readonly ids: ReadonlySet<string> };
  /** The project's changes seen on the live stream, newest first (the summary's activity feed). */
  readonly activity: readonly ChangeEvent[];
}

export const initialState = (route: Route): BoardState => ({
  route,
  projects: null,
  project: null,
  entities: [],
  categories: [],
  labels: [],
  milestones: [],
  tickets: new Map(),
  loaded: false,
  truncated: false,
  counts: null,
  unfolded: new Set(),
  live: 'connecting',
  fatal: null,
  toasts: [],
  pending: new Set(),
  changed: { seq: 0, ids: new Set() },
  activity: [],
});

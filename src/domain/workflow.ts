import { DocketError, invalid } from './errors.js';

/** One ticket type's state machine. States are listed in workflow order (the board's column order). */
export interface Workflow {
  readonly type: string;
  readonly states: readonly string[];
  readonly initial: string;
  readonly terminal: readonly string[];
  readonly transitions: readonly (readonly [from: string, to: string])[];
  /** The state `claim` moves a ticket into; a type without one is claimed by assignment alone. */
  readonly work?: string;
}

/** Terminal states that mean "finished well"; `close` prefers them when several are equally near. */
export const POSITIVE_TERMINALS: readonly string[] = ['done', 'resolved', 'shipped', 'decided', 'closed', 'completed'];

/** State names that mean the work is over; used to infer terminal states when a file does not list them. */
export const FINISHED_NAMES: readonly string[] = [
  ...POSITIVE_TERMINALS,
  'complete',
  'finished',
  'cancelled',
  'canceled',
  'wont_fix',
  'wontfix',
  'rejected',
  'deferred',
  'duplicate',
  'archived',
  'abandoned',
  'obsolete',
  'invalid',
];

/**
 * Terminal states for a workflow that does not list them (BlinkDesk files never do): states with no
 * transition out, plus states named like `closed`, `done` or `wont_fix`, so that a workflow with a
 * reopen edge (closed -> open) still has somewhere to close to. The initial state is never terminal.
 */
export function inferTerminal(
  states: readonly string[],
  transitions: readonly (readonly [string, string])[],
  initial: string,
): string[] {
  const finished = (s: string) => FINISHED_NAMES.includes(s.replace(/[-\s]+/g, '_'));
  const deadEnd = (s: string) => !transitions.some(([from]) => from === s);
  return states.filter((s) => s !== initial && (deadEnd(s) || finished(s)));
}

/** State names that mean someone is working on it; `claim` moves there when a file names no work state. */
export const WORK_NAMES: readonly string[] = ['in_progress', 'doing', 'wip', 'started', 'active', 'working'];

/** The first open, non-initial state named like work (`in_progress`, `doing`, …), if any. */
export function inferWork(states: readonly string[], terminal: readonly string[], initial: string): string | undefined {
  return states.find((s) => s !== initial && !terminal.includes(s) && WORK_NAMES.includes(s.replace(/[-\s]+/g, '_')));
}

export function isTerminal(wf: Workflow, status: string): boolean {
  return wf.terminal.includes(status);
}

/** Legal next states from `status`, in workflow order (never `status` itself: a move goes somewhere). */
export function targetsFrom(wf: Workflow, status: string): string[] {
  const next = new Set(wf.transitions.filter(([from]) => from === status).map(([, to]) => to));
  return wf.states.filter((s) => s !== status && next.has(s));
}

export function assertMove(wf: Workflow, from: string, to: string): void {
  if (!wf.states.includes(to)) {
    throw new DocketError('invalid_transition', `'${to}' is not a ${wf.type} state; states: ${wf.states.join(', ')}`, {
      from,
      to,
      allowed: targetsFrom(wf, from),
    });
  }
  const allowed = targetsFrom(wf, from);
  if (!allowed.includes(to)) {
    const hint = allowed.length ? `legal targets: ${allowed.join(', ')}` : 'no move is possible from here';
    const what = from === to ? `already ${to}` : `cannot move a ${wf.type} from ${from} to ${to}`;
    throw new DocketError('invalid_transition', `${what}; ${hint}`, { from, to, allowed });
  }
}

/**
 * Shortest path (excluding `from`) to any of `goals`; among equally short paths the goal that comes
 * first in `preference` wins, then workflow order. Undefined when no goal is reachable.
 */
export function shortestPath(
  wf: Workflow,
  from: string,
  goals: readonly string[],
  preference: readonly string[] = [],
): string[] | undefined {
  const parent = new Map<string, string>([[from, from]]);
  const queue = [from];
  const found: string[] = [];
  let frontier = [from];
  while (frontier.length && !found.length) {
    const next: string[] = [];
    for (const state of frontier) {
      for (const to of targetsFrom(wf, state)) {
        if (parent.has(to)) continue;
        parent.set(to, state);
        next.push(to);
        queue.push(to);
        if (goals.includes(to)) found.push(to);
      }
    }
    frontier = next;
  }
  if (!found.length) return undefined;
  const rank = (s: string) => {
    const p = preference.indexOf(s);
    return p === -1 ? preference.length + wf.states.indexOf(s) : p;
  };
  const goal = found.sort((a, b) => rank(a) - rank(b))[0]!;
  const path = [goal];
  for (let s = parent.get(goal)!; s !== from; s = parent.get(s)!) path.unshift(s);
  return path;
}

/** The walk `close` takes: to `resolution` if given, else to the nearest terminal, preferring positive ones. */
export function closePath(wf: Workflow, from: string, resolution?: string): string[] {
  if (isTerminal(wf, from)) return [];
  if (resolution !== undefined && !isTerminal(wf, resolution)) {
    throw invalid(
      `resolution '${resolution}' is not a terminal ${wf.type} state; use one of: ${wf.terminal.join(', ')}`,
      {
        field: 'resolution',
        allowed: wf.terminal,
      },
    );
  }
  const goals = resolution !== undefined ? [resolution] : wf.terminal;
  const path = shortestPath(wf, from, goals, POSITIVE_TERMINALS);
  if (!path) {
    throw new DocketError(
      'invalid_transition',
      `no path from ${from} to ${resolution ?? 'a terminal state'} in the ${wf.type} workflow`,
      { from, allowed: targetsFrom(wf, from) },
    );
  }
  return path;
}

/** The walk `reopen` takes: back to the nearest open state, preferring the initial one. */
export function reopenPath(wf: Workflow, from: string): string[] {
  if (!isTerminal(wf, from)) return [];
  const open = wf.states.filter((s) => !isTerminal(wf, s));
  const path = shortestPath(wf, from, open, [wf.initial]);
  if (!path) {
    throw new DocketError(
      'invalid_transition',
      `a ${wf.type} in ${from} cannot be reopened: the workflow has no way back`,
      {
        from,
        allowed: [],
      },
    );
  }
  return path;
}

/** The walk `claim` takes into the type's work state ([] when there is none or the ticket is there). */
export function workPath(wf: Workflow, from: string): string[] {
  if (wf.work === undefined || from === wf.work) return [];
  const path = shortestPath(wf, from, [wf.work]);
  if (!path) {
    throw new DocketError('invalid_transition', `a ${wf.type} in ${from} cannot be claimed: no path to ${wf.work}`, {
      from,
      allowed: targetsFrom(wf, from),
    });
  }
  return path;
}

/** Problems with a workflow definition, each naming the key at fault; empty when it is sound. */
export function workflowProblems(wf: Workflow, key: string): string[] {
  const problems: string[] = [];
  const known = new Set(wf.states);
  if (!wf.states.length) problems.push(`${key}.states must be a non-empty list`);
  if (known.size !== wf.states.length) problems.push(`${key}.states lists a state twice`);
  if (!known.has(wf.initial)) problems.push(`${key}.initial: unknown state '${wf.initial}'`);
  for (const t of wf.terminal) if (!known.has(t)) problems.push(`${key}.terminal: unknown state '${t}'`);
  if (wf.terminal.includes(wf.initial)) problems.push(`${key}.initial '${wf.initial}' cannot be terminal`);
  if (wf.work !== undefined) {
    if (!known.has(wf.work)) problems.push(`${key}.work: unknown state '${wf.work}'`);
    else if (wf.terminal.includes(wf.work)) problems.push(`${key}.work '${wf.work}' cannot be terminal`);
  }
  wf.transitions.forEach(([from, to], i) => {
    for (const s of [from, to]) {
      if (!known.has(s)) problems.push(`${key}.transitions[${i}]: transition references unknown state: ${s}`);
    }
    if (from === to) problems.push(`${key}.transitions[${i}]: a state cannot transition to itself (${from})`);
  });
  return problems;
}

const t = (pairs: string): [string, string][] =>
  pairs.split(',').map((p) => {
    const [from, to] = p.trim().split('>');
    return [from!, to!];
  });

/** The default preset: stompy-ticketing's four state machines, reopen edges included. */
export const DEFAULT_WORKFLOWS: readonly Workflow[] = [
  {
    type: 'task',
    states: ['backlog', 'in_progress', 'done', 'cancelled'],
    initial: 'backlog',
    terminal: ['done', 'cancelled'],
    work: 'in_progress',
    transitions: t(
      'backlog>in_progress, backlog>done, backlog>cancelled, in_progress>done, in_progress>cancelled, done>backlog, cancelled>backlog',
    ),
  },
  {
    type: 'bug',
    states: ['triage', 'confirmed', 'in_progress', 'resolved', 'wont_fix'],
    initial: 'triage',
    terminal: ['resolved', 'wont_fix'],
    work: 'in_progress',
    transitions: t(
      'triage>confirmed, triage>wont_fix, confirmed>in_progress, in_progress>resolved, in_progress>wont_fix, resolved>triage, wont_fix>triage',
    ),
  },
  {
    type: 'feature',
    states: ['proposed', 'approved', 'in_progress', 'shipped', 'rejected'],
    initial: 'proposed',
    terminal: ['shipped', 'rejected'],
    work: 'in_progress',
    transitions: t(
      'proposed>approved, proposed>rejected, approved>in_progress, in_progress>shipped, in_progress>rejected, shipped>proposed, rejected>proposed',
    ),
  },
  {
    type: 'decision',
    states: ['open', 'decided', 'deferred'],
    initial: 'open',
    terminal: ['decided', 'deferred'],
    transitions: t('open>decided, open>deferred, decided>open, deferred>open'),
  },
];

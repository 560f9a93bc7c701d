import { Corpus, Rng } from './corpus.js';

/** Who works on the benchmark project: a dozen people and eight agents, some much busier than others. */
export const PEOPLE = [
  'alice',
  'bob',
  'carol',
  'dmitri',
  'erin',
  'farah',
  'gus',
  'hana',
  'ivan',
  'jules',
  'kemal',
  'lena',
];
export const AGENTS = [
  'agent-ada',
  'agent-bo',
  'agent-cy',
  'agent-di',
  'agent-ed',
  'agent-fi',
  'agent-gil',
  'agent-hal',
];
export const ENTITIES = [...PEOPLE, ...AGENTS];
export const CATEGORIES = [
  'auth',
  'billing',
  'search',
  'reporting',
  'onboarding',
  'integrations',
  'platform',
  'mobile',
];
export const LABELS = [
  'backend',
  'frontend',
  'api',
  'db',
  'infra',
  'security',
  'perf',
  'ux',
  'docs',
  'flaky',
  'regression',
  'good-first-issue',
  'customer',
  'mobile',
  'tech-debt',
];

/** A label on about one ticket in 500, to exercise filters on rare values. */
export const RARE_LABEL = 'security-review';

const TYPES = [
  ['task', 45],
  ['bug', 30],
  ['feature', 15],
  ['decision', 10],
] as const;
const PRIORITIES = [
  ['urgent', 5],
  ['high', 20],
  ['medium', 45],
  ['low', 20],
  ['none', 10],
] as const;
/** Open states per type, weighted; closing picks a terminal state instead. */
export const OPEN_STATES: Readonly<Record<string, readonly (readonly [string, number])[]>> = {
  task: [
    ['backlog', 60],
    ['in_progress', 40],
  ],
  bug: [
    ['triage', 30],
    ['confirmed', 30],
    ['in_progress', 40],
  ],
  feature: [
    ['proposed', 40],
    ['approved', 30],
    ['in_progress', 30],
  ],
  decision: [['open', 1]],
};
export const CLOSED_STATES: Readonly<Record<string, readonly (readonly [string, number])[]>> = {
  task: [
    ['done', 85],
    ['cancelled', 15],
  ],
  bug: [
    ['resolved', 80],
    ['wont_fix', 20],
  ],
  feature: [
    ['shipped', 75],
    ['rejected', 25],
  ],
  decision: [
    ['decided', 85],
    ['deferred', 15],
  ],
};

/** The fields a caller gives to `create`, drawn from the dataset's distributions. */
export interface Draft {
  readonly type: string;
  readonly title: string;
  readonly description: string;
  readonly priority: string;
  readonly assignee: string | null;
  readonly category: string | null;
  readonly labels: string[];
}

export class Drafts {
  readonly rng: Rng;
  readonly corpus: Corpus;
  private readonly busy: (readonly [string, number])[];

  constructor(seed: number) {
    this.rng = new Rng(seed);
    this.corpus = new Corpus(this.rng);
    this.busy = ENTITIES.map((e, i) => [e, 1 / (1 + i * 0.3)] as const);
  }

  assignee(): string {
    return this.rng.weighted(this.busy);
  }

  /** A new ticket; `assigned` is the chance that it has an assignee. */
  draft(assigned = 0.6): Draft {
    const r = this.rng;
    const labels = new Set<string>();
    const nLabels = r.weighted([
      [0, 40],
      [1, 35],
      [2, 18],
      [3, 7],
    ] as const);
    while (labels.size < nLabels) labels.add(r.pick(LABELS));
    if (r.chance(0.002)) labels.add(RARE_LABEL);
    return {
      type: r.weighted(TYPES),
      title: this.corpus.title(),
      description: this.corpus.description(),
      priority: r.weighted(PRIORITIES),
      assignee: r.chance(assigned) ? this.assignee() : null,
      category: r.chance(0.8) ? r.pick(CATEGORIES) : null,
      labels: [...labels].sort(),
    };
  }
}

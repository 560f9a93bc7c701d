import { DocketError } from '../../../domain/errors.js';

/** The trackers Docket imports from (besides BlinkDesk databases and its own exports). */
export const IMPORT_KINDS = ['github', 'linear', 'jira', 'beads', 'backlog', 'taskmaster'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/**
 * What a source's status says about the work, read from the source itself (GitHub's closed state and
 * reason, Linear's completed and canceled times, Jira's status category, Backlog.md's status order…).
 * The default mapping turns it into a state of the target workflow; an item without one has a status
 * nothing maps by default, and stays unmapped until a rule maps it.
 */
export type StatusCategory = 'todo' | 'started' | 'done' | 'cancelled';

export interface ImportComment {
  readonly author: string | null;
  readonly body: string;
  /** Epoch milliseconds; null when the source gives no time. */
  readonly at: number | null;
}

/**
 * One ticket as a source has it, in one neutral shape: every value is the source's own (its status,
 * type and priority names, its people's names), so the mapping step decides what they become. Absent
 * values are null; times are epoch milliseconds; references to other items are their `externalId`s.
 */
export interface ImportItem {
  /** The source's id for it (`acme/web#12`, `ENG-12`, `PROJ-3`, `bd-a1b2`, `TASK-2`, `master:3.1`). */
  readonly externalId: string;
  readonly url: string | null;
  readonly title: string;
  readonly description: string;
  /** The source's status name, as written (`In Progress`, `open`, `closed/not_planned`). */
  readonly status: string;
  readonly statusCategory: StatusCategory | null;
  readonly type: string | null;
  readonly priority: string | null;
  readonly labels: readonly string[];
  /** Everyone assigned, first first; Docket keeps one assignee, the rest are reported. */
  readonly assignees: readonly string[];
  readonly author: string | null;
  readonly createdAt: number | null;
  readonly updatedAt: number | null;
  readonly closedAt: number | null;
  /** `YYYY-MM-DD`. */
  readonly dueDate: string | null;
  readonly estimate: number | null;
  /** What `estimate` counts: story points, minutes… */
  readonly estimateUnit: string | null;
  readonly milestone: string | null;
  readonly parent: string | null;
  readonly blockedBy: readonly string[];
  /** Items this one blocks (sources that record the link on the blocker's side). */
  readonly blocks: readonly string[];
  readonly related: readonly string[];
  /** The item this one duplicates. */
  readonly duplicateOf: string | null;
  readonly comments: readonly ImportComment[];
  /** Archived in the source (Backlog.md's archive, Linear's Archived time): dropped unless asked for. */
  readonly archived: boolean;
  /** Where it was read: `line 12`, `tasks/task-2 - Login-page.md`. */
  readonly origin: string;
  /** Source fields worth keeping that Docket has no place for yet (project, cycle, sprint, tag…). */
  readonly extra: Readonly<Record<string, unknown>>;
}

/** A record the parser could not read and, with `skipBad`, left out. */
export interface SkippedRecord {
  readonly origin: string;
  readonly reason: string;
}

/** A record that is deliberately not a ticket (a pull request, a beads memory). */
export interface OmittedRecord {
  readonly externalId: string | null;
  readonly origin: string;
  readonly reason: string;
}

export interface ParseResult {
  readonly kind: ImportKind;
  readonly items: readonly ImportItem[];
  readonly skipped: readonly SkippedRecord[];
  readonly omitted: readonly OmittedRecord[];
  /** Things read but not kept exactly (an unknown link type, a date without a zone…). */
  readonly notes: readonly string[];
}

export interface ParseOptions {
  /** Leave out (and list) records that cannot be read instead of refusing the file. */
  readonly skipBad?: boolean;
  /** GitHub: import pull requests too (skipped and listed otherwise). */
  readonly includePullRequests?: boolean;
  /** Jira and Linear: the site, to make each item's URL (`https://acme.atlassian.net`). */
  readonly baseUrl?: string;
  /** Named in error messages (`issues.csv line 4: …`). */
  readonly sourceName?: string;
}

/** A defaulted item: the parsers fill what they know over this. */
export function blankItem(externalId: string, origin: string): ImportItem {
  return {
    externalId,
    url: null,
    title: '',
    description: '',
    status: '',
    statusCategory: null,
    type: null,
    priority: null,
    labels: [],
    assignees: [],
    author: null,
    createdAt: null,
    updatedAt: null,
    closedAt: null,
    dueDate: null,
    estimate: null,
    estimateUnit: null,
    milestone: null,
    parent: null,
    blockedBy: [],
    blocks: [],
    related: [],
    duplicateOf: null,
    comments: [],
    archived: false,
    origin,
    extra: {},
  };
}

/** A record that cannot be read; `origin` says where (`line 7`, a file name). */
export class BadRecord extends Error {
  constructor(
    readonly origin: string,
    readonly reason: string,
  ) {
    super(`${origin}: ${reason}`);
  }
}

/** The error a face shows for an unreadable record: code `validation`, with the place in `details`. */
export function badInput(kind: ImportKind, bad: BadRecord, sourceName?: string): DocketError {
  const where = sourceName ? `${sourceName} ${bad.origin}` : bad.origin;
  return new DocketError(
    'validation',
    `${kind}: ${where}: ${bad.reason} (fix the record, or pass skipBad / --skip-bad to leave it out)`,
    { kind, origin: bad.origin, reason: bad.reason },
  );
}

/**
 * Collects items, refusing the file at the first bad record, or with `skipBad` listing it and going on.
 * Every parser reads its records through one of these so the rule is the same everywhere.
 */
export class ItemCollector {
  readonly items: ImportItem[] = [];
  readonly skipped: SkippedRecord[] = [];
  readonly omitted: OmittedRecord[] = [];
  readonly notes: string[] = [];

  constructor(
    readonly kind: ImportKind,
    private readonly options: ParseOptions,
  ) {}

  /** Runs `read` for one record; a BadRecord it throws refuses the file or, with skipBad, is listed. */
  record<T>(read: () => T): T | undefined {
    try {
      return read();
    } catch (e) {
      if (!(e instanceof BadRecord)) throw e;
      this.bad(e);
      return undefined;
    }
  }

  bad(e: BadRecord): void {
    if (!this.options.skipBad) throw badInput(this.kind, e, this.options.sourceName);
    this.skipped.push({ origin: e.origin, reason: e.reason });
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  result(items: readonly ImportItem[] = this.items): ParseResult {
    return { kind: this.kind, items, skipped: this.skipped, omitted: this.omitted, notes: this.notes };
  }
}

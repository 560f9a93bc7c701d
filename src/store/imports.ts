/**
 * Where imported tickets came from: per project, each source item (its tracker kind and the id it
 * has there) and the ticket it became, so that importing the same source again updates those tickets
 * instead of adding new ones. `hash` fingerprints what the last import wrote, so an unchanged item is
 * told apart without reading its ticket. (Git references of commits and branches are another part.)
 */

/** One source item and its ticket. */
export interface ImportRef {
  readonly projectId: number;
  /** The tracker it came from: `github`, `linear`, `jira`, `beads`, `backlog`, `taskmaster`. */
  readonly source: string;
  /** The item's id in that tracker (`acme/web#12`, `ENG-12`). */
  readonly externalId: string;
  readonly url: string | null;
  readonly ticketId: number;
  readonly hash: string;
  /** When an import last wrote it. */
  readonly at: number;
}

/** A project's import reference as `find` returns it. */
export type FoundImportRef = Omit<ImportRef, 'projectId' | 'source'>;

/** An import reference as exported, its ticket by number. */
export interface ImportRefRow {
  readonly source: string;
  readonly externalId: string;
  readonly url: string | null;
  readonly ticketNumber: number;
  readonly hash: string;
  readonly at: number;
}

/** A position in a project's references, which page in (source, externalId) order. */
export interface ImportRefKey {
  readonly source: string;
  readonly externalId: string;
}

export interface ImportsReader {
  /** The references among `externalIds` that the project has from `source` (any order). */
  find(projectId: number, source: string, externalIds: readonly string[]): Promise<FoundImportRef[]>;
  /** A ticket's references, for showing where it came from. */
  ofTicket(ticketId: number): Promise<ImportRefRow[]>;
  /** A project's references in (source, externalId) order after `after` (null: from the start) (export). */
  page(projectId: number, after: ImportRefKey | null, limit: number): Promise<ImportRefRow[]>;
}

export interface ImportsWriter extends ImportsReader {
  /** Adds the reference, or replaces its url, ticket, hash and time. */
  put(ref: ImportRef): Promise<void>;
}

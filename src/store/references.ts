import type { ReferenceKind } from '../domain/references.js';

/** Commits, branches and pull requests a ticket is referenced by: each once per ticket, by its key. */

export interface ReferenceRecord {
  readonly id: number;
  readonly ticketId: number;
  readonly kind: ReferenceKind;
  /** The commit's full sha, the branch name, or the pull request's URL. */
  readonly key: string;
  readonly subject: string | null;
  readonly author: string | null;
  /** When the commit was made, epoch ms. */
  readonly time: number | null;
  readonly branch: string | null;
  readonly url: string | null;
  readonly createdBy: string | null;
  readonly createdAt: number;
}

export interface NewReference extends Omit<ReferenceRecord, 'id' | 'createdBy' | 'createdAt'> {
  readonly projectId: number;
  readonly actor: string | null;
  readonly at: number;
}

/** A reference as exported, its ticket by number. */
export interface ReferenceRow extends ReferenceRecord {
  readonly ticketNumber: number;
}

export interface ReferencesReader {
  /** A ticket's references, oldest first. */
  of(ticketId: number): Promise<ReferenceRecord[]>;
  /** The ticket's reference with this key. */
  find(ticketId: number, key: string): Promise<ReferenceRecord | undefined>;
  /** A project's references in id order after `afterId` (export). */
  page(projectId: number, afterId: number, limit: number): Promise<ReferenceRow[]>;
}

export interface ReferencesWriter extends ReferencesReader {
  /** Adds a reference; undefined (and nothing written) when the ticket already has one with this key. */
  insert(ref: NewReference): Promise<number | undefined>;
  /** Records that a referenced commit was seen on `branch` (it reached the default branch). */
  setBranch(id: number, branch: string): Promise<void>;
}

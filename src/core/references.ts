import { invalid } from '../domain/errors.js';
import { workflowOf } from '../domain/project-schema.js';
import {
  clip,
  KEY_MAX,
  mentions,
  REFERENCE_KINDS,
  type Reference,
  type ReferenceInput,
  referenceLine,
  SUBJECT_MAX,
} from '../domain/references.js';
import { iso } from '../domain/ticket.js';
import { closePath, isTerminal } from '../domain/workflow.js';
import type { ReferenceRecord, TicketRecord } from '../store/store.js';
import {
  type Change,
  idOf,
  type ProjectWrite,
  projectRead,
  projectWrite,
  record,
  type Scope,
  type TicketRef,
  ticketRead,
  ticketWrite,
} from './context.js';
import { addPullReferences, addReference } from './reference-rows.js';
import { walk } from './tickets.js';

export const toReference = (r: ReferenceRecord): Reference => ({
  kind: r.kind,
  key: r.key,
  subject: r.subject,
  author: r.author,
  time: iso(r.time),
  branch: r.branch,
  url: r.url,
  createdAt: iso(r.createdAt)!,
});

/** Longest closing comment: the commit's message is cut to fit a comment. */
const CLOSING_COMMENT_MAX = 20_000;

function checked(input: ReferenceInput): ReferenceInput {
  if (!(REFERENCE_KINDS as readonly string[]).includes(input.kind)) {
    throw invalid(`reference kind must be one of ${REFERENCE_KINDS.join(', ')}, not '${input.kind}'`, {
      field: 'kind',
    });
  }
  const key = input.key.trim();
  if (!key || key.length > KEY_MAX || key.includes('\0')) {
    throw invalid('a reference needs a key (a commit sha, a branch name or a URL) of at most 2000 characters', {
      field: 'key',
    });
  }
  return { ...input, key, subject: input.subject == null ? null : clip(input.subject, SUBJECT_MAX) };
}

export interface ReferenceResult {
  readonly reference: Reference;
  /** False when the ticket already had a reference with this key (nothing changed). */
  readonly added: boolean;
}

/** Records that a commit, branch or pull request belongs to a ticket; a second call with the same key changes nothing. */
export async function referenceTicket(scope: Scope, ref: TicketRef, raw: ReferenceInput): Promise<ReferenceResult> {
  const input = checked(raw);
  return ticketWrite(scope, ref, { operation: 'reference', operatorRequired: false }, async (w) => {
    const row = await addReference(w, w.t, input);
    if (row) {
      const line = `Referenced ${referenceLine(input)} on ticket ${idOf(w.p, w.t)}`;
      await record(w, { kind: 'ticket.referenced', ticket: w.t, changes: [row], line });
    }
    return { reference: toReference((await w.tx.references.find(w.t.id, input.key))!), added: row !== null };
  });
}

/** A commit as read from git. */
export interface CommitInfo {
  readonly sha: string;
  /** The whole message, subject first. */
  readonly message: string;
  readonly author: string | null;
  /** Epoch ms. */
  readonly time: number | null;
  /** The branch it was made on or seen on; null on a detached HEAD. */
  readonly branch: string | null;
}

export interface CommitOptions {
  /** The commit is on the project's default branch: closing keywords close. */
  readonly landed: boolean;
  /** The default branch's name, recorded on references of commits that reached it. */
  readonly defaultBranch: string;
}

export interface CommitOutcome {
  /** Tickets that got a new reference (to the commit or a pull request it names). */
  readonly referenced: readonly string[];
  /** Tickets the commit closed. */
  readonly closed: readonly string[];
  /** Ids mentioned that are not tickets of this project. */
  readonly unknown: readonly string[];
}

const NOTHING: CommitOutcome = { referenced: [], closed: [], unknown: [] };

/**
 * Records what one commit says about this project's tickets: each ticket it mentions is referenced,
 * with the pull requests it names; when the commit is on the default branch, each ticket after a
 * closing keyword is closed along its shortest path with the commit as the comment. Idempotent: a
 * commit is closed on only the first time it is seen on the default branch, so a second scan (or a
 * ticket reopened since) is left alone.
 */
export async function recordCommit(scope: Scope, commit: CommitInfo, options: CommitOptions): Promise<CommitOutcome> {
  const found = await projectRead(scope, async (_tx, p) => mentions(commit.message, p.prefix));
  if (!found.length) return NOTHING;
  const subject = clip(commit.message.split('\n', 1)[0]!.trim(), SUBJECT_MAX);
  return projectWrite(scope, { operation: 'reference', operatorRequired: false }, async (w) => {
    const referenced: string[] = [];
    const closed: string[] = [];
    const unknown: string[] = [];
    for (const m of found) {
      const t = await w.tx.tickets.get(w.p.rec.id, m.number);
      if (!t) {
        unknown.push(idOf(w.p, m));
        continue;
      }
      const before = await w.tx.references.find(t.id, commit.sha);
      const branch = options.landed ? options.defaultBranch : commit.branch;
      const rows: Change[] = [];
      const row = await addReference(w, t, {
        kind: 'commit',
        key: commit.sha,
        subject,
        author: commit.author,
        time: commit.time,
        branch,
      });
      if (row) rows.push(row);
      rows.push(...(await addPullReferences(w, t, commit.message)));
      if (rows.length) {
        referenced.push(idOf(w.p, t));
        const line = `Referenced commit ${commit.sha.slice(0, 12)} on ticket ${idOf(w.p, t)}`;
        await record(w, { kind: 'ticket.referenced', ticket: t, changes: rows, line });
      }
      const arrives = options.landed && before?.branch !== options.defaultBranch;
      if (before && arrives) await w.tx.references.setBranch(before.id, options.defaultBranch);
      if (m.closes && arrives && (await closeBy(w, (await w.tx.tickets.get(w.p.rec.id, m.number))!, commit))) {
        closed.push(idOf(w.p, t));
      }
    }
    return { referenced, closed, unknown };
  });
}

/** Closes `t` with the commit as the comment; false when it is closed already. */
async function closeBy(w: ProjectWrite, t: TicketRecord, commit: CommitInfo): Promise<boolean> {
  const wf = workflowOf(w.p.schema, t.type);
  if (isTerminal(wf, t.status)) return false;
  const path = closePath(wf, t.status);
  const body = clip(`Closed by commit ${commit.sha.slice(0, 12)}:\n\n${commit.message.trim()}`, CLOSING_COMMENT_MAX);
  await w.tx.activity.addComment({ ticketId: t.id, author: w.actor, body, status: null, at: w.at });
  const comment: Change = { field: 'comment', old: null, new: clip(body, 200) };
  const line = `Closed ticket ${idOf(w.p, t)} by commit ${commit.sha.slice(0, 12)}: ${t.status} -> ${path[path.length - 1]}`;
  await walk({ ...w, t }, { path, kind: 'ticket.moved', line, also: { patch: {}, changes: [comment] } });
  return true;
}

/** A ticket's references, oldest first. */
export function ticketReferences(scope: Scope, ref: TicketRef): Promise<Reference[]> {
  return ticketRead(scope, ref, async (tx, _p, t) => (await tx.references.of(t.id)).map(toReference));
}

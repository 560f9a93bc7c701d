import { UsageError } from '../errors.js';
import { textArg } from '../input.js';
import type { Session } from '../session.js';
import { branchTicket } from '../ticket-branch.js';
import { parseTicketRef } from '../../domain/ticket.js';

const isTicketRef = (text: string, prefix: string) => {
  try {
    parseTicketRef(text, prefix);
    return true;
  } catch {
    return false;
  }
};

export interface CommentOptions {
  readonly message?: string;
  readonly comment?: string;
  readonly status?: string;
}

/** The body from the words after the id, or -m/-c (TEXT, @file or - for stdin). */
export async function commentBody(words: readonly string[], o: CommentOptions): Promise<string> {
  if (words.length) return words.join(' ');
  const body = await textArg(o.message ?? o.comment, 'comment');
  if (body === undefined) throw new UsageError('say what to comment: docket comment ID "text" (or -m TEXT|@file|-)');
  return body;
}

/** `docket comment 42 "Looks like a race"` (with `-s STATUS` to move the ticket in the same change). */
export async function comment(
  s: Session,
  given: string | undefined,
  words: readonly string[],
  o: CommentOptions,
): Promise<void> {
  const project = await s.project();
  let id = given;
  // On a ticket's branch the id may be left out: `docket comment "text"` comments on that ticket.
  if (id === undefined || !isTicketRef(id, (await project.schema()).options.display_prefix)) {
    const fromBranch = await branchTicket(s, project);
    if (fromBranch !== undefined) {
      if (id !== undefined) words = [id, ...words];
      id = fromBranch;
    }
  }
  if (id === undefined)
    throw new UsageError('say which ticket: docket comment 42 "text" (or run it on a branch named after one)');
  const body = await commentBody(words, o);
  const r = await project.comment(id, { body, ...(o.status ? { status: o.status } : {}) });
  const moved = o.status ? ` and moved it to ${r.ticket.status}` : '';
  s.done(r, r.ticket.id, `Commented on ${r.ticket.id} (#${r.commentId})${moved}`);
}

import type { Project } from '../core/docket.js';
import { DocketError } from '../domain/errors.js';
import { branchName, DEFAULT_BRANCH_PATTERN, ticketOfBranch } from '../domain/references.js';
import { displayId, type Ticket } from '../domain/ticket.js';
import { currentBranch, decode, gitBytes, gitMaybe, topLevel } from './git.js';
import type { Session } from './session.js';

// A ticket's branch: made or found by `docket branch` and `claim --branch`, and read back so that
// commands run on it default to its ticket.

export interface TicketBranch {
  readonly branch: string;
  /** True when the branch was made now; false when an existing one was checked out. */
  readonly created: boolean;
}

/**
 * Checks out the ticket's branch, making it from the pattern (`git config docket.branchPattern`,
 * default `{id}-{slug}`) unless a local branch is already named after the ticket, and records it
 * on the ticket.
 */
export async function checkoutTicketBranch(s: Session, project: Project, t: Ticket): Promise<TicketBranch> {
  const cwd = s.io.cwd;
  await topLevel(cwd);
  const prefix = (await project.schema()).options.display_prefix;
  const heads = decode(await gitBytes(cwd, ['for-each-ref', '--format=%(refname:short)', 'refs/heads/']))
    .split('\n')
    .filter(Boolean);
  const existing = heads.find((h) => ticketOfBranch(h, prefix) === t.number);
  const pattern = (await gitMaybe(cwd, ['config', '--get', 'docket.branchPattern'])) ?? DEFAULT_BRANCH_PATTERN;
  const name = existing ?? (await gitMaybe(cwd, ['check-ref-format', '--branch', branchName(pattern, t)]));
  if (!name) {
    throw new DocketError(
      'validation',
      `'${branchName(pattern, t)}' is not a valid branch name; fix the pattern with git config docket.branchPattern '{id}-{slug}'`,
      { field: 'branchPattern' },
    );
  }
  if ((await currentBranch(cwd)) !== name)
    await gitBytes(cwd, existing ? ['checkout', name] : ['checkout', '-b', name]);
  await project.reference(t.id, { kind: 'branch', key: name });
  return { branch: name, created: !existing };
}

/**
 * The ticket the checked-out branch is named after (`doc-42-login` → `DOC-42`), said on stderr;
 * undefined off such a branch, outside a repository, or without git.
 */
export async function branchTicket(s: Session, project: Project): Promise<string | undefined> {
  let branch: string | undefined;
  try {
    branch = await currentBranch(s.io.cwd);
  } catch {
    return undefined;
  }
  if (!branch) return undefined;
  const prefix = (await project.schema()).options.display_prefix;
  const number = ticketOfBranch(branch, prefix);
  if (number === undefined) return undefined;
  const id = displayId(prefix, number);
  s.note(`docket: ${id}, from branch ${branch}`);
  return id;
}

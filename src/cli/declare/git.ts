import type { Command } from 'commander';
import { act, common, examples, type Group } from './common.js';

const load = () => import('../commands/git.js');

/** Git integration: hooks, scanning history, and a branch per ticket (docs/git.md). */
function declareGit(program: Command): void {
  const git = program
    .command('git')
    .summary('reference commits on tickets; close tickets from "fixes DOC-42" (docs/git.md)')
    .addHelpText(
      'after',
      `
A commit that names a ticket (DOC-42, in its subject or body) is referenced on it. "fixes", "closes"
or "resolves" before the id (any form and case, optional colon) closes the ticket once the commit is
on the default branch: git config docket.defaultBranch, else origin's HEAD, else init.defaultBranch,
else main. Pull request URLs in messages and comments become references too.
`,
    );
  examples(
    common(
      git
        .command('install')
        .summary('install the hooks in this repository (keeps and runs hooks already there)')
        .action(act(() => load().then((m) => m.gitInstall))),
    ),
    'docket git install',
    'docket -d ~/tickets.db -p web git install',
  );
  examples(
    common(
      git
        .command('uninstall')
        .summary("remove Docket's hooks and put back the ones they replaced")
        .action(act(() => load().then((m) => m.gitUninstall))),
    ),
    'docket git uninstall',
  );
  examples(
    common(
      git
        .command('scan')
        .summary('read history for references and closings after the fact (safe to repeat)')
        .option('--since <rev>', 'only commits after REV (REV..BRANCH)')
        .option('--branch <name>', 'the branch to read (default: the one checked out)')
        .action(act(() => load().then((m) => m.gitScan))),
    ),
    'docket git scan',
    'docket git scan --branch main --since v1.2.0 --json',
  );
  examples(
    common(
      git
        .command('hook', { hidden: true })
        .summary('what the installed hooks run; never fails the git command')
        .argument('<name>', 'post-commit, post-merge or post-rewrite')
        .argument('[args...]', 'what git passed the hook')
        .allowUnknownOption()
        .action(act(() => load().then((m) => m.gitHook))),
    ),
    'docket git hook post-commit                 # as .git/hooks/post-commit runs it',
  );
  examples(
    common(
      program
        .command('branch')
        .summary("switch to a ticket's git branch, made from its title when missing, and record it")
        .argument('<id>', 'ticket id')
        .addHelpText(
          'after',
          `
The name comes from git config docket.branchPattern (default {id}-{slug}; also {number}, {type}),
e.g. doc-42-login-fails-with-sso. A local branch already named after the ticket is reused. On such a
branch, docket show and docket comment "text" default to the ticket.
`,
        )
        .action(act(() => import('../commands/branch.js').then((m) => m.branch))),
    ),
    'docket branch DOC-42',
    "git config docket.branchPattern 'feature/{id}-{slug}' && docket branch 42",
  );
}

export const gitGroup: Group = {
  heading: 'Git:',
  entries: [{ names: ['git', 'branch'], declare: declareGit }],
};

import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DocketError } from '../domain/errors.js';

// The hook files `docket git install` writes: a few lines of sh that run the hook that was there
// before (kept beside it under another name), then `docket git hook NAME`, and never fail.

/** The hooks Docket installs: after a commit, after a merge or pull, after a rebase or amend. */
export const HOOKS = ['post-commit', 'post-merge', 'post-rewrite'] as const;
export type HookName = (typeof HOOKS)[number];

/** The line that marks a hook file as Docket's. */
const MARK = '# docket-git-hook';
/** Where a hook that was there before is kept while Docket's runs in its place. */
export const savedName = (hook: string) => `${hook}.docket-saved`;

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** The script of one hook: `command` is docket's own command line, already quoted. */
export function hookScript(hook: HookName, command: string): string {
  // post-rewrite reads "old new" lines on stdin: both the saved hook and Docket need them
  const stdin = hook === 'post-rewrite';
  return [
    '#!/bin/sh',
    `${MARK} (installed by \`docket git install\`; \`docket git uninstall\` puts back what was here)`,
    // parameter expansion, not dirname: every process started here is paid on every commit
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
    'dir=${0%/*}',
    'status=0',
    ...(stdin ? ['input=$(cat)'] : []),
    `if [ -x "$dir/${savedName(hook)}" ]; then`,
    stdin
      ? `  printf '%s\\n' "$input" | "$dir/${savedName(hook)}" "$@" || status=$?`
      : `  "$dir/${savedName(hook)}" "$@" || status=$?`,
    'fi',
    // a message without a digit names no ticket and no pull request: skip starting Node at all
    ...(hook === 'post-commit'
      ? ["git log -1 --format=%B HEAD 2>/dev/null | LC_ALL=C grep -q '[0-9]' || exit $status"]
      : []),
    // the commit is made already: whatever happens to Docket, the hook's own status is the saved one's
    stdin
      ? `printf '%s\\n' "$input" | ${command} git hook ${hook} "$@" || true`
      : `${command} git hook ${hook} "$@" </dev/null || true`,
    'exit $status',
    '',
  ].join('\n');
}

/** Docket's command line for hooks: this node and this docket, with the database (and project) named. */
export function hookCommand(node: string, script: string, options: readonly string[]): string {
  return [node, script, ...options].map(quote).join(' ');
}

const isOurs = (path: string) => existsSync(path) && readFileSync(path, 'utf8').includes(MARK);

export interface HookChange {
  readonly hook: HookName;
  /** installed: written where there was none; chained: an existing hook kept and run first; updated: ours rewritten. */
  readonly action: 'installed' | 'chained' | 'updated' | 'removed' | 'restored' | 'absent' | 'foreign';
}

/** Writes Docket's hooks into `dir`, keeping any hook already there to run before it. */
export function installHooks(dir: string, command: string): HookChange[] {
  mkdirSync(dir, { recursive: true });
  return HOOKS.map((hook) => {
    const path = join(dir, hook);
    const saved = join(dir, savedName(hook));
    let action: HookChange['action'] = 'installed';
    if (isOurs(path)) action = 'updated';
    else if (existsSync(path)) {
      if (existsSync(saved)) {
        throw new DocketError(
          'conflict',
          `${saved} exists already, and so does another ${hook} hook; move one of them away and install again`,
          { hook },
        );
      }
      renameSync(path, saved);
      action = 'chained';
    }
    writeFileSync(path, hookScript(hook, command));
    chmodSync(path, 0o755);
    return { hook, action };
  });
}

/** Removes Docket's hooks from `dir` and puts back those it had kept aside. */
export function uninstallHooks(dir: string): HookChange[] {
  return HOOKS.map((hook) => {
    const path = join(dir, hook);
    const saved = join(dir, savedName(hook));
    if (existsSync(path) && !isOurs(path)) return { hook, action: 'foreign' };
    if (!existsSync(path)) return { hook, action: 'absent' };
    rmSync(path);
    if (existsSync(saved)) {
      renameSync(saved, path);
      return { hook, action: 'restored' };
    }
    return { hook, action: 'removed' };
  });
}

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DetailJson, makeRepo, type Repo } from './git-repo.js';

// Commits over real git repositories, with Docket's hooks installed: what each records.

describe('git references through the hooks', () => {
  let repo: Repo;
  const detail = (id = 'DOC-1') => repo.json<DetailJson>(['show', id]);
  beforeEach(async () => {
    repo = await makeRepo();
    await repo.ok(['new', 'Login fails with SSO']);
    await repo.ok(['new', 'Logout is slow']);
    await repo.ok(['git', 'install']);
  });
  afterEach(() => repo.cleanup());

  it('references a commit that mentions a ticket, without closing it', async () => {
    const r = repo.commit('Look into DOC-1 again\n\nAlso touches doc-2.');
    expect(r.code).toBe(0);
    const sha = repo.git(['rev-parse', 'HEAD']);
    const d = await detail();
    expect(d.references).toEqual([
      expect.objectContaining({
        kind: 'commit',
        key: sha,
        subject: 'Look into DOC-1 again',
        author: 'Ann Example <ann@example.com>',
        branch: 'main',
      }),
    ]);
    expect(d.ticket.status).toBe('backlog');
    expect((await detail('DOC-2')).references.map((x) => x.key)).toEqual([sha]);
  });

  it('closes a ticket from "Fixes" on the default branch, with the commit as the comment', async () => {
    repo.commit('Fixes: DOC-1 handle the SSO redirect');
    const d = await detail();
    expect(d.ticket.status).toBe('done');
    expect(d.comments.at(-1)?.body).toMatch(/^Closed by commit [0-9a-f]{12}:\n\nFixes: DOC-1 handle the SSO redirect/);
    expect((await detail('DOC-2')).ticket.status).toBe('backlog');
  });

  it('takes the default branch from git config docket.defaultBranch', async () => {
    repo.git(['config', 'docket.defaultBranch', 'trunk']);
    repo.commit('Fixes DOC-1 on main, which is not the default here');
    expect((await detail()).ticket.status).toBe('backlog');
    repo.git(['checkout', '-q', '-b', 'trunk']);
    repo.commit('Closes DOC-2 on trunk');
    expect((await detail('DOC-2')).ticket.status).toBe('done');
  });

  it('closes only when a fixing commit is merged into the default branch', async () => {
    repo.git(['checkout', '-q', '-b', 'doc-1-sso']);
    repo.commit('Resolves DOC-1');
    let d = await detail();
    expect(d.ticket.status).toBe('backlog');
    expect(d.references[0]?.branch).toBe('doc-1-sso');
    repo.git(['checkout', '-q', 'main']);
    const merged = repo.gitRun(['merge', '-q', '--no-ff', '-m', 'Merge branch doc-1-sso', 'doc-1-sso']);
    expect(merged.code).toBe(0);
    d = await detail();
    expect(d.ticket.status).toBe('done');
    expect(d.references[0]?.branch).toBe('main');
    expect(d.comments).toHaveLength(1);
  });

  it('records a rebased commit as a new reference, and closes the ticket once', async () => {
    repo.git(['checkout', '-q', '-b', 'doc-1-sso']);
    repo.commit('Fixes DOC-1');
    const before = repo.git(['rev-parse', 'HEAD']);
    repo.git(['checkout', '-q', 'main']);
    repo.commit('Unrelated work');
    repo.git(['checkout', '-q', 'doc-1-sso']);
    expect(repo.gitRun(['rebase', '-q', 'main']).code).toBe(0);
    const after = repo.git(['rev-parse', 'HEAD']);
    expect(after).not.toBe(before);
    let d = await detail();
    // the old sha stays (it may live on elsewhere); the rewritten one is added, both off the default branch
    expect(d.references.map((r) => [r.key, r.branch])).toEqual([
      [before, 'doc-1-sso'],
      [after, 'doc-1-sso'],
    ]);
    expect(d.ticket.status).toBe('backlog');
    repo.git(['checkout', '-q', 'main']);
    repo.git(['merge', '-q', '--ff-only', 'doc-1-sso']);
    d = await detail();
    expect(d.ticket.status).toBe('done');
    expect(d.comments).toHaveLength(1);
    expect(d.references.find((r) => r.key === after)?.branch).toBe('main');
  });

  it('records hostile messages as text: shell characters, invalid UTF-8, 1 MB', async () => {
    const marker = join(repo.root, 'pwned');
    const shell = `DOC-1 $(touch ${marker}) \`touch ${marker}\`; touch ${marker} | & > < 'q' "q" \\`;
    expect(repo.commit(shell).code).toBe(0);
    expect(existsSync(marker)).toBe(false);
    // git itself repairs a message that is not UTF-8 (reading its bytes as Latin-1) before storing it
    const bytes = Buffer.concat([Buffer.from('DOC-1 caf'), Buffer.from([0xe9, 0xff, 0xfe]), Buffer.from(' done')]);
    expect(repo.commit(bytes).code).toBe(0);
    const big = `DOC-2 big message\n\n${'x'.repeat(1_000_000)}\nfixes DOC-2\n`;
    expect(repo.commit(big).code).toBe(0);
    const d = await detail();
    expect(d.references.map((r) => r.subject)).toEqual([shell, 'DOC-1 caf\u00e9\u00ff\u00fe done']);
    const two = await detail('DOC-2');
    expect(two.references[0]?.subject).toBe('DOC-2 big message');
    expect(two.ticket.status).toBe('done');
    expect(two.comments[0]!.body.length).toBeLessThanOrEqual(20_000);
  });

  it('reads a commit object whose message is not UTF-8, replacing the bad bytes', async () => {
    const tree = repo.git(['rev-parse', 'HEAD^{tree}']);
    const parent = repo.git(['rev-parse', 'HEAD']);
    const object = Buffer.concat([
      Buffer.from(`tree ${tree}\nparent ${parent}\nauthor Ann <ann@example.com> 1700000000 +0000\n`),
      Buffer.from('committer Ann <ann@example.com> 1700000000 +0000\n\nDOC-1 caf'),
      Buffer.from([0xe9, 0xff, 0x80]),
      Buffer.from(' done\n'),
    ]);
    const file = join(repo.root, 'raw-commit');
    writeFileSync(file, object);
    const sha = repo.git(['hash-object', '-t', 'commit', '-w', '--literally', file]);
    repo.git(['update-ref', 'refs/heads/main', sha]);
    await repo.ok(['git', 'scan']);
    const d = await detail();
    expect(d.references).toEqual([expect.objectContaining({ key: sha, subject: 'DOC-1 caf\uFFFD\uFFFD\uFFFD done' })]);
    expect(d.references[0]?.time).toBe('2023-11-14T22:13:20.000Z');
  });

  it('catches up with git scan, and a second scan changes nothing', async () => {
    await repo.ok(['git', 'uninstall']);
    repo.commit('Work on DOC-2');
    repo.commit('Closes DOC-1, see https://github.com/acme/app/pull/9');
    expect((await detail()).references).toEqual([]);
    const first = await repo.json<{ commits: number; referenced: string[]; closed: string[] }>(['git', 'scan']);
    expect(first).toMatchObject({ commits: 3, referenced: ['DOC-2', 'DOC-1'], closed: ['DOC-1'] });
    const d = await detail();
    expect(d.references.map((r) => r.kind)).toEqual(['commit', 'pull']);
    expect(d.ticket.status).toBe('done');
    const changes = await repo
      .ok(['watch', '--since', '0', '--count', '100', '--interval', '1', '--json'])
      .catch(() => '');
    const second = await repo.json<{ referenced: string[]; closed: string[] }>(['git', 'scan']);
    expect(second).toMatchObject({ referenced: [], closed: [] });
    const again = await repo
      .ok(['watch', '--since', '0', '--count', '100', '--interval', '1', '--json'])
      .catch(() => '');
    expect(again).toBe(changes);
    const since = await repo.json<{ commits: number }>(['git', 'scan', '--since', 'HEAD~1']);
    expect(since.commits).toBe(1);
  });

  it('makes a branch per ticket, and commands on it default to that ticket', async () => {
    const made = await repo.json<{ branch: string; created: boolean }>(['branch', 'DOC-1']);
    expect(made).toMatchObject({ branch: 'doc-1-login-fails-with-sso', created: true });
    expect(repo.git(['symbolic-ref', '--short', 'HEAD'])).toBe('doc-1-login-fails-with-sso');
    const shown = await repo.run(['show']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^DOC-1 {2}Login fails with SSO/);
    expect(shown.stderr).toContain('DOC-1, from branch doc-1-login-fails-with-sso');
    expect((await repo.run(['comment', 'Root cause: the redirect URI'])).code).toBe(0);
    const d = await detail();
    expect(d.comments.map((c) => c.body)).toEqual(['Root cause: the redirect URI']);
    expect(d.references.map((r) => [r.kind, r.key])).toEqual([['branch', 'doc-1-login-fails-with-sso']]);
    repo.git(['checkout', '-q', 'main']);
    const again = await repo.json<{ branch: string; created: boolean }>(['branch', '1']);
    expect(again).toEqual({ ticket: 'DOC-1', branch: 'doc-1-login-fails-with-sso', created: false });
    repo.git(['checkout', '-q', 'main']);
    repo.git(['config', 'docket.branchPattern', 'feature/{number}-{slug}']);
    await repo.ok(['--as', 'ann', 'claim', '2', '--branch']);
    expect(repo.git(['symbolic-ref', '--short', 'HEAD'])).toBe('feature/2-logout-is-slow');
    expect((await detail('DOC-2')).references.map((r) => r.key)).toEqual(['feature/2-logout-is-slow']);
    expect(readFileSync(join(repo.dir, '.git', 'HEAD'), 'utf8')).toContain('feature/2-logout-is-slow');
  });
});

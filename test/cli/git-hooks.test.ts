import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { docket } from './harness.js';
import { type DetailJson, makeRepo, type Repo } from './git-repo.js';

// Installing, chaining and removing hooks in real repositories, and a hook that never fails a commit.

const OLD_HOOK = (marker: string) => `#!/bin/sh\necho "old hook ran $*" >> '${marker}'\n`;
const docketLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('docket:'));

describe('git hooks', () => {
  let repo: Repo;
  const refs = async (id = 'DOC-1') => (await repo.json<DetailJson>(['show', id])).references;
  beforeEach(async () => {
    repo = await makeRepo();
    await repo.ok(['new', 'Login fails with SSO']);
  });
  afterEach(() => repo.cleanup());

  it('chains to a hook already there, and uninstall puts it back byte for byte', async () => {
    const hooks = join(repo.dir, '.git', 'hooks');
    const marker = join(repo.root, 'old-hook.log');
    writeFileSync(join(hooks, 'post-commit'), OLD_HOOK(marker));
    chmodSync(join(hooks, 'post-commit'), 0o755);
    const installed = await repo.json<{ changes: { hook: string; action: string }[] }>(['git', 'install']);
    expect(installed.changes).toEqual([
      { hook: 'post-commit', action: 'chained' },
      { hook: 'post-merge', action: 'installed' },
      { hook: 'post-rewrite', action: 'installed' },
    ]);
    // installing twice rewrites Docket's hooks and keeps the saved one
    expect((await repo.json<{ changes: { action: string }[] }>(['git', 'install'])).changes[0]?.action).toBe('updated');
    expect(repo.commit('DOC-1 first').code).toBe(0);
    expect(readFileSync(marker, 'utf8')).toBe('old hook ran \n');
    expect(await refs()).toHaveLength(1);
    await repo.ok(['git', 'uninstall']);
    expect(readFileSync(join(hooks, 'post-commit'), 'utf8')).toBe(OLD_HOOK(marker));
    expect(existsSync(join(hooks, 'post-merge'))).toBe(false);
    expect(existsSync(join(hooks, 'post-commit.docket-saved'))).toBe(false);
    repo.commit('DOC-1 second');
    expect(await refs()).toHaveLength(1);
    expect(readFileSync(marker, 'utf8')).toBe('old hook ran \nold hook ran \n');
  });

  it('installs where core.hooksPath points', async () => {
    repo.git(['config', 'core.hooksPath', 'githooks']);
    await repo.ok(['git', 'install']);
    expect(existsSync(join(repo.dir, 'githooks', 'post-commit'))).toBe(true);
    expect(existsSync(join(repo.dir, '.git', 'hooks', 'post-commit'))).toBe(false);
    repo.commit('DOC-1 through hooksPath');
    expect(await refs()).toHaveLength(1);
    await repo.ok(['git', 'uninstall']);
    expect(existsSync(join(repo.dir, 'githooks', 'post-commit'))).toBe(false);
  });

  it('works from a worktree: one set of hooks, commits there referenced with their branch', async () => {
    const tree = join(repo.root, 'tree');
    repo.git(['worktree', 'add', '-q', '-b', 'doc-1-sso', tree]);
    await repo.ok(['git', 'install'], tree);
    expect(existsSync(join(repo.dir, '.git', 'hooks', 'post-commit'))).toBe(true);
    repo.commit('Fixes DOC-1 from the worktree', tree);
    expect((await refs()).map((r) => r.branch)).toEqual(['doc-1-sso']);
    expect((await repo.json<DetailJson>(['show', 'DOC-1'], tree)).ticket.status).toBe('backlog');
    expect((await repo.run(['show'], tree)).stderr).toContain('from branch doc-1-sso');
  });

  describe('never fails a commit', () => {
    beforeEach(async () => {
      await repo.ok(['git', 'install']);
    });

    it('with the database missing', () => {
      rmSync(repo.db);
      const r = repo.commit('DOC-1 while the database is gone');
      expect(r.code).toBe(0);
      expect(docketLines(r.stderr)).toHaveLength(1);
      expect(docketLines(r.stderr)[0]).toMatch(/post-commit hook recorded nothing \(no database at .*\)/);
      expect(repo.git(['log', '-1', '--format=%s'])).toBe('DOC-1 while the database is gone');
    });

    it('with the database locked by another writer', async () => {
      const holder = new Database(repo.db);
      holder.exec('BEGIN EXCLUSIVE');
      try {
        const r = repo.commit('DOC-1 while the database is locked');
        expect(r.code).toBe(0);
        expect(docketLines(r.stderr)).toHaveLength(1);
        expect(docketLines(r.stderr)[0]).toMatch(/recorded nothing .*busy/);
      } finally {
        holder.exec('ROLLBACK');
        holder.close();
      }
      expect(await refs()).toEqual([]);
    });

    it('with the database corrupt', () => {
      writeFileSync(repo.db, Buffer.alloc(8192, 0x5a));
      const r = repo.commit('DOC-1 while the database is damaged');
      expect(r.code).toBe(0);
      expect(docketLines(r.stderr)).toHaveLength(1);
      expect(repo.git(['rev-list', '--count', 'HEAD'])).toBe('2');
    });

    it('without opening the database for a commit that names nothing', () => {
      rmSync(repo.db);
      const r = repo.commit('Tidy the readme');
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
    });
  });

  it('says plainly when run outside a repository or without git', async () => {
    const outside = join(repo.root, 'plain');
    mkdirSync(outside);
    const r = await repo.run(['git', 'scan'], outside);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^docket: not inside a git repository/)]);
    const nogit = await docket(['-d', repo.db, 'git', 'scan'], {
      cwd: repo.dir,
      env: { ...repo.env, PATH: '/nonexistent' },
    });
    expect(nogit.code).toBe(1);
    expect(nogit.stderr.trim()).toMatch(/^docket: git is not installed or not on PATH/);
    const branch = await repo.run(['branch', '1'], outside);
    expect(branch.code).toBe(1);
  });
});

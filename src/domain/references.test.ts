import { describe, expect, it } from 'vitest';
import { branchName, mentions, pullUrls, referenceLine, ticketOfBranch, titleSlug } from './references.js';

describe('mentions', () => {
  it('finds ids of this prefix once each, in any case, and not inside other words', () => {
    expect(mentions('DOC-4 and doc-9, again DOC-4; XDOC-5 DOC-7x DOC-0', 'DOC-')).toEqual([
      { number: 4, closes: false },
      { number: 9, closes: false },
    ]);
    expect(mentions('OPS-4', 'DOC-')).toEqual([]);
    expect(mentions('DOC-4', '')).toEqual([]);
  });

  it('closes after every form of the closing keywords, any case, with or without a colon', () => {
    for (const word of ['fix', 'Fixes', 'FIXED', 'close', 'closes', 'Closed', 'resolve', 'Resolves', 'resolved']) {
      expect(mentions(`${word} DOC-3`, 'DOC-'), word).toEqual([{ number: 3, closes: true }]);
      expect(mentions(`${word}: DOC-3`, 'DOC-'), word).toEqual([{ number: 3, closes: true }]);
    }
    expect(mentions('prefix DOC-3', 'DOC-')).toEqual([{ number: 3, closes: false }]);
    expect(mentions('fixture DOC-3', 'DOC-')).toEqual([{ number: 3, closes: false }]);
  });

  it('closes every id of a list after the keyword, and only those', () => {
    expect(mentions('Refs DOC-1. Fixes DOC-2, DOC-3 and DOC-4 & DOC-5\n\nsee DOC-6', 'DOC-')).toEqual([
      { number: 1, closes: false },
      { number: 2, closes: true },
      { number: 3, closes: true },
      { number: 4, closes: true },
      { number: 5, closes: true },
      { number: 6, closes: false },
    ]);
  });

  it('treats a prefix with regex characters literally', () => {
    expect(mentions('A.B+7 AxB+7', 'A.B+')).toEqual([{ number: 7, closes: false }]);
  });
});

describe('pullUrls', () => {
  it('finds GitHub, GitLab and Gitea pull request URLs, each once', () => {
    const text = [
      'see https://github.com/acme/app/pull/12 and https://github.com/acme/app/pull/12.',
      'https://gitlab.example.com/group/sub/app/-/merge_requests/7',
      'https://gitea.example.com:3000/o/r/pulls/3',
      'not https://github.com/acme/app/issues/4 nor https://github.com/acme/app/pull/12/files',
    ].join('\n');
    expect(pullUrls(text)).toEqual([
      'https://github.com/acme/app/pull/12',
      'https://gitlab.example.com/group/sub/app/-/merge_requests/7',
      'https://gitea.example.com:3000/o/r/pulls/3',
    ]);
  });
});

describe('branch names', () => {
  const t = { id: 'DOC-42', number: 42, title: 'Login fails with SSO (Okta)!', type: 'bug' };

  it('builds the default and other patterns from the ticket', () => {
    expect(branchName('{id}-{slug}', t)).toBe('doc-42-login-fails-with-sso-okta');
    expect(branchName('{type}/{number}-{slug}', t)).toBe('bug/42-login-fails-with-sso-okta');
    expect(branchName('{id}-{slug}', { ...t, title: '!!!' })).toBe('doc-42');
  });

  it('keeps slugs short, at a word boundary, in ASCII', () => {
    expect(titleSlug('Crème brûlée überall and a very long tail of words indeed')).toBe(
      'creme-brulee-uberall-and-a-very-long',
    );
  });

  it('reads the ticket back from a branch name', () => {
    expect(ticketOfBranch('doc-42-login-fails', 'DOC-')).toBe(42);
    expect(ticketOfBranch('alice/DOC-42', 'DOC-')).toBe(42);
    expect(ticketOfBranch('bug/doc-7_x', 'DOC-')).toBe(7);
    expect(ticketOfBranch('main', 'DOC-')).toBeUndefined();
    expect(ticketOfBranch('mydoc-42', 'DOC-')).toBeUndefined();
  });

  it('describes a reference in one short line', () => {
    expect(referenceLine({ kind: 'commit', key: 'a'.repeat(40), subject: 'Fix it' })).toBe(
      `commit ${'a'.repeat(12)} Fix it`,
    );
  });
});

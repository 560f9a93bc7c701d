import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linkedClient, ok, tempDocket } from '../mcp/support.js';
import { call, type World, world } from './harness.js';

// References are read through every face that shows a ticket: REST `include=references`, MCP `get`.

const SHA = '1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c';
const commit = {
  sha: SHA,
  message: 'Fixes DOC-1: SSO redirect\n\nhttps://github.com/acme/app/pull/12',
  author: 'Ann <ann@example.com>',
  time: Date.UTC(2026, 0, 2),
  branch: 'doc-1-sso',
};

describe('references in REST and MCP', () => {
  let w: World;
  beforeEach(async () => {
    w = await world({}, async (docket) => {
      await docket.createProject({ key: 'doc' });
      const doc = docket.project('doc');
      await doc.create({ title: 'Login fails' });
      await doc.recordCommit(commit, { landed: false, defaultBranch: 'main' });
    });
  });
  afterEach(() => w.close());

  it('REST embeds them with include=references, and only then', async () => {
    const full = await call(w.app, 'GET', '/projects/doc/tickets/DOC-1?include=references');
    expect(full.status).toBe(200);
    expect(full.json.references).toEqual([
      expect.objectContaining({ kind: 'commit', key: SHA, subject: 'Fixes DOC-1: SSO redirect', branch: 'doc-1-sso' }),
      expect.objectContaining({
        kind: 'pull',
        key: 'https://github.com/acme/app/pull/12',
        url: 'https://github.com/acme/app/pull/12',
      }),
    ]);
    const plain = await call(w.app, 'GET', '/projects/doc/tickets/DOC-1?include=links');
    expect(plain.json.references).toBeUndefined();
  });

  it('MCP get lists them compactly, once (not again in the history)', async () => {
    const t = await tempDocket();
    try {
      const doc = t.docket.project('doc');
      await doc.create({ title: 'Login fails' });
      await doc.recordCommit(commit, { landed: false, defaultBranch: 'main' });
      const mcp = await linkedClient(t.docket);
      const text = await ok(mcp.client, 'ticket', { action: 'get', ticket_id: 1 });
      expect(text).toContain(
        `refs:\ncommit ${SHA.slice(0, 10)} on doc-1-sso: Fixes DOC-1: SSO redirect\npull https://github.com/acme/app/pull/12`,
      );
      expect(text.split(SHA.slice(0, 10))).toHaveLength(2);
      await mcp.close();
    } finally {
      await t.cleanup();
    }
  });
});

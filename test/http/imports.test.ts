import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureFolder, fixturePath } from '../support/import-fixtures.js';
import { bearer, expectDocumented, listen, twoProjects, type World, world } from './harness.js';

/** POSTs a file to the server over real HTTP, streaming it from disk as the request body. */
async function post(base: string, url: string, secret: string, file: string | { text: string; type: string }) {
  const streamed = typeof file === 'string';
  const res = await fetch(`${base}${url}`, {
    method: 'POST',
    headers: { ...bearer(secret), 'content-type': streamed ? 'application/octet-stream' : file.type },
    body: streamed ? (Readable.toWeb(createReadStream(file, { highWaterMark: 256 })) as ReadableStream) : file.text,
    ...(streamed ? { duplex: 'half' } : {}),
  } as RequestInit);
  const text = await res.text();
  return { status: res.status, body: text, json: JSON.parse(text) };
}

describe('REST: POST /projects/{name}/imports', () => {
  let w: World;
  let base: string;
  let admin: string;
  let writer: string;
  beforeAll(async () => {
    w = await world({}, twoProjects);
    base = await listen(w.app);
    admin = (await w.docket.createToken({ projects: ['alpha'], scope: 'admin', entity: 'ada' })).secret;
    writer = (await w.docket.createToken({ projects: ['alpha'], scope: 'write', entity: 'wendy' })).secret;
  });
  afterAll(() => w.close());

  const P = '/projects/alpha/imports';
  const tickets = async () => (await w.docket.project('alpha').list({ limit: 500 })).items.length;

  it('imports a streamed file with admin scope; a second post changes nothing; documented answers', async () => {
    const before = await tickets();
    const url = `${P}?from=github&map=type:Epic=feature`;
    const first = await post(base, url, admin, fixturePath('github', 'gh-issues.json'));
    expect(first.status).toBe(200);
    expectDocumented(w.app, 'POST', url, { statusCode: first.status, body: first.body });
    expect(first.json.summary).toMatchObject({ created: 7, updated: 0, unchanged: 0, project: 'alpha' });
    expect(await tickets()).toBe(before + 7);
    const again = await post(base, url, admin, fixturePath('github', 'gh-issues.json'));
    expect(again.json.summary).toMatchObject({ created: 0, unchanged: 7 });
    expect(await tickets()).toBe(before + 7);
  });

  it('a dry run answers the plan and writes nothing; unmapped values are refused with 422', async () => {
    const before = await tickets();
    const dry = await post(base, `${P}?from=jira&dryRun=true`, admin, fixturePath('jira', 'issues.csv'));
    expect(dry.status).toBe(200);
    expect(dry.json.summary).toBeNull();
    expect(dry.json.plan.unmapped.map((u: { from: string }) => u.from)).toEqual(['Epic']);
    const refused = await post(base, `${P}?from=jira`, admin, fixturePath('jira', 'issues.csv'));
    expect(refused.status).toBe(422);
    expect(refused.json.detail).toMatch(/type 'Epic'/);
    expect(await tickets()).toBe(before);
  });

  it('a broken record is refused with its line and nothing written; skipBad lists it', async () => {
    const before = await tickets();
    const url = `${P}?from=beads&map=type:epic=feature`;
    const refused = await post(base, url, admin, fixturePath('beads', 'broken.jsonl'));
    expect(refused.status).toBe(422);
    expect(refused.json.detail).toContain('beads: body line 4: not JSON');
    expect(await tickets()).toBe(before);
    const skipped = await post(base, `${url}&skipBad=true`, admin, fixturePath('beads', 'broken.jsonl'));
    expect(skipped.status).toBe(200);
    expect(skipped.json.plan.skipped.map((s: { origin: string }) => s.origin)).toEqual(['line 4']);
    expect(await tickets()).toBe(before + skipped.json.summary.created);
  });

  it('takes a Backlog.md folder as JSON files', async () => {
    const files = fixtureFolder('backlog', 'valid', 'backlog');
    const r = await post(base, `${P}?from=backlog`, admin, {
      text: JSON.stringify({ files }),
      type: 'application/json',
    });
    expect(r.status).toBe(200);
    expect(r.json.summary.created).toBe(r.json.plan.counts.items);
  });

  it('needs admin scope, a known source and a project the token reaches', async () => {
    const file = fixturePath('beads', 'issues.jsonl');
    expect((await post(base, `${P}?from=beads`, writer, file)).status).toBe(403);
    expect((await post(base, `${P}?from=trello`, admin, file)).status).toBe(422);
    // a project outside the token's is answered as missing, as on every route
    expect((await post(base, '/projects/beta/imports?from=beads', admin, file)).status).toBe(404);
  });
});

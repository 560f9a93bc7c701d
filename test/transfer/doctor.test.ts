import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Project } from '../../src/core/docket.js';
import { doctor } from '../../src/transfer.js';
import { freshDocket } from './helpers.js';

describe('doctor', () => {
  let t: Awaited<ReturnType<typeof freshDocket>>;
  let doc: Project;
  beforeEach(async () => {
    t = await freshDocket();
    await t.docket.createProject({ key: 'doc' });
    await t.docket.createProject({ key: 'ops' });
    doc = t.docket.project('doc', { actor: 'alice' });
    const a = await doc.create({ title: 'Login fails with SSO', assignee: 'bob' });
    await doc.create({ title: 'Rotate keys', assignee: 'bob' });
    await doc.create({ title: 'Write the guide' });
    await doc.comment(a.id, 'Reproduced on staging');
    await doc.close(a.id);
    await t.docket.project('ops').create({ title: 'Ops ticket' });
  });
  afterEach(() => t.cleanup());

  /** Breaks the file behind Docket's back, through a second connection, as a bug or a hand edit would. */
  function breakWith(sql: string) {
    const raw = new Database(t.path);
    raw.exec(sql);
    raw.close();
  }

  it('finds nothing wrong with a healthy database', async () => {
    expect(await doctor(t.docket)).toEqual({ problems: [], fixed: [] });
    expect(await doctor(t.docket, { fix: true })).toEqual({ problems: [], fixed: [] });
  });

  it('finds and rebuilds a search index that lost its rows', async () => {
    breakWith(`
      INSERT INTO tickets_fts (tickets_fts) VALUES ('delete-all');
      INSERT INTO comments_fts (comments_fts) VALUES ('delete-all');
    `);
    expect(await doc.search('login')).toEqual([]);
    const found = await doctor(t.docket);
    expect(found.fixed).toEqual([]);
    expect(found.problems).toEqual([
      expect.stringMatching(/search index of ticket titles .* does not match .*--fix/),
      expect.stringMatching(/search index of comments does not match/),
    ]);
    const repaired = await doctor(t.docket, { fix: true });
    expect(repaired.problems).toEqual([]);
    expect(repaired.fixed).toEqual([
      expect.stringMatching(/^rebuilt tickets_fts/),
      expect.stringMatching(/^rebuilt comments_fts/),
    ]);
    expect((await doc.search('login')).map((h) => h.ticket.id)).toEqual(['DOC-1']);
    expect((await doc.search({ query: 'staging', includeComments: true })).map((h) => h.ticket.id)).toEqual(['DOC-1']);
    expect(await doctor(t.docket)).toEqual({ problems: [], fixed: [] });
  });

  it('finds and recomputes trigger-kept counts that drifted', async () => {
    breakWith(`UPDATE ticket_counts SET n = n + 5 WHERE assignee = 'bob'`);
    expect((await doc.countByEntity()).find((c) => c.entity === 'bob')?.count).toBe(12);
    expect((await doctor(t.docket)).problems).toEqual([
      expect.stringMatching(/ticket counts .* differ from a real count/),
    ]);
    expect((await doctor(t.docket, { fix: true })).fixed).toEqual([expect.stringMatching(/^rebuilt ticket_counts/)]);
    expect((await doc.countByEntity()).find((c) => c.entity === 'bob')?.count).toBe(2);
    expect((await doc.board({ view: 'summary' })).open).toBe(2);
    expect(await doctor(t.docket)).toEqual({ problems: [], fixed: [] });
  });

  it('raises a counter that fell behind, so the next ticket does not clash', async () => {
    breakWith(`UPDATE counters SET last_number = 1 WHERE project_id = (SELECT id FROM projects WHERE key = 'doc')`);
    expect((await doctor(t.docket)).problems).toEqual([
      expect.stringMatching(/^doc: its ticket counter \(1\) is behind the highest number in use \(3\)/),
    ]);
    expect((await doctor(t.docket, { fix: true })).fixed).toEqual([
      'doc: raised the ticket counter from 1 to 3 (next ticket: DOC-4)',
    ]);
    expect((await doc.create({ title: 'After repair' })).id).toBe('DOC-4');
  });

  it('syncs closed times with terminal states, and reports statuses outside the workflow without touching them', async () => {
    breakWith(`
      UPDATE tickets SET closed_at = NULL WHERE title = 'Login fails with SSO';
      UPDATE tickets SET closed_at = 1 WHERE title = 'Rotate keys';
      UPDATE tickets SET status = 'limbo' WHERE title = 'Write the guide';
    `);
    const found = await doctor(t.docket);
    expect(found.problems).toEqual([
      expect.stringMatching(/^doc: 1 task ticket\(s\) are in 'limbo', which the task workflow lacks/),
      expect.stringMatching(/^doc: 2 task ticket\(s\) have a closed time that disagrees with their status/),
    ]);
    const repaired = await doctor(t.docket, { fix: true });
    expect(repaired.fixed).toEqual([
      'doc: set the closed time of 1 terminal task ticket(s) and cleared it on 1 open one(s)',
    ]);
    expect(repaired.problems).toEqual([expect.stringMatching(/'limbo'/)]);
    expect((await doc.get('DOC-1')).closedAt).not.toBeNull();
    expect((await doc.get('DOC-2')).closedAt).toBeNull();
    expect((await doc.get('DOC-3')).status).toBe('limbo');
  });

  it('removes links that cross projects', async () => {
    breakWith(`
      INSERT INTO links (project_id, source_id, target_id, type, created_by, created_at)
      SELECT a.project_id, a.id, b.id, 'blocks', NULL, 0 FROM tickets a, tickets b
      WHERE a.title = 'Rotate keys' AND b.title = 'Ops ticket'
    `);
    expect((await doctor(t.docket)).problems).toEqual([
      expect.stringMatching(/^link \d+ \(doc ticket 2 blocks ops ticket 1\) crosses projects/),
    ]);
    expect((await doctor(t.docket, { fix: true })).fixed).toEqual([expect.stringMatching(/^removed link \d+/)]);
    expect(await doc.links('DOC-2')).toEqual([]);
    expect(await doctor(t.docket)).toEqual({ problems: [], fixed: [] });
  });
});

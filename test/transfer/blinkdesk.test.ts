import { chmodSync, copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportProject, importBlinkdesk, importProject } from '../../src/transfer.js';
import { exportLines, feed, freshDocket } from './helpers.js';

/** BlinkDesk 0.11's sample database (the shared fixture, kept here so a fresh clone has it). */
const FIXTURE = new URL('./fixtures/blinkdesk-0.11-sample.sqlite', import.meta.url).pathname;
const NOW = Date.parse('2026-12-01T10:00:00.000Z');

describe('import --from blinkdesk', () => {
  let t: Awaited<ReturnType<typeof freshDocket>>;
  let sample: string;
  beforeEach(async () => {
    t = await freshDocket({ clock: () => NOW });
    // A copy, so that a test that edits it never touches the shared fixture.
    sample = join(t.dir, 'tickets.db');
    copyFileSync(FIXTURE, sample);
    chmodSync(sample, 0o644);
  });
  afterEach(() => t.cleanup());

  /** Edits the copy the way BlinkDesk's Python could leave it: foreign keys are not enforced there. */
  function edit(sql: string) {
    const db = new Database(sample);
    db.pragma('foreign_keys = OFF');
    db.exec(sql);
    db.close();
  }

  it('brings over the sample: workflow, options, tickets under their numbers, logs, comments, audit', async () => {
    const progress: [number, number][] = [];
    const result = await importBlinkdesk(t.docket, sample, { onProgress: (d, n) => progress.push([d, n]) });
    expect(result).toEqual({ project: 'bd', tickets: 4 });
    expect(progress.at(-1)).toEqual([4, 4]);

    const bd = t.docket.project('bd', { actor: 'alice' });
    const schema = await bd.schema();
    expect(schema.types).toEqual([
      {
        type: 'ticket',
        states: ['open', 'in_progress', 'closed'],
        initial: 'open',
        terminal: ['closed'],
        transitions: [
          ['open', 'in_progress'],
          ['open', 'closed'],
          ['in_progress', 'closed'],
        ],
        work: 'in_progress',
      },
    ]);
    expect(schema.priorities).toEqual(['high', 'normal', 'low']);
    expect(await bd.config()).toMatchObject({
      display_prefix: 'BD-',
      default_priority: 'normal',
      lock_entities: 'false',
      require_operator: 'false',
      audit_log: 'true',
      default_type: 'ticket',
    });
    expect((await bd.entities()).map((e) => e.slug)).toEqual(['agent-1', 'alice', 'bob']);
    expect((await bd.categories()).map((c) => c.slug)).toEqual(['ops', 'support']);

    const tickets = (await bd.list()).items;
    expect(tickets.map((x) => [x.id, x.title, x.status, x.priority, x.assignee, x.category, x.createdBy])).toEqual([
      ['BD-1', 'Login fails with SSO', 'in_progress', 'high', 'alice', 'support', 'alice'],
      ['BD-2', 'Rotate the API keys', 'open', 'normal', 'bob', 'ops', 'bob'],
      ['BD-3', 'Write onboarding guide', 'open', 'normal', null, null, 'alice'],
      ['BD-4', 'Flaky test in payments', 'closed', 'high', null, null, 'agent-1'],
    ]);
    expect(tickets[0]).toMatchObject({
      description: 'Users on SSO cannot log in since 2.3',
      createdAt: '2026-11-21T07:48:21.167Z',
      updatedAt: '2026-11-21T07:48:21.928Z',
      closedAt: null,
    });
    expect(tickets[3]!.closedAt).toBe('2026-11-21T07:48:25.483Z');

    const one = await bd.detail('BD-1');
    expect(one.comments).toMatchObject([{ author: 'bob', body: 'Reproduced on staging', status: null }]);
    expect(one.history.map((h) => [h.field, h.old, h.new, h.actor])).toEqual([
      ['created', null, 'Login fails with SSO', 'alice'],
      ['status', 'open', 'in_progress', 'alice'],
      ['comment', null, 'Reproduced on staging', 'bob'],
    ]);
    expect((await bd.history('BD-2')).map((h) => [h.field, h.old, h.new, h.actor])).toEqual([
      ['created', null, 'Rotate the API keys', 'bob'],
      ['assignee', null, 'bob', 'alice'],
    ]);
    expect((await bd.comments('BD-3')).map((c) => [c.author, c.body])).toEqual([['alice', 'Draft outline posted']]);

    const audit = await bd.audit(0, 100);
    expect(audit).toHaveLength(10);
    expect(audit[0]).toMatchObject({
      kind: 'ticket.created',
      actor: 'alice',
      at: '2026-11-21T07:48:21.176Z',
      line: 'Created ticket #1: Login fails with SSO (alice)',
    });
    expect(audit.at(-1)).toMatchObject({ kind: 'project.created', at: new Date(NOW).toISOString() });
    expect(audit.at(-1)!.line).toMatch(/from BlinkDesk database tickets\.db: 4 ticket/);

    // Fully usable: numbering continues, moves follow the imported workflow, search and board work.
    const next = await bd.create({ title: 'After the move' });
    expect(next).toMatchObject({ id: 'BD-5', status: 'open', priority: 'normal', type: 'ticket' });
    expect((await bd.move('BD-3', 'in_progress')).status).toBe('in_progress');
    await expect(bd.move('BD-4', 'open')).rejects.toMatchObject({ code: 'invalid_transition' });
    expect((await bd.close('BD-1')).closedAt).not.toBeNull();
    expect((await bd.search('onboarding')).map((h) => h.ticket.id)).toEqual(['BD-3']);
    expect((await bd.countByEntity()).find((c) => c.entity === 'bob')?.count).toBe(1);
  });

  it('round-trips an imported project through export and import', async () => {
    await importBlinkdesk(t.docket, sample);
    const lines = await exportLines(t.docket, 'bd');
    await importProject(t.docket, feed(lines), { project: 'bd2' });
    expect((await exportLines(t.docket, 'bd2')).slice(1)).toEqual(lines.slice(1));
    await exportProject(t.docket, 'bd2', () => undefined);
  });

  it('takes another key, and refuses one that exists', async () => {
    await importBlinkdesk(t.docket, sample);
    await expect(importBlinkdesk(t.docket, sample)).rejects.toMatchObject({
      code: 'already_exists',
      message: expect.stringMatching(/project 'bd' already exists/),
    });
    expect(await importBlinkdesk(t.docket, sample, { project: 'legacy' })).toEqual({ project: 'legacy', tickets: 4 });
    expect((await t.docket.project('legacy').get('BD-2')).title).toBe('Rotate the API keys');
  });

  it('copes with what older BlinkDesk files hold: naive times, empty titles, deleted entities, unassigns', async () => {
    edit(`
      UPDATE tickets SET title = '   ', created_at = '2026-11-21 07:48:25', assignee_entity_id = 9 WHERE ticket_id = 4;
      DELETE FROM config WHERE key = 'display_prefix';
      INSERT INTO ticket_logs VALUES (2, 3, 1, 'unassigned', NULL, '2026-11-21T07:49:00+00:00');
      INSERT INTO comments VALUES (1, 2, 7, 'Closing this', 3, '2026-11-21T07:50:00');
      INSERT INTO ticket_logs VALUES (77, 1, 1, 'created', NULL, '2026-11-21T07:50:00');
    `);
    expect(await importBlinkdesk(t.docket, sample)).toEqual({ project: 'blinkdesk', tickets: 4 });
    const p = t.docket.project('blinkdesk');
    const four = await p.get('#4');
    expect(four).toMatchObject({
      id: '#4',
      title: '(untitled)',
      assignee: 'entity-9',
      createdAt: '2026-11-21T07:48:25.000Z',
    });
    expect((await p.entities()).map((e) => e.slug)).toContain('entity-9');
    expect((await p.history(2)).map((h) => [h.field, h.old, h.new])).toContainEqual(['assignee', 'bob', null]);
    expect(await p.comments(1)).toContainEqual(
      expect.objectContaining({
        author: 'entity-7',
        body: 'Closing this',
        status: 'closed',
        createdAt: '2026-11-21T07:50:00.000Z',
      }),
    );
  });

  it('refuses files that are not BlinkDesk 0.11 databases, saying what they are', async () => {
    const text = join(t.dir, 'notes.txt');
    writeFileSync(text, 'just some text, long enough to not be an empty database file at all, really');
    await expect(importBlinkdesk(t.docket, text)).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringMatching(/is not a SQLite database/),
    });
    await expect(importBlinkdesk(t.docket, join(t.dir, 'missing.db'))).rejects.toMatchObject({ code: 'not_found' });
    await expect(importBlinkdesk(t.docket, t.path)).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringMatching(/is a Docket database, not a BlinkDesk one/),
    });
    const other = join(t.dir, 'other.db');
    new Database(other).exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    await expect(importBlinkdesk(t.docket, other)).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringMatching(/is not a BlinkDesk database/),
    });
    const old = new Database(sample);
    old.pragma('user_version = 2');
    old.close();
    await expect(importBlinkdesk(t.docket, sample)).rejects.toMatchObject({
      code: 'unsupported',
      message: expect.stringMatching(/schema version 2; Docket reads version 3/),
    });
    expect(await t.docket.projects()).toEqual([]);
  });

  it('writes nothing when a ticket cannot be mapped', async () => {
    edit('UPDATE tickets SET state_id = 42 WHERE ticket_id = 3');
    await expect(importBlinkdesk(t.docket, sample)).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringMatching(/BlinkDesk ticket 3 is in state id 42/),
    });
    expect(await t.docket.projects()).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseSchemaFile } from '../../src/domain/schema-file.js';
import { BACKENDS } from './backends.js';
import { expectRefused, useFixture } from './fixture.js';
import { BLINKDESK_PAGE_SCHEMA } from '../support/blinkdesk-example.js';

/** A stricter team: its own priorities, a reopen edge, and every option switched the other way. */
const STRICT = `[schema]
entities = ["ai", "alice"]
states = ["open", "in_progress", "closed"]
priorities = ["low", "normal", "high", "critical"]
categories = ["support"]
transitions = [
  { from = "open", to = "in_progress" },
  { from = "in_progress", to = "closed" },
  { from = "closed", to = "open" },
]

[options]
display_prefix = "ST-"
lock_entities = true
default_priority = "normal"
require_operator = true
audit_log = false
audit_prune_keep_days = 7
`;

for (const backend of BACKENDS) {
  describe(`projects from BlinkDesk schema files [${backend.name}]`, () => {
    const fx = useFixture(backend);

    it("runs a project from the package page's example", async () => {
      const file = parseSchemaFile(BLINKDESK_PAGE_SCHEMA);
      const project = await fx.docket.createProject({ key: 'bd', ...file });
      expect(project.prefix).toBe('BD-');
      const bd = fx.docket.project('bd', { actor: 'alice' });
      expect((await bd.entities()).map((e) => e.slug)).toEqual(['ai', 'alice']);
      expect((await bd.categories()).map((c) => c.slug)).toEqual(['ops', 'support']);
      const t = await bd.create({ title: 'Test', category: 'support', assignee: 'ai' });
      expect(t).toMatchObject({ id: 'BD-1', type: 'ticket', status: 'open', priority: 'normal' });
      expect((await bd.move('BD-1', 'in_progress')).status).toBe('in_progress');
      const closed = await bd.close('bd-1');
      expect(closed.status).toBe('closed');
      expect(closed.closedAt).not.toBeNull();
      // BlinkDesk priorities, most urgent first
      const board = await bd.board({ view: 'summary' });
      expect(board.types[0]!.columns.map((c) => [c.status, c.terminal, c.count])).toEqual([
        ['open', false, 0],
        ['in_progress', false, 0],
        ['closed', true, 1],
      ]);
      expect((await bd.schema()).priorities).toEqual(['high', 'normal', 'low']);
      // an unknown assignee becomes an entity (lock_entities is off)
      await bd.create({ title: 'Other', assignee: 'bob' });
      expect((await bd.entities()).map((e) => e.slug)).toContain('bob');
    });

    it('claim moves a BlinkDesk ticket into in_progress', async () => {
      await fx.docket.createProject({ key: 'bd', ...parseSchemaFile(BLINKDESK_PAGE_SCHEMA) });
      const bd = fx.docket.project('bd', { actor: 'ai' });
      await bd.create({ title: 'Work' });
      expect(await bd.claimNext()).toMatchObject({ status: 'in_progress', assignee: 'ai' });
    });

    it('enforces every option of a strict file', async () => {
      await fx.docket.createProject({ key: 'st', ...parseSchemaFile(STRICT) });
      const st = fx.docket.project('st', { actor: 'alice' });
      const t = await st.create({ title: 'x', priority: 'critical' });
      expect(t).toMatchObject({ id: 'ST-1', priority: 'critical' });
      expect((await st.create({ title: 'y' })).priority).toBe('normal');
      await expectRefused(st, t.id, () => st.as(null).create({ title: 'anon' }), 'forbidden');
      await expectRefused(st, t.id, () => st.assign(t.id, 'bob'), 'forbidden');
      await expectRefused(st, t.id, () => st.as('mallory').comment(t.id, 'hi'), 'forbidden');
      expect((await st.assign(t.id, 'ai')).assignee).toBe('ai');
      expect(await st.audit()).toEqual([]);
      expect((await st.config()).audit_prune_keep_days).toBe('7');
      // closed is terminal though it can be reopened: close and reopen both work, and ready skips it
      await st.move(t.id, 'in_progress');
      expect((await st.close(t.id)).status).toBe('closed');
      await st.unassign(t.id);
      expect((await st.ready()).map((r) => r.id)).toEqual(['ST-2']);
      expect(await st.reopen(t.id)).toMatchObject({ status: 'open', closedAt: null });
    });
  });
}

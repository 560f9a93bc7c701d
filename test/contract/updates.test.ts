import { describe, expect, it } from 'vitest';
import { BACKENDS } from './backends.js';
import { expectRefused, useFixture } from './fixture.js';

for (const backend of BACKENDS) {
  describe(`ticket fields [${backend.name}]`, () => {
    const fx = useFixture(backend);

    it('creates with every field and returns absent values as null', async () => {
      await fx.doc.addCategory('ops');
      const t = await fx.doc.create({
        title: '  Rotate keys  ',
        description: 'quarterly',
        type: 'bug',
        priority: 'urgent',
        assignee: 'Bob',
        category: 'ops',
        labels: ['sec', 'infra', 'sec'],
      });
      expect(t).toMatchObject({
        id: 'DOC-1',
        number: 1,
        project: 'doc',
        title: 'Rotate keys',
        description: 'quarterly',
        type: 'bug',
        status: 'triage',
        priority: 'urgent',
        assignee: 'bob',
        category: 'ops',
        labels: ['infra', 'sec'],
        createdBy: 'alice',
        closedAt: null,
        leaseUntil: null,
        version: 1,
      });
      expect(t.createdAt).toBe(new Date(fx.now).toISOString());
      expect(t.updatedAt).toBe(t.createdAt);
      const bare = await fx.doc.as(null).create({ title: 'Bare' });
      expect(bare).toMatchObject({ description: '', assignee: null, category: null, labels: [], createdBy: null });
      expect(await fx.doc.get(t.number)).toEqual(t);
    });

    it('updates every field at once and bumps the version once', async () => {
      await fx.doc.addCategory('ops');
      const t = await fx.doc.create({ title: 'Old', description: 'old text' });
      fx.advance(1000);
      const u = await fx.doc.update(t.id, {
        title: 'New',
        description: 'new text',
        priority: 'low',
        assignee: 'carol',
        category: 'ops',
        labels: ['b', 'a'],
      });
      expect(u).toMatchObject({
        title: 'New',
        description: 'new text',
        priority: 'low',
        assignee: 'carol',
        category: 'ops',
        labels: ['a', 'b'],
        version: 2,
      });
      expect(u.updatedAt).toBe(new Date(fx.now).toISOString());
      expect(u.createdAt).toBe(t.createdAt);
      expect(await fx.doc.get(t.id)).toEqual(u);
    });

    it('clears description, assignee and category with null, and labels with []', async () => {
      await fx.doc.addCategory('ops');
      const t = await fx.doc.create({
        title: 'Full',
        description: 'd',
        assignee: 'bob',
        category: 'ops',
        labels: ['x'],
      });
      const u = await fx.doc.update(t.id, { description: null, assignee: null, category: null, labels: [] });
      expect(u).toMatchObject({ description: '', assignee: null, category: null, labels: [], version: 2 });
      const history = await fx.doc.history(t.id);
      expect(history.slice(-4).map((h) => [h.field, h.old, h.new])).toEqual([
        ['description', 'd', null],
        ['assignee', 'bob', null],
        ['category', 'ops', null],
        ['labels', 'x', null],
      ]);
    });

    it('an update that changes nothing writes nothing', async () => {
      const t = await fx.doc.create({ title: 'Same', labels: ['a'] });
      const before = (await fx.doc.changes()).length;
      const u = await fx.doc.update(t.id, { title: 'Same', labels: ['a'], priority: 'medium' });
      expect(u).toEqual(t);
      expect((await fx.doc.changes()).length).toBe(before);
      expect(await fx.doc.history(t.id)).toHaveLength(1);
    });

    it('changing type keeps a status the new workflow has and remaps one it lacks', async () => {
      const t = await fx.doc.create({ title: 'Was a task' });
      await fx.doc.move(t.id, 'in_progress');
      const bug = await fx.doc.update(t.id, { type: 'bug' });
      expect(bug).toMatchObject({ type: 'bug', status: 'in_progress', closedAt: null });
      const decision = await fx.doc.update(t.id, { type: 'decision' });
      expect(decision).toMatchObject({ type: 'decision', status: 'open' });
      const rows = (await fx.doc.history(t.id)).slice(-3).map((h) => [h.field, h.old, h.new]);
      expect(rows).toEqual([
        ['type', 'task', 'bug'],
        ['type', 'bug', 'decision'],
        ['status', 'in_progress', 'open'],
      ]);
      // the remapped ticket can move on in its new workflow
      expect((await fx.doc.move(t.id, 'decided')).closedAt).not.toBeNull();
    });

    it('changing the type of a closed ticket keeps it closed when the status is terminal in both', async () => {
      await fx.doc.addType({
        type: 'chore',
        states: ['todo', 'done'],
        initial: 'todo',
        terminal: ['done'],
        transitions: [['todo', 'done']],
      });
      const t = await fx.doc.create({ title: 'Closed task' });
      const closed = await fx.doc.close(t.id);
      expect(closed.status).toBe('done');
      const chore = await fx.doc.update(t.id, { type: 'chore' });
      expect(chore).toMatchObject({ status: 'done' });
      expect(chore.closedAt).toBe(closed.closedAt);
      const bug = await fx.doc.update(t.id, { type: 'bug' });
      expect(bug).toMatchObject({ status: 'triage', closedAt: null });
    });

    it('assign, unassign, setCategory and setPriority each write one history row', async () => {
      await fx.doc.addCategory('ops');
      const t = await fx.doc.create({ title: 'Handle' });
      expect((await fx.doc.assign(t.id, 'dana')).assignee).toBe('dana');
      expect((await fx.doc.entity('dana')).kind).toBe('person');
      expect((await fx.doc.unassign(t.id)).assignee).toBeNull();
      expect((await fx.doc.setCategory(t.id, 'ops')).category).toBe('ops');
      expect((await fx.doc.setCategory(t.id, null)).category).toBeNull();
      const last = await fx.doc.setPriority(t.id, 'urgent');
      expect(last).toMatchObject({ priority: 'urgent', version: 6 });
      expect((await fx.doc.history(t.id)).slice(1).map((h) => [h.field, h.old, h.new])).toEqual([
        ['assignee', null, 'dana'],
        ['assignee', 'dana', null],
        ['category', null, 'ops'],
        ['category', 'ops', null],
        ['priority', 'medium', 'urgent'],
      ]);
    });

    it('adds and removes labels without losing the others', async () => {
      const t = await fx.doc.create({ title: 'Labels', labels: ['api'] });
      expect((await fx.doc.addLabels(t.id, ['UI', 'api'])).labels).toEqual(['api', 'ui']);
      expect((await fx.doc.removeLabels(t.id, ['api', 'missing'])).labels).toEqual(['ui']);
      const same = await fx.doc.removeLabels(t.id, ['missing']);
      expect(same.version).toBe(3);
      expect(await fx.doc.labels()).toEqual([{ label: 'ui', count: 1 }]);
      const list = await fx.doc.list({ label: 'ui' });
      expect(list.items.map((x) => x.id)).toEqual([t.id]);
    });

    it('edits fields and labels in one update: one version, one event, guarded as a whole', async () => {
      const t = await fx.doc.create({ title: 'Edit', labels: ['a', 'b'] });
      const before = await fx.doc.lastChangeId();
      const u = await fx.doc.update(
        t.id,
        { title: 'Edited', priority: 'high', addLabels: ['c'], removeLabels: ['a'] },
        { expectedVersion: 1 },
      );
      expect(u).toMatchObject({ title: 'Edited', priority: 'high', labels: ['b', 'c'], version: 2 });
      const changes = await fx.doc.changes(before);
      expect(changes.map((c) => [c.kind, c.changes.map((x) => x.field)])).toEqual([
        ['ticket.updated', ['title', 'priority', 'labels']],
      ]);
      await expectRefused(
        fx.doc,
        t.id,
        () => fx.doc.update(t.id, { title: 'Late', addLabels: ['d'] }, { expectedVersion: 1 }),
        'conflict',
      );
      await expectRefused(fx.doc, t.id, () => fx.doc.update(t.id, { labels: ['x'], addLabels: ['y'] }), 'validation');
    });

    it('refuses a 51st label', async () => {
      const labels = Array.from({ length: 50 }, (_, i) => `l${i}`);
      const t = await fx.doc.create({ title: 'Many', labels });
      await expect(fx.doc.addLabels(t.id, ['one-more'])).rejects.toMatchObject({ code: 'validation' });
      expect((await fx.doc.get(t.id)).labels).toHaveLength(50);
    });

    it('gets the detail: ticket, links, comments, references and history, each switchable', async () => {
      const a = await fx.doc.create({ title: 'A' });
      const b = await fx.doc.create({ title: 'B' });
      await fx.doc.link(a.id, 'blocks', b.id);
      await fx.doc.comment(a.id, 'first');
      const d = await fx.doc.detail(a.id);
      expect(d.ticket.id).toBe(a.id);
      expect(d.links.map((l) => [l.relation, l.ticket])).toEqual([['blocks', 'DOC-2']]);
      expect(d.comments.map((c) => [c.body, c.author])).toEqual([['first', 'alice']]);
      expect(d.history.map((h) => h.field)).toEqual(['created', 'link', 'comment']);
      const lean = await fx.doc.detail(a.id, { links: false, comments: false, references: false, history: 0 });
      expect(lean).toEqual({ ticket: d.ticket, links: [], comments: [], references: [], history: [] });
      expect((await fx.doc.detail(a.id, { history: 2 })).history).toHaveLength(2);
    });
  });
}

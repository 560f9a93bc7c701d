import { describe, expect, it } from 'vitest';
import { BACKENDS } from './backends.js';
import { expectRefused, useFixture } from './fixture.js';

for (const backend of BACKENDS) {
  describe(`projects, entities and categories [${backend.name}]`, () => {
    const fx = useFixture(backend);

    it('creates projects with their prefix and lists them; refuses a duplicate key', async () => {
      const ops = await fx.docket.createProject({ key: 'Ops', name: 'Operations', prefix: 'OP-' });
      expect(ops).toMatchObject({ key: 'ops', name: 'Operations', prefix: 'OP-' });
      expect((await fx.docket.projects()).map((p) => [p.key, p.prefix])).toEqual([
        ['doc', 'DOC-'],
        ['ops', 'OP-'],
      ]);
      await expect(fx.docket.createProject({ key: 'OPS' })).rejects.toMatchObject({ code: 'already_exists' });
      await expect(fx.docket.createProject({ key: '9lives' })).rejects.toMatchObject({ code: 'validation' });
      expect(await fx.docket.projects()).toHaveLength(2);
      await expect(fx.docket.project('nope').list()).rejects.toMatchObject({ code: 'not_found' });
    });

    it('adds, updates, lists and removes entities', async () => {
      const e = await fx.doc.addEntity({ slug: 'Agent 7', name: 'Agent Seven', kind: 'agent' });
      expect(e).toMatchObject({ slug: 'agent-7', name: 'Agent Seven', kind: 'agent' });
      await expectRefused(fx.doc, undefined, () => fx.doc.addEntity('agent-7'), 'already_exists');
      expect(await fx.doc.updateEntity({ slug: 'AGENT-7', name: 'A7' })).toMatchObject({ name: 'A7', kind: 'agent' });
      // the acting entity was added on first use
      expect((await fx.doc.entities()).map((x) => x.slug)).toEqual(['agent-7', 'alice']);
      expect((await fx.doc.entity('agent-7')).name).toBe('A7');
      await expect(fx.doc.entity('ghost')).rejects.toMatchObject({ code: 'not_found' });
      await fx.doc.removeEntity('agent-7');
      expect((await fx.doc.entities()).map((x) => x.slug)).toEqual(['alice']);
      await expectRefused(fx.doc, undefined, () => fx.doc.removeEntity('agent-7'), 'not_found');
    });

    it('refuses to remove an assigned entity unless forced, which unassigns its tickets', async () => {
      const t = await fx.doc.create({ title: 'x', assignee: 'bob' });
      await expectRefused(fx.doc, t.id, () => fx.doc.removeEntity('bob'), 'conflict', { count: 1 });
      await fx.doc.removeEntity('bob', { force: true });
      expect((await fx.doc.get(t.id)).assignee).toBeNull();
    });

    it('adds, renames and removes categories; a used one only with force', async () => {
      expect(await fx.doc.addCategory('Back End')).toMatchObject({ slug: 'back-end' });
      await expectRefused(fx.doc, undefined, () => fx.doc.addCategory('back-end'), 'already_exists');
      const t = await fx.doc.create({ title: 'x', category: 'back-end' });
      await fx.doc.renameCategory('back-end', 'server');
      expect((await fx.doc.get(t.id)).category).toBe('server');
      expect((await fx.doc.categories()).map((c) => c.slug)).toEqual(['server']);
      await expectRefused(fx.doc, t.id, () => fx.doc.renameCategory('ghost', 'x'), 'not_found');
      await fx.doc.addCategory('web');
      await expectRefused(fx.doc, t.id, () => fx.doc.renameCategory('server', 'web'), 'already_exists');
      await expectRefused(fx.doc, t.id, () => fx.doc.removeCategory('server'), 'conflict');
      await fx.doc.removeCategory('server', { force: true });
      expect((await fx.doc.get(t.id)).category).toBeNull();
      expect((await fx.doc.categories()).map((c) => c.slug)).toEqual(['web']);
    });

    it('refuses an unknown category on create and update, listing the known ones', async () => {
      await fx.doc.addCategory('ops');
      await expect(fx.doc.create({ title: 'x', category: 'dev' })).rejects.toMatchObject({
        code: 'validation',
        details: { field: 'category', allowed: ['ops'] },
      });
      expect((await fx.doc.list()).items).toEqual([]);
    });
  });

  describe(`schema management [${backend.name}]`, () => {
    const fx = useFixture(backend);

    it('adds a priority at a position, renames and removes one; tickets follow', async () => {
      const t = await fx.doc.create({ title: 'x', priority: 'high' });
      const low = await fx.doc.create({ title: 'y', priority: 'low' });
      let s = await fx.doc.addPriority('critical', 1);
      expect(s.priorities).toEqual(['critical', 'urgent', 'high', 'medium', 'low', 'none']);
      s = await fx.doc.addPriority('trivial');
      expect(s.priorities.at(-1)).toBe('trivial');
      await fx.doc.renamePriority('high', 'important');
      expect((await fx.doc.get(t.id)).priority).toBe('important');
      await fx.doc.create({ title: 'z', priority: 'critical' });
      // ready order follows the new list
      expect((await fx.doc.ready()).map((r) => r.title)).toEqual(['z', 'x', 'y']);
      await expectRefused(fx.doc, low.id, () => fx.doc.removePriority('low'), 'conflict');
      await expectRefused(fx.doc, low.id, () => fx.doc.removePriority('medium'), 'validation');
      await expectRefused(fx.doc, low.id, () => fx.doc.addPriority('urgent'), 'already_exists');
      await expectRefused(fx.doc, low.id, () => fx.doc.renamePriority('ghost', 'x'), 'not_found');
      await fx.doc.removePriority('trivial');
      expect((await fx.doc.schema()).priorities).not.toContain('trivial');
    });

    it('renaming the default priority renames the default too', async () => {
      await fx.doc.renamePriority('medium', 'normal');
      expect((await fx.doc.config()).default_priority).toBe('normal');
      expect((await fx.doc.create({ title: 'x' })).priority).toBe('normal');
    });

    it('adds and removes states and transitions per type', async () => {
      await fx.doc.addState('review', { type: 'task' });
      await fx.doc.addTransition('in_progress', 'review', { type: 'task' });
      await fx.doc.addTransition('review', 'done', { type: 'task' });
      const t = await fx.doc.create({ title: 'x' });
      await fx.doc.move(t.id, 'in_progress');
      expect((await fx.doc.move(t.id, 'review')).status).toBe('review');
      await expectRefused(fx.doc, t.id, () => fx.doc.removeState('review', { type: 'task' }), 'conflict');
      await expectRefused(fx.doc, t.id, () => fx.doc.addState('review', { type: 'task' }), 'already_exists');
      await expectRefused(
        fx.doc,
        t.id,
        () => fx.doc.addTransition('review', 'done', { type: 'task' }),
        'already_exists',
      );
      await expectRefused(fx.doc, t.id, () => fx.doc.addTransition('review', 'nowhere', { type: 'task' }), 'schema');
      await expectRefused(fx.doc, t.id, () => fx.doc.removeTransition('done', 'review', { type: 'task' }), 'not_found');
      await expectRefused(fx.doc, t.id, () => fx.doc.removeState('backlog', { type: 'task' }), 'validation');
      await expectRefused(fx.doc, t.id, () => fx.doc.addState('x'), 'validation'); // which type?
      await fx.doc.move(t.id, 'done');
      await fx.doc.removeTransition('in_progress', 'review', { type: 'task' });
      await fx.doc.removeState('review', { type: 'task' });
      const task = (await fx.doc.schema()).types.find((w) => w.type === 'task')!;
      expect(task.states).toEqual(['backlog', 'in_progress', 'done', 'cancelled']);
      expect(task.transitions.some(([a, b]) => a === 'review' || b === 'review')).toBe(false);
    });

    it('a new terminal state closes tickets that enter it', async () => {
      await fx.doc.addState('duplicate', { type: 'bug', terminal: true });
      await fx.doc.addTransition('triage', 'duplicate', { type: 'bug' });
      const b = await fx.doc.create({ title: 'b', type: 'bug' });
      expect((await fx.doc.move(b.id, 'duplicate')).closedAt).not.toBeNull();
    });

    it('adds a type with its own workflow and refuses a broken or duplicate one', async () => {
      const wf = {
        type: 'incident',
        states: ['open', 'mitigated', 'closed'],
        initial: 'open',
        terminal: ['closed'],
        transitions: [['open', 'mitigated'] as const, ['mitigated', 'closed'] as const],
        work: 'mitigated',
      };
      await fx.doc.addType(wf);
      const t = await fx.doc.create({ title: 'outage', type: 'incident' });
      expect(t.status).toBe('open');
      expect((await fx.doc.as('oncall').claim(t.id)).status).toBe('mitigated');
      await expectRefused(fx.doc, t.id, () => fx.doc.addType(wf), 'already_exists');
      await expectRefused(fx.doc, t.id, () => fx.doc.addType({ ...wf, type: 'bad', initial: 'ghost' }), 'schema');
      await expectRefused(
        fx.doc,
        t.id,
        () => fx.doc.addType({ ...wf, type: 'bad2', transitions: [['open', 'limbo']] }),
        'schema',
      );
      // names a command could never type back are refused too
      await expectRefused(fx.doc, t.id, () => fx.doc.addType({ ...wf, type: 'Bad Type' }), 'schema');
      await expectRefused(
        fx.doc,
        t.id,
        () => fx.doc.addType({ ...wf, type: 'ok', states: ['open', 'In Progress', 'closed'] }),
        'schema',
      );
    });
  });

  describe(`config and audit [${backend.name}]`, () => {
    const fx = useFixture(backend);

    it('gets every option as text and sets each with validation', async () => {
      expect(await fx.doc.config()).toEqual({
        display_prefix: 'DOC-',
        lock_entities: 'false',
        default_priority: 'medium',
        require_operator: 'false',
        audit_log: 'true',
        audit_prune_keep_days: '30',
        default_type: 'task',
        estimate_unit: 'points',
        webhook_allow_private: 'false',
      });
      expect((await fx.doc.setConfig('estimate_unit', 'HOURS')).estimate_unit).toBe('hours');
      await expectRefused(fx.doc, undefined, () => fx.doc.setConfig('estimate_unit', 'days'), 'validation');
      expect((await fx.doc.setConfig('lock_entities', 'true')).lock_entities).toBe(true);
      expect((await fx.doc.setConfig('audit_prune_keep_days', '7')).audit_prune_keep_days).toBe(7);
      expect((await fx.doc.setConfig('default_priority', 'HIGH')).default_priority).toBe('high');
      expect((await fx.doc.setConfig('default_type', 'bug')).default_type).toBe('bug');
      expect(await fx.doc.create({ title: 'x' })).toMatchObject({ type: 'bug', priority: 'high' });
      await expectRefused(fx.doc, 1, () => fx.doc.setConfig('colour', 'red'), 'validation');
      await expectRefused(fx.doc, 1, () => fx.doc.setConfig('audit_log', 'maybe'), 'validation');
      await expectRefused(fx.doc, 1, () => fx.doc.setConfig('audit_prune_keep_days', '-1'), 'validation');
      await expectRefused(fx.doc, 1, () => fx.doc.setConfig('display_prefix', 'A B'), 'validation');
      await expectRefused(fx.doc, 1, () => fx.doc.setConfig('default_priority', 'whenever'), 'validation', {
        allowed: ['urgent', 'high', 'medium', 'low', 'none'],
      });
      await expectRefused(fx.doc, 1, () => fx.doc.setConfig('default_type', 'epic'), 'validation');
    });

    it('a new display prefix renames every ticket id', async () => {
      await fx.doc.create({ title: 'x' });
      await fx.doc.setConfig('display_prefix', 'D#');
      expect((await fx.doc.get('D#1')).id).toBe('D#1');
      expect((await fx.doc.get(1)).id).toBe('D#1');
    });

    it('require_operator refuses writes without an actor and allows them with one', async () => {
      await fx.doc.setConfig('require_operator', true);
      const anon = fx.doc.as(null);
      const t = await fx.doc.create({ title: 'x' });
      await expectRefused(fx.doc, t.id, () => anon.create({ title: 'y' }), 'forbidden', { operation: 'create' });
      await expectRefused(fx.doc, t.id, () => anon.update(t.id, { title: 'z' }), 'forbidden');
      await expectRefused(fx.doc, t.id, () => anon.move(t.id, 'done'), 'forbidden');
      await expectRefused(fx.doc, t.id, () => anon.comment(t.id, 'hi'), 'forbidden');
      await expectRefused(fx.doc, t.id, () => anon.addCategory('ops'), 'forbidden');
      // options and audit upkeep need none, as in BlinkDesk (its walkthrough sets options right after)
      expect((await anon.setConfig('audit_prune_keep_days', 7)).audit_prune_keep_days).toBe(7);
      expect(await anon.pruneAudit()).toEqual({ removed: 0 });
      // reads need no operator
      expect((await anon.get(t.id)).title).toBe('x');
    });

    it('lock_entities refuses an unknown assignee or operator, and allows known ones', async () => {
      await fx.doc.addEntity('bob');
      await fx.doc.setConfig('lock_entities', true);
      const t = await fx.doc.create({ title: 'x', assignee: 'bob' });
      await expectRefused(fx.doc, t.id, () => fx.doc.assign(t.id, 'mallory'), 'forbidden', { entity: 'mallory' });
      await expectRefused(fx.doc, t.id, () => fx.doc.create({ title: 'y', assignee: 'mallory' }), 'forbidden');
      await expectRefused(fx.doc, t.id, () => fx.doc.as('mallory').move(t.id, 'done'), 'forbidden');
      await expectRefused(fx.doc, t.id, () => fx.doc.as('mallory').claim(t.id), 'forbidden');
      expect((await fx.doc.as('bob').move(t.id, 'done')).status).toBe('done');
      expect((await fx.doc.entities()).map((e) => e.slug)).toEqual(['alice', 'bob']);
    });

    it('writes an audit line per change with the actor, and none when audit_log is off', async () => {
      await fx.doc.create({ title: 'x' });
      await fx.doc.as('bob').move(1, 'in_progress');
      const lines = await fx.doc.audit();
      expect(lines.map((l) => [l.kind, l.actor])).toEqual([
        ['project.created', null],
        ['ticket.created', 'alice'],
        ['ticket.moved', 'bob'],
      ]);
      expect(lines[2]!.line).toContain('DOC-1');
      expect(lines[2]!.line).toContain('bob');
      expect((await fx.doc.audit(lines[0]!.id, 1)).map((l) => l.id)).toEqual([lines[1]!.id]);
      await fx.doc.setConfig('audit_log', false);
      await fx.doc.comment(1, 'quiet');
      expect(await fx.doc.audit()).toHaveLength(3);
      // the change feed and history are kept whatever the audit switch says
      expect((await fx.doc.changes()).slice(-1)[0]!.kind).toBe('ticket.commented');
      await fx.doc.setConfig('audit_log', true);
      await fx.doc.comment(1, 'loud');
      expect((await fx.doc.audit()).slice(-1)[0]!.kind).toBe('ticket.commented');
    });

    it('prunes audit lines older than the kept days, by default the configured number', async () => {
      const DAY = 86_400_000;
      await fx.doc.create({ title: 'old' });
      fx.advance(10 * DAY);
      await fx.doc.create({ title: 'newer' });
      fx.advance(25 * DAY);
      expect(await fx.doc.pruneAudit()).toEqual({ removed: 2 }); // project.created and the first create
      const left = await fx.doc.audit();
      expect(left.map((l) => l.kind)).toEqual(['ticket.created', 'audit.pruned']);
      await fx.doc.setConfig('audit_prune_keep_days', 0);
      fx.advance(1);
      const { removed } = await fx.doc.pruneAudit();
      expect(removed).toBe(3);
      expect((await fx.doc.audit()).map((l) => l.kind)).toEqual(['audit.pruned']);
      await expect(fx.doc.pruneAudit(-1)).rejects.toMatchObject({ code: 'validation' });
    });

    it('the change feed pages by id and says what changed', async () => {
      const t = await fx.doc.create({ title: 'x' });
      await fx.doc.update(t.id, { title: 'y', priority: 'low' });
      const all = await fx.doc.changes();
      expect(all.map((e) => e.kind)).toEqual(['project.created', 'ticket.created', 'ticket.updated']);
      expect(all[2]).toMatchObject({
        project: 'doc',
        ticket: 'DOC-1',
        actor: 'alice',
        changes: [
          { field: 'title', old: 'x', new: 'y' },
          { field: 'priority', old: 'medium', new: 'low' },
        ],
      });
      expect(await fx.doc.changes(all[1]!.id)).toEqual([all[2]]);
      expect(await fx.doc.changes(0, 1)).toEqual([all[0]]);
    });
  });
}

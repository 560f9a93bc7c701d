import { describe, expect, it } from 'vitest';
import { parseSchemaFile } from '../../src/domain/schema-file.js';
import { BACKENDS } from './backends.js';
import { expectRefused, useFixture } from './fixture.js';

const DAY = 86_400_000;

/** A schema file with one custom field of each kind (docs/planning.md). */
const PLANNING_SCHEMA = `
[fields.team]
type = "enum"
values = ["ui", "api"]
default = "api"

[fields.size]
type = "number"

[fields.customer]
type = "string"

[fields.signed]
type = "bool"

[fields.review_by]
type = "date"
types = ["bug"]

[fields.severity]
type = "enum"
values = ["s1", "s2"]
required = true
types = ["bug"]
`;

for (const backend of BACKENDS) {
  describe(`planning [${backend.name}]`, () => {
    const fx = useFixture(backend);

    it('sets due dates, estimates and milestones at create, changes and clears them with history', async () => {
      await fx.doc.addMilestone({ key: 'v2.4', due: '2025-02-01' });
      const t = await fx.doc.create({ title: 'plan', due: '2025-01-31', estimate: 3, milestone: 'v2.4' });
      expect(t).toMatchObject({ due: '2025-01-31', estimate: 3, milestone: 'v2.4' });
      expect(await fx.doc.get(t.id)).toMatchObject({ due: '2025-01-31', estimate: 3, milestone: 'v2.4' });
      const timed = await fx.doc.update(t.id, { due: '2025-01-31T17:30+02:00', estimate: '0.5' });
      expect(timed).toMatchObject({ due: '2025-01-31T15:30:00.000Z', estimate: 0.5 });
      const cleared = await fx.doc.update(t.id, { due: null, estimate: null, milestone: null });
      expect(cleared).not.toHaveProperty('due');
      expect(cleared).not.toHaveProperty('estimate');
      expect(cleared).not.toHaveProperty('milestone');
      const plain = await fx.doc.create({ title: 'nothing planned' });
      expect(Object.keys(plain)).not.toContain('due');
      const history = (await fx.doc.history(t.id)).filter((h) => ['due', 'estimate', 'milestone'].includes(h.field));
      expect(history.map((h) => [h.field, h.old, h.new])).toEqual([
        ['due', null, '2025-01-31'],
        ['estimate', null, '3'],
        ['milestone', null, 'v2.4'],
        ['due', '2025-01-31', '2025-01-31T15:30:00.000Z'],
        ['estimate', '3', '0.5'],
        ['due', '2025-01-31T15:30:00.000Z', null],
        ['estimate', '0.5', null],
        ['milestone', 'v2.4', null],
      ]);
    });

    it('refuses bad planning input with a clear error and writes nothing', async () => {
      const t = await fx.doc.create({ title: 'x' });
      await fx.docket.createProject({ key: 'ops' });
      await fx.docket.project('ops').addMilestone({ key: 'theirs' });
      const refuse = (input: Record<string, unknown>, code: string, message: RegExp) =>
        expectRefused(
          fx.doc,
          t.id,
          async () => {
            await expect(fx.doc.update(t.id, input)).rejects.toThrow(message);
            return fx.doc.create({ title: 'y', ...input });
          },
          code,
        );
      await refuse({ due: '2026-02-30' }, 'validation', /due: '2026-02-30' is not a date on the calendar/);
      await refuse({ due: 'tomorrow' }, 'validation', /due: 'tomorrow' is not a date; use YYYY-MM-DD/);
      await refuse({ due: '2026-01-01T10:00' }, 'validation', /has a time but no zone/);
      await refuse({ estimate: -1 }, 'validation', /estimate: must be a number from 0 to 1000000, not '-1'/);
      await refuse({ estimate: '1e400' }, 'validation', /estimate: must be a number from 0/);
      await refuse({ estimate: Number.POSITIVE_INFINITY }, 'validation', /estimate: must be a number from 0/);
      await refuse({ milestone: 'theirs' }, 'not_found', /milestone not found: 'theirs' in project doc/);
    });

    it('runs milestones: add, list with progress, edit and rename, close, reopen, delete or move', async () => {
      await fx.doc.addMilestone({ key: 'v1', name: 'First', description: 'launch', due: '2025-01-10' });
      await fx.doc.addMilestone({ key: 'v2' });
      await expectRefused(fx.doc, undefined, () => fx.doc.addMilestone({ key: 'v1' }), 'already_exists');
      await expectRefused(fx.doc, undefined, () => fx.doc.addMilestone({ key: 'v3', due: '2025-13-01' }), 'validation');
      const a = await fx.doc.create({ title: 'a', milestone: 'v1', estimate: 2 });
      await fx.doc.create({ title: 'b', milestone: 'v1', estimate: 3 });
      await fx.doc.close(a.id);
      expect(await fx.doc.milestone('v1')).toMatchObject({
        key: 'v1',
        name: 'First',
        description: 'launch',
        due: '2025-01-10',
        state: 'open',
        tickets: { total: 2, closed: 1 },
        estimate: { total: 5, closed: 2, unit: 'points' },
        progress: 0.5,
      });
      expect((await fx.doc.milestones()).map((m) => m.key)).toEqual(['v1', 'v2']);

      const renamed = await fx.doc.editMilestone('v1', { key: 'v1.0', due: null, name: 'One' });
      expect(renamed).toMatchObject({ key: 'v1.0', name: 'One', due: null, tickets: { total: 2, closed: 1 } });
      expect((await fx.doc.get(a.id)).milestone).toBe('v1.0');
      expect((await fx.doc.history(a.id)).at(-1)).toMatchObject({ field: 'milestone', old: 'v1', new: 'v1.0' });

      expect((await fx.doc.closeMilestone('v1.0')).state).toBe('closed');
      expect((await fx.doc.milestones({ state: 'open' })).map((m) => m.key)).toEqual(['v2']);
      expect((await fx.doc.milestones()).map((m) => m.key)).toEqual(['v2', 'v1.0']);
      expect((await fx.doc.reopenMilestone('v1.0')).state).toBe('open');

      await expectRefused(fx.doc, a.id, () => fx.doc.removeMilestone('v1.0'), 'conflict');
      await expectRefused(fx.doc, a.id, () => fx.doc.removeMilestone('v1.0', { moveTo: 'nope' }), 'not_found');
      expect(await fx.doc.removeMilestone('v1.0', { moveTo: 'v2' })).toEqual({ moved: 2 });
      expect((await fx.doc.list({ milestone: 'v2' })).items.map((t) => t.title)).toEqual(['a', 'b']);
      await fx.doc.update(a.id, { milestone: null });
      await fx.doc.update(2, { milestone: null });
      expect(await fx.doc.removeMilestone('v2')).toEqual({ moved: 0 });
      expect(await fx.doc.milestones()).toEqual([]);
      const kinds = (await fx.doc.changes(0, 100)).map((c) => c.kind);
      expect(kinds.filter((k) => k === 'milestone.changed')).toHaveLength(7);
    });

    it('draws a burn-down of the open estimate per day up to the due date', async () => {
      await fx.doc.addMilestone({ key: 'v1', due: '2025-01-04' });
      const a = await fx.doc.create({ title: 'a', milestone: 'v1', estimate: 3 });
      await fx.doc.create({ title: 'b', milestone: 'v1', estimate: 2 });
      fx.advance(DAY);
      await fx.doc.close(a.id);
      const burn = await fx.doc.burnDown('v1');
      expect(burn).toEqual({
        milestone: 'v1',
        unit: 'points',
        days: [
          { day: '2025-01-01', open: 5 },
          { day: '2025-01-02', open: 2 },
          { day: '2025-01-03', open: null },
          { day: '2025-01-04', open: null },
        ],
      });
    });

    it('filters by due dates, overdue, milestone and no milestone, and sorts by due', async () => {
      await fx.doc.addMilestone({ key: 'v1' });
      await fx.doc.create({ title: 'day', due: '2025-01-01', milestone: 'v1' });
      await fx.doc.create({ title: 'instant', due: '2025-01-01T06:00Z' });
      await fx.doc.create({ title: 'later', due: '2025-03-01' });
      await fx.doc.create({ title: 'undated' });
      const titles = async (q: Parameters<typeof fx.doc.list>[0]) => (await fx.doc.list(q)).items.map((t) => t.title);
      fx.advance(12 * 3_600_000); // noon on the 1st: the instant has passed, the day has not
      expect(await titles({ overdue: true })).toEqual(['instant']);
      fx.advance(DAY);
      expect(await titles({ overdue: true })).toEqual(['day', 'instant']);
      expect(await titles({ dueBefore: '2025-01-02' })).toEqual(['day', 'instant']);
      expect(await titles({ dueAfter: '2025-01-01' })).toEqual(['later']);
      expect(await titles({ milestone: 'v1' })).toEqual(['day']);
      expect(await titles({ milestone: null })).toEqual(['instant', 'later', 'undated']);
      expect(await titles({ order: 'due' })).toEqual(['day', 'instant', 'later', 'undated']);
      await expect(fx.doc.list({ milestone: 'v9' })).rejects.toMatchObject({ code: 'not_found' });
      await expect(fx.doc.list({ dueBefore: '2025-02-30' })).rejects.toMatchObject({ code: 'validation' });
    });

    it('prefers the earlier due date within a priority for ready work and claim-next', async () => {
      await fx.doc.create({ title: 'old, undated' });
      await fx.doc.create({ title: 'due late', due: '2025-06-01' });
      await fx.doc.create({ title: 'due soon', due: '2025-01-05' });
      await fx.doc.create({ title: 'urgent', priority: 'urgent' });
      expect((await fx.doc.ready()).map((t) => t.title)).toEqual(['urgent', 'due soon', 'due late', 'old, undated']);
      await fx.doc.claimNext();
      expect((await fx.doc.claimNext())?.title).toBe('due soon');
    });

    it('validates custom fields from the schema file, applies defaults, filters and records them', async () => {
      const { schema } = parseSchemaFile(PLANNING_SCHEMA, 'PL-');
      await fx.docket.createProject({ key: 'pl', schema });
      const pl = fx.docket.project('pl', { actor: 'alice' });
      const task = await pl.create({ title: 'task', fields: { size: '3', customer: 'Acme', signed: 'yes' } });
      expect(task.fields).toEqual({ team: 'api', size: 3, customer: 'Acme', signed: true });
      const bug = await pl.create({
        title: 'bug',
        type: 'bug',
        fields: { severity: 's1', review_by: '2025-02-01', team: 'ui' },
      });
      expect(bug.fields).toEqual({ team: 'ui', severity: 's1', review_by: '2025-02-01' });
      await expectRefused(pl, bug.id, () => pl.create({ title: 'b', type: 'bug' }), 'validation', {
        field: 'field.severity',
      });
      await expectRefused(pl, bug.id, () => pl.update(bug.id, { fields: { team: 'web' } }), 'validation', {
        field: 'field.team',
        allowed: ['ui', 'api'],
      });
      await expect(pl.update(bug.id, { fields: { team: 'web' } })).rejects.toThrow(
        "field.team: 'web' is not one of its values; allowed: ui, api",
      );
      await expectRefused(pl, task.id, () => pl.update(task.id, { fields: { size: 'big' } }), 'validation');
      await expectRefused(pl, task.id, () => pl.update(task.id, { fields: { review_by: '2025-01-01' } }), 'validation');
      await expectRefused(pl, task.id, () => pl.update(task.id, { fields: { colour: 'red' } }), 'validation');
      await expectRefused(pl, bug.id, () => pl.update(bug.id, { fields: { severity: null } }), 'validation');

      const edited = await pl.update(task.id, { fields: { size: 5, customer: null } });
      expect(edited.fields).toEqual({ team: 'api', size: 5, signed: true });
      expect((await pl.history(task.id)).slice(-2).map((h) => [h.field, h.old, h.new])).toEqual([
        ['field.customer', 'Acme', null],
        ['field.size', '3', '5'],
      ]);
      const titles = async (fields: Record<string, string | number | boolean>) =>
        (await pl.list({ fields })).items.map((t) => t.title);
      expect(await titles({ size: '5' })).toEqual(['task']);
      expect(await titles({ team: 'ui' })).toEqual(['bug']);
      expect(await titles({ signed: true })).toEqual(['task']);
      await expect(pl.list({ fields: { team: 'web' } })).rejects.toMatchObject({ code: 'validation' });
    });

    it('finds tickets by the text of their custom fields, follows edits, and ranks a title match first', async () => {
      const { schema } = parseSchemaFile(PLANNING_SCHEMA, 'PL-');
      await fx.docket.createProject({ key: 'pl', schema });
      const pl = fx.docket.project('pl', { actor: 'alice' });
      const viaField = await pl.create({
        title: 'Invoice totals are off',
        fields: { customer: 'Globex Corporation', size: 90210 },
      });
      const viaTitle = await pl.create({ title: 'Globex asks for an export' });
      await pl.create({ title: 'Unrelated', fields: { customer: 'Initech' } });
      const ids = async (q: string) => (await pl.search(q)).map((h) => h.ticket.id);
      expect(await ids('globex')).toEqual([viaTitle.id, viaField.id]);
      const hit = (await pl.search('corporation'))[0]!;
      expect(hit.ticket.id).toBe(viaField.id);
      expect(hit.snippet).toContain('\uE000Corporation\uE001');
      // An enum value is text too; a number is not indexed.
      expect(await ids('api')).toContain(viaField.id);
      expect(await ids('90210')).toEqual([]);
      // Edits and clears reach the index, and a deleted field value is no longer found.
      await pl.update(viaField.id, { fields: { customer: 'Umbrella' } });
      expect(await ids('corporation')).toEqual([]);
      expect(await ids('umbrella')).toEqual([viaField.id]);
      await pl.update(viaField.id, { fields: { customer: null } });
      expect(await ids('umbrella')).toEqual([]);
      expect(await ids('invoice')).toEqual([viaField.id]);
    });
  });
}

import { describe, expect, it } from 'vitest';
import type { Project } from '../../src/core/docket.js';
import { BACKENDS } from './backends.js';
import { expectRefused, useFixture } from './fixture.js';

/** A bug labelled `api` in category `ops`, a task whose only label sits on a closed ticket, and an unused category. */
async function seed(doc: Project) {
  await doc.addCategory('ops');
  await doc.addCategory('idle');
  await doc.create({ title: 'crash', type: 'bug', priority: 'high', category: 'ops', labels: ['api'] }); // 1
  await doc.create({ title: 'old', labels: ['legacy'] }); // 2
  await doc.close(2);
  await doc.create({ title: 'chore' }); // 3
}

const refused = (field: string, value: string) => ({ code: 'validation', details: { field, value } });

for (const backend of BACKENDS) {
  describe(`filters refuse values the project does not have [${backend.name}]`, () => {
    const fx = useFixture(backend);

    it('list: an unknown status, type or priority names the valid values', async () => {
      await seed(fx.doc);
      await expect(fx.doc.list({ status: 'opne' })).rejects.toMatchObject({
        ...refused('status', 'opne'),
        message: expect.stringMatching(
          /^unknown status 'opne'; statuses: backlog, in_progress, done, cancelled, triage/,
        ),
      });
      await expect(fx.doc.list({ status: ['backlog', 'in_progess'] })).rejects.toMatchObject(
        refused('status', 'in_progess'),
      );
      await expect(fx.doc.list({ type: 'bugs' })).rejects.toMatchObject({
        ...refused('type', 'bugs'),
        message: "unknown ticket type 'bugs'; types: task, bug, feature, decision",
      });
      await expect(fx.doc.list({ priority: 'hihg' })).rejects.toMatchObject({
        ...refused('priority', 'hihg'),
        message: "unknown priority 'hihg'; priorities: urgent, high, medium, low, none",
      });
    });

    it('list: a status is checked against the filtered types only', async () => {
      await seed(fx.doc);
      await expect(fx.doc.list({ type: 'task', status: 'triage' })).rejects.toMatchObject({
        ...refused('status', 'triage'),
        message: "unknown status 'triage'; statuses of task: backlog, in_progress, done, cancelled",
      });
      const page = await fx.doc.list({ type: ['task', 'bug'], status: 'triage' });
      expect(page.items.map((t) => t.number)).toEqual([1]);
    });

    it('list: an unknown category or label is refused; a known one that matches nothing is an empty page', async () => {
      await seed(fx.doc);
      await expect(fx.doc.list({ category: 'opps' })).rejects.toMatchObject({
        ...refused('category', 'opps'),
        message: "unknown category 'opps'; categories: idle, ops",
      });
      await expect(fx.doc.list({ label: 'api2' })).rejects.toMatchObject({
        ...refused('label', 'api2'),
        message: expect.stringMatching(
          /^unknown label 'api2': no ticket carries it; labels in use: (api, legacy|legacy, api)$/,
        ),
      });
      expect((await fx.doc.list({ category: 'idle' })).items).toEqual([]);
      // `legacy` exists on a closed ticket only: asking for open ones finds nothing, honestly
      expect((await fx.doc.list({ label: 'legacy', state: 'open' })).items).toEqual([]);
      expect((await fx.doc.list({ label: 'legacy' })).items.map((t) => t.number)).toEqual([2]);
      // past the last page is still an empty page, not an error
      expect((await fx.doc.list({ label: 'api', after: 1 })).items).toEqual([]);
      expect((await fx.doc.list({ category: null, label: 'legacy' })).items.map((t) => t.number)).toEqual([2]);
    });

    it('search refuses unknown filter values too', async () => {
      await seed(fx.doc);
      await expect(fx.doc.search({ query: 'crash', status: 'opne' })).rejects.toMatchObject(refused('status', 'opne'));
      await expect(fx.doc.search({ query: 'crash', label: 'nope' })).rejects.toMatchObject(refused('label', 'nope'));
      await expect(fx.doc.search({ query: 'nothing-like-this', category: 'opps' })).rejects.toMatchObject(
        refused('category', 'opps'),
      );
      expect((await fx.doc.search({ query: 'crash', label: 'api' })).map((h) => h.ticket.number)).toEqual([1]);
    });

    it('ready refuses an unknown type, priority, category or label instead of saying nothing is ready', async () => {
      await seed(fx.doc);
      await expect(fx.doc.ready({ type: 'bugs' })).rejects.toMatchObject(refused('type', 'bugs'));
      await expect(fx.doc.ready({ priority: 'hihg' })).rejects.toMatchObject(refused('priority', 'hihg'));
      await expect(fx.doc.ready({ category: 'opps' })).rejects.toMatchObject(refused('category', 'opps'));
      await expect(fx.doc.ready({ label: 'apii' })).rejects.toMatchObject(refused('label', 'apii'));
      expect(await fx.doc.ready({ label: 'legacy' })).toEqual([]);
      expect((await fx.doc.ready({ type: 'bug' })).map((t) => t.number)).toEqual([1]);
    });

    it('claim --next refuses an unknown filter value and changes nothing', async () => {
      await seed(fx.doc);
      const agent = fx.doc.as('agent-1');
      await expectRefused(fx.doc, 1, () => agent.claimNext({ type: 'bugs' }), 'validation', {
        field: 'type',
        value: 'bugs',
      });
      await expectRefused(fx.doc, 1, () => agent.claimNext({ label: 'apii' }), 'validation', {
        field: 'label',
        value: 'apii',
      });
      expect(await agent.claimNext({ category: 'idle' })).toBeNull();
      expect((await agent.claimNext({ type: 'bug' }))?.number).toBe(1);
    });
  });

  describe(`actor names [${backend.name}]`, () => {
    const fx = useFixture(backend);

    it('project() and as() refuse an actor that is not a valid entity name, naming it', () => {
      expect(() => fx.docket.project('doc', { actor: 'bad name!' })).toThrow(
        expect.objectContaining({
          code: 'validation',
          details: { field: 'actor', value: 'bad name!' },
          message: expect.stringMatching(
            /^actor 'bad name!' is not a valid name \(may hold letters.*e\.g\. 'bad-name'$/,
          ),
        }),
      );
      expect(() => fx.doc.as('')).toThrow(
        expect.objectContaining({ code: 'validation', message: expect.stringMatching(/must not be empty/) }),
      );
      expect(() => fx.doc.as('x'.repeat(65))).toThrow(expect.objectContaining({ code: 'validation' }));
      expect(() => fx.doc.as('-lead')).toThrow(expect.objectContaining({ code: 'validation' }));
    });

    it('a refused actor never becomes an entity; a name with capitals and spaces is folded like a slug', async () => {
      expect(() => fx.doc.as('who?')).toThrow(expect.objectContaining({ code: 'validation' }));
      await expect(fx.docket.createProject({ key: 'other' }, { actor: 'a/b' })).rejects.toMatchObject({
        code: 'validation',
      });
      const folded = fx.doc.as('Night Shift');
      expect(folded.actor).toBe('night-shift');
      const t = await folded.create({ title: 'by the night shift' });
      expect(t.createdBy).toBe('night-shift');
      expect(fx.docket.project('doc', { actor: 'José' }).actor).toBe('josé');
      expect((await fx.doc.entities()).map((e) => e.slug)).toEqual(['night-shift']);
      expect(fx.doc.as(null).actor).toBeNull();
    });
  });
}

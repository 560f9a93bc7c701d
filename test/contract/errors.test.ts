import { describe, expect, it } from 'vitest';
import type { Project } from '../../src/core/docket.js';
import { DocketError } from '../../src/domain/errors.js';
import { defaultSchema } from '../../src/domain/project-schema.js';
import { BACKENDS } from './backends.js';
import { expectRefused, useFixture } from './fixture.js';

/** Every write that takes `expectedVersion`, called with a stale one. */
const staleWrites = (doc: Project, id: string) => ({
  update: () => doc.update(id, { title: 'stale' }, { expectedVersion: 1 }),
  move: () => doc.move(id, 'done', { expectedVersion: 1 }),
  close: () => doc.close(id, { expectedVersion: 1 }),
  reopen: () => doc.reopen(id, { expectedVersion: 1 }),
  assign: () => doc.assign(id, 'bob', { expectedVersion: 1 }),
  unassign: () => doc.unassign(id, { expectedVersion: 1 }),
  setPriority: () => doc.setPriority(id, 'low', { expectedVersion: 1 }),
  setCategory: () => doc.setCategory(id, null, { expectedVersion: 1 }),
  addLabels: () => doc.addLabels(id, ['x'], { expectedVersion: 1 }),
  removeLabels: () => doc.removeLabels(id, ['a'], { expectedVersion: 1 }),
  comment: () => doc.comment(id, 'stale', { expectedVersion: 1 }),
  claim: () => doc.claim(id, { expectedVersion: 1 }),
  release: () => doc.release(id, { expectedVersion: 1 }),
});

for (const backend of BACKENDS) {
  describe(`error paths [${backend.name}]`, () => {
    const fx = useFixture(backend);

    it('every operation reports bad input as a rejected promise, never a synchronous throw', async () => {
      const calls: (() => Promise<unknown>)[] = [
        () => fx.doc.create({ title: '' }),
        () => fx.doc.list({ limit: 0 }),
        () => fx.doc.board({ limit: 0 }),
        () => fx.doc.move(1, 'Not A State!'),
        () => fx.doc.setConfig('nope', 1),
        () => fx.docket.createProject({ key: '1bad' }),
        () => fx.doc.search(''),
        () => fx.doc.as(null).claim(1),
        () => fx.doc.addLabels(1, ['bad label!']),
        () => fx.doc.addCategory(''),
      ];
      for (const call of calls) {
        let promise: Promise<unknown> | undefined;
        expect(() => {
          promise = call();
        }).not.toThrow();
        await expect(promise).rejects.toBeInstanceOf(DocketError);
      }
    });

    it('not_found: a missing ticket, in any form, and a missing project', async () => {
      await fx.doc.create({ title: 'x' });
      for (const ref of [2, 'DOC-2', '#2', 'OPS-1']) {
        await expectRefused(fx.doc, 1, () => fx.doc.move(ref, 'done'), 'not_found');
        await expect(fx.doc.get(ref)).rejects.toMatchObject({ code: 'not_found' });
      }
      await expect(fx.docket.project('ghost').create({ title: 'x' })).rejects.toMatchObject({
        code: 'not_found',
        details: { project: 'ghost' },
      });
    });

    it('invalid_transition lists the legal targets and changes nothing', async () => {
      const t = await fx.doc.create({ title: 'x', type: 'feature' });
      await expectRefused(fx.doc, t.id, () => fx.doc.move(t.id, 'shipped'), 'invalid_transition', {
        from: 'proposed',
        to: 'shipped',
        allowed: ['approved', 'rejected'],
      });
      await expectRefused(
        fx.doc,
        t.id,
        () => fx.doc.comment(t.id, { body: 'go', status: 'shipped' }),
        'invalid_transition',
      );
    });

    it('conflict: every write refuses a stale version and changes nothing', async () => {
      await fx.doc.addCategory('ops');
      const t = await fx.doc.create({ title: 'x', labels: ['a'], category: 'ops', assignee: 'carol' });
      await fx.doc.update(t.id, { description: 'bump' });
      for (const [name, write] of Object.entries(staleWrites(fx.doc.as('carol'), t.id))) {
        await expectRefused(fx.doc, t.id, write, 'conflict', { version: 2, expected: 1 }).catch((e) => {
          throw new Error(`${name}: ${(e as Error).message}`);
        });
      }
      // the right version goes through
      expect((await fx.doc.update(t.id, { title: 'fresh' }, { expectedVersion: 2 })).version).toBe(3);
    });

    it('conflict: an idempotency key reused for another request', async () => {
      const t = await fx.doc.create({ title: 'once', idempotencyKey: 'key-1' });
      await expectRefused(
        fx.doc,
        t.id,
        () => fx.doc.create({ title: 'once', priority: 'low', idempotencyKey: 'key-1' }),
        'conflict',
      );
      // a replay returns the first ticket as it is now, and writes nothing
      await fx.doc.update(t.id, { title: 'renamed' });
      const before = (await fx.doc.changes()).length;
      expect(await fx.doc.create({ title: 'once', idempotencyKey: 'key-1' })).toMatchObject({
        id: t.id,
        title: 'renamed',
      });
      expect((await fx.doc.changes()).length).toBe(before);
      // keys are per project
      await fx.docket.createProject({ key: 'ops' });
      expect((await fx.docket.project('ops').create({ title: 'once', idempotencyKey: 'key-1' })).id).toBe('OPS-1');
    });

    it('validation: titles empty, too long or with control characters', async () => {
      const t = await fx.doc.create({ title: 'x'.repeat(500) });
      for (const title of ['', '   ', 'x'.repeat(501), 'bell\u0007', 'nul\u0000']) {
        await expectRefused(fx.doc, t.id, () => fx.doc.create({ title }), 'validation');
        await expectRefused(fx.doc, t.id, () => fx.doc.update(t.id, { title }), 'validation');
      }
      await expect(fx.doc.create({ title: '' })).rejects.toThrow(/title/);
      // tabs and newlines are text, not control characters
      expect((await fx.doc.create({ title: 'a\tb' })).title).toBe('a\tb');
    });

    it('validation: NUL in a description or comment, refused alike on every backend', async () => {
      const t = await fx.doc.create({ title: 'x' });
      await expectRefused(fx.doc, t.id, () => fx.doc.create({ title: 'y', description: 'a\u0000b' }), 'validation');
      await expectRefused(fx.doc, t.id, () => fx.doc.update(t.id, { description: 'a\u0000b' }), 'validation');
      await expectRefused(fx.doc, t.id, () => fx.doc.comment(t.id, 'a\u0000b'), 'validation');
    });

    it('validation: unknown type, priority, category or input key, naming the allowed values', async () => {
      const t = await fx.doc.create({ title: 'x' });
      await expectRefused(fx.doc, t.id, () => fx.doc.create({ title: 'y', type: 'epic' }), 'validation', {
        field: 'type',
        allowed: ['task', 'bug', 'feature', 'decision'],
      });
      await expectRefused(fx.doc, t.id, () => fx.doc.update(t.id, { type: 'epic' }), 'validation');
      await expectRefused(fx.doc, t.id, () => fx.doc.create({ title: 'y', priority: 'asap' }), 'validation', {
        field: 'priority',
      });
      await expectRefused(fx.doc, t.id, () => fx.doc.setPriority(t.id, 'asap'), 'validation');
      await expectRefused(fx.doc, t.id, () => fx.doc.setCategory(t.id, 'nope'), 'validation');
      // biome-ignore lint/suspicious/noExplicitAny: an untyped caller's mistake, on purpose
      await expectRefused(fx.doc, t.id, () => fx.doc.update(t.id, { status: 'done' } as any), 'validation');
      // biome-ignore lint/suspicious/noExplicitAny: same
      await expectRefused(fx.doc, t.id, () => fx.doc.create({ title: 'y', colour: 'red' } as any), 'validation');
      await expectRefused(fx.doc, t.id, () => fx.doc.move(t.id, 'Not A State!'), 'validation');
      await expect(fx.doc.move(t.id, 'Not A State!')).rejects.toThrow(/^status:/);
    });

    it('validation: bad ticket references and limits', async () => {
      await fx.doc.create({ title: 'x' });
      for (const ref of [0, -1, 1.5, 'nonsense!', '']) {
        await expect(fx.doc.get(ref)).rejects.toMatchObject({ code: 'validation' });
      }
      await expect(fx.doc.history(1, 0)).resolves.toEqual([]);
      // a NaN or fraction from a face is bad input, never a database error
      const numbers: (() => Promise<unknown>)[] = [
        () => fx.doc.history(1, Number.NaN),
        () => fx.doc.detail(1, { history: 2.5 }),
        () => fx.doc.changes(0, Number.NaN),
        () => fx.doc.changes(Number.NaN),
        () => fx.doc.audit(0, 1.5),
        () => fx.doc.list({ after: Number.NaN }),
        () => fx.doc.board({ limit: Number.NaN }),
      ];
      for (const call of numbers) await expect(call()).rejects.toMatchObject({ code: 'validation' });
      await expectRefused(fx.doc, 1, () => fx.doc.addPriority('zz', Number.NaN), 'validation');
      await expect(fx.doc.search({ query: 'x', limit: 501 })).rejects.toMatchObject({ code: 'validation' });
    });

    it('schema: a project with a broken schema is refused and not created', async () => {
      const schema = defaultSchema('X-');
      const broken = { ...schema, options: { ...schema.options, default_priority: 'ghost' } };
      await expect(fx.docket.createProject({ key: 'x', schema: broken })).rejects.toMatchObject({ code: 'schema' });
      const noTypes = { ...schema, types: [] };
      await expect(fx.docket.createProject({ key: 'y', schema: noTypes })).rejects.toMatchObject({ code: 'schema' });
      expect((await fx.docket.projects()).map((p) => p.key)).toEqual(['doc']);
    });
  });
}

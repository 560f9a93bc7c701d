import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Docket, Project } from '../../src/core/docket.js';
import { BACKENDS } from './backends.js';

for (const backend of BACKENDS) {
  describe(`tickets [${backend.name}]`, () => {
    let docket: Docket;
    let doc: Project;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ docket, cleanup } = await backend.open());
      await docket.createProject({ key: 'doc' });
      doc = docket.project('doc', { actor: 'alice' });
    });
    afterEach(() => cleanup());

    it('creates tickets numbered per project without gaps, with display ids', async () => {
      await docket.createProject({ key: 'ops', prefix: 'OPS-' });
      const ops = docket.project('ops');
      const a = await doc.create({ title: 'First' });
      const b = await ops.create({ title: 'Other project' });
      const c = await doc.create({ title: 'Second', type: 'bug' });
      expect([a.id, b.id, c.id]).toEqual(['DOC-1', 'OPS-1', 'DOC-2']);
      expect(c.status).toBe('triage');
      expect(a).toMatchObject({ type: 'task', status: 'backlog', priority: 'medium', createdBy: 'alice', version: 1 });
    });

    it('finds a ticket by number, #number or display id, and not by another project id', async () => {
      await doc.create({ title: 'First' });
      for (const ref of [1, '1', '#1', 'DOC-1', 'doc-1']) expect((await doc.get(ref)).title).toBe('First');
      await expect(doc.get('OPS-1')).rejects.toMatchObject({ code: 'not_found' });
      await expect(doc.get(99)).rejects.toMatchObject({ code: 'not_found' });
      await expect(doc.get('nonsense!')).rejects.toMatchObject({ code: 'validation' });
    });

    it('moves one legal step and lists the legal targets when refusing', async () => {
      const t = await doc.create({ title: 'Bug', type: 'bug' });
      await expect(doc.move(t.id, 'resolved')).rejects.toMatchObject({
        code: 'invalid_transition',
        details: { allowed: ['confirmed', 'wont_fix'] },
      });
      const moved = await doc.move(t.id, 'confirmed');
      expect(moved.status).toBe('confirmed');
      expect(moved.version).toBe(2);
    });

    it('closes along the shortest path in one change and reopens', async () => {
      const t = await doc.create({ title: 'Feature', type: 'feature' });
      const closed = await doc.close(t.id);
      expect(closed.status).toBe('rejected');
      expect(closed.closedAt).not.toBeNull();
      const again = await doc.close(t.id);
      expect(again.version).toBe(closed.version);
      const reopened = await doc.reopen(t.id);
      expect(reopened).toMatchObject({ status: 'proposed', closedAt: null });
      const approved = await doc.move(t.id, 'approved');
      expect((await doc.close(approved.id)).status).toBe('shipped');
    });

    it('refuses a stale write with conflict and leaves the ticket as it was', async () => {
      const t = await doc.create({ title: 'Versioned' });
      await doc.update(t.id, { title: 'Changed' });
      await expect(doc.update(t.id, { title: 'Stale' }, { expectedVersion: 1 })).rejects.toMatchObject({
        code: 'conflict',
      });
      expect((await doc.get(t.id)).title).toBe('Changed');
    });

    it('records one history row per changed field, with the actor', async () => {
      const t = await doc.create({ title: 'Track me' });
      await doc.update(t.id, { title: 'Tracked', priority: 'high', description: 'now with text' });
      await doc.as('bob').move(t.id, 'in_progress');
      const history = await doc.history(t.id);
      expect(history.map((h) => [h.field, h.old, h.new, h.actor])).toEqual([
        ['created', null, 'Track me', 'alice'],
        ['title', 'Track me', 'Tracked', 'alice'],
        ['description', null, 'now with text', 'alice'],
        ['priority', 'medium', 'high', 'alice'],
        ['status', 'backlog', 'in_progress', 'bob'],
      ]);
    });

    it('replays an idempotent create and refuses the key for another request', async () => {
      const a = await doc.create({ title: 'Once', idempotencyKey: 'k1' });
      const b = await doc.create({ title: 'Once', idempotencyKey: 'k1' });
      expect(b.id).toBe(a.id);
      await expect(doc.create({ title: 'Different', idempotencyKey: 'k1' })).rejects.toMatchObject({
        code: 'conflict',
      });
      expect((await doc.list()).items).toHaveLength(1);
    });
  });
}

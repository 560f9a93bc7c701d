import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseMappingRules } from '../../src/core/transfer/importers/mapping.js';
import { exportProject, importProject } from '../../src/transfer.js';
import { fixtureText } from '../support/import-fixtures.js';
import { busyProject, exportLines, feed, freshDocket } from './helpers.js';

describe('export then import', () => {
  let source: Awaited<ReturnType<typeof freshDocket>>;
  let target: Awaited<ReturnType<typeof freshDocket>>;
  beforeEach(async () => {
    source = await freshDocket();
    target = await freshDocket();
  });
  afterEach(async () => {
    await source.cleanup();
    await target.cleanup();
  });

  it('reproduces tickets, history, comments, links and numbering byte for byte', async () => {
    await source.docket.createProject({ key: 'ops' });
    await source.docket.project('ops').create({ title: 'Other project, interleaved' });
    const doc = await busyProject(source.docket);
    const first = await exportLines(source.docket, 'doc');

    const records = new Set(first.map((l) => (JSON.parse(l) as { record: string }).record));
    expect([...records].sort()).toEqual(
      [
        'audit',
        'category',
        'comment',
        'counter',
        'end',
        'entity',
        'event',
        'header',
        'idempotency',
        'link',
        'ticket',
      ].sort(),
    );

    const result = await importProject(target.docket, feed(first));
    expect(result).toEqual({ project: 'doc', tickets: 4 });
    expect(await exportLines(target.docket, 'doc')).toEqual(first);

    // The library sees the same project: every ticket with its detail (row ids differ between files).
    const copy = target.docket.project('doc', { actor: 'alice' });
    const strip = <T extends { id: number }>(rows: readonly T[]) => rows.map(({ id: _id, ...rest }) => rest);
    for (const t of (await doc.list()).items) {
      const want = await doc.detail(t.id);
      const got = await copy.detail(t.id);
      expect(got.ticket).toEqual(want.ticket);
      expect(got.links.map(({ linkId: _l, ...r }) => r)).toEqual(want.links.map(({ linkId: _l, ...r }) => r));
      expect(strip(got.comments)).toEqual(strip(want.comments));
      expect(strip(got.history)).toEqual(strip(want.history));
    }
    expect(await copy.schema()).toEqual(await doc.schema());
    expect(await copy.entities()).toEqual(await doc.entities());
    expect(await copy.board({ view: 'summary' })).toEqual(await doc.board({ view: 'summary' }));
    expect(await copy.countByEntity()).toEqual(await doc.countByEntity());
    for (const query of ['release', 'staging']) {
      const want = (await doc.search({ query, includeComments: true })).map((h) => h.ticket.id);
      expect(want.length).toBeGreaterThan(0);
      expect((await copy.search({ query, includeComments: true })).map((h) => h.ticket.id)).toEqual(want);
    }
    expect((await copy.changes(0, 1000)).map(({ id: _id, ...e }) => e)).toEqual(
      (await doc.changes(0, 1000)).map(({ id: _id, ...e }) => e),
    );
    expect((await copy.audit(0, 1000)).map(({ id: _id, ...a }) => a)).toEqual(
      (await doc.audit(0, 1000)).map(({ id: _id, ...a }) => a),
    );

    // Numbering continues where it was, and an idempotent retry still finds its first ticket.
    expect((await copy.create({ title: 'Next' })).id).toBe((await doc.create({ title: 'Next' })).id);
    expect(
      (await copy.create({ title: 'Release 2.4', assignee: 'bob', category: 'backend', idempotencyKey: 'req-1' })).id,
    ).toBe('DOC-2');
  });

  it('carries import references, so the copy recognises a source imported before it was exported', async () => {
    await source.docket.createProject({ key: 'doc' });
    const rules = parseMappingRules(['type:epic=feature']);
    const text = fixtureText('beads', 'issues.jsonl');
    const first = await source.docket.project('doc').importFrom('beads', text, { rules });
    const lines = await exportLines(source.docket, 'doc');
    const refs = lines
      .map((l) => JSON.parse(l) as { record: string; source?: string })
      .filter((r) => r.record === 'import_ref');
    expect(refs).toHaveLength(first.summary!.created);
    expect(refs.every((r) => r.source === 'beads')).toBe(true);

    await importProject(target.docket, feed(lines));
    expect(await exportLines(target.docket, 'doc')).toEqual(lines);
    const again = await target.docket.project('doc').importFrom('beads', text, { rules });
    expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: first.summary!.created });
  });

  it('reads a file from before import references (no import_ref count in its end record)', async () => {
    await busyProject(source.docket);
    const lines = (await exportLines(source.docket, 'doc')).map((l) => {
      const r = JSON.parse(l) as { record: string; counts?: Record<string, number> };
      if (r.record !== 'end') return l;
      delete r.counts!.import_ref;
      return JSON.stringify(r);
    });
    expect(await importProject(target.docket, feed(lines))).toEqual({ project: 'doc', tickets: 4 });
  });

  it('imports under a new key next to the original, leaving other projects untouched', async () => {
    await source.docket.createProject({ key: 'ops' });
    await source.docket.project('ops').create({ title: 'Ops work' });
    await busyProject(source.docket);
    const ops = await exportLines(source.docket, 'ops');
    const first = await exportLines(source.docket, 'doc');

    expect(await importProject(source.docket, feed(first), { project: 'Doc2' })).toEqual({
      project: 'doc2',
      tickets: 4,
    });
    const second = await exportLines(source.docket, 'doc2');
    expect(second.slice(1)).toEqual(first.slice(1));
    const header = JSON.parse(second[0]!) as { project: { key: string } };
    expect(header.project.key).toBe('doc2');
    expect(JSON.parse(first[0]!)).toEqual({ ...JSON.parse(second[0]!), project: { ...header.project, key: 'doc' } });
    expect(await exportLines(source.docket, 'ops')).toEqual(ops);
    expect((await source.docket.project('doc2').get('DOC-1')).title).toBe('Login fails');
  });

  it('pages through projects larger than one store page, reporting progress', async () => {
    await source.docket.createProject({ key: 'big' });
    const big = source.docket.project('big', { actor: 'alice' });
    for (let i = 1; i <= 1_100; i++) {
      const t = await big.create({ title: `Ticket ${i}`, labels: i % 3 ? [] : ['third'] });
      if (i % 2 === 0) await big.comment(t.id, `Comment on ${i}`);
      if (i % 5 === 0) await big.link(t.id, 'related', i - 1);
    }
    const progress: [number, number][] = [];
    const lines: string[] = [];
    expect(
      await exportProject(
        source.docket,
        'big',
        (l) => void lines.push(l),
        (d, t) => progress.push([d, t]),
      ),
    ).toEqual({
      tickets: 1_100,
    });
    expect(progress.at(-1)).toEqual([1_100, 1_100]);
    expect(progress.length).toBeGreaterThan(2);
    const count = (record: string) => lines.filter((l) => l.startsWith(`{"record":"${record}"`)).length;
    expect([count('ticket'), count('comment'), count('link')]).toEqual([1_100, 550, 220]);
    const numbers = lines.filter((l) => l.startsWith('{"record":"ticket"')).map((l) => JSON.parse(l).number as number);
    expect(numbers).toEqual(Array.from({ length: 1_100 }, (_, i) => i + 1));

    const seen: number[] = [];
    await importProject(target.docket, feed(lines), { onProgress: (d) => seen.push(d) });
    expect(seen.at(-1)).toBe(1_100);
    expect(await exportLines(target.docket, 'big')).toEqual(lines);
    expect((await target.docket.project('big').list({ label: 'third', limit: 500 })).items).toHaveLength(366);
  });
});

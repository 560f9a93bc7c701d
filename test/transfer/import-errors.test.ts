import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importProject } from '../../src/transfer.js';
import { exportLines, feed, freshDocket } from './helpers.js';

type Fresh = Awaited<ReturnType<typeof freshDocket>>;

describe('import refuses bad input and writes nothing', () => {
  let source: Fresh;
  let good: string[];
  beforeAll(async () => {
    source = await freshDocket();
    await source.docket.createProject({ key: 'doc' });
    const doc = source.docket.project('doc', { actor: 'alice' });
    const a = await doc.create({ title: 'First', assignee: 'bob' });
    const b = await doc.create({ title: 'Second' });
    await doc.comment(a.id, 'A comment');
    await doc.link(a.id, 'blocks', b.id);
    good = await exportLines(source.docket, 'doc');
  });
  afterAll(() => source.cleanup());

  /** Imports `lines` into a fresh file; returns the error and proves the file holds no project and no rows. */
  async function refused(lines: readonly string[], options: { project?: string } = {}) {
    const target = await freshDocket();
    try {
      const error = await importProject(target.docket, feed(lines), options).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(await target.docket.projects()).toEqual([]);
      const raw = new Database(target.path, { readonly: true });
      for (const table of ['tickets', 'comments', 'links', 'events', 'history', 'audit_log', 'entities', 'counters']) {
        expect((raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n, table).toBe(0);
      }
      raw.close();
      return error as { code: string; message: string; details: Record<string, unknown> };
    } finally {
      await target.cleanup();
    }
  }
  const index = (record: string) => good.findIndex((l) => l.startsWith(`{"record":"${record}"`));
  const replace = (i: number, line: string) => good.map((l, j) => (j === i ? line : l));

  it('names the line that is not JSON', async () => {
    const at = index('comment');
    const e = await refused(replace(at, '{"record":"comment", oops'));
    expect(e).toMatchObject({ code: 'validation', details: { line: at + 1 } });
    expect(e.message).toMatch(new RegExp(`^line ${at + 1}: not JSON`));
  });

  it('names the line and field that fail validation', async () => {
    const at = index('ticket');
    const bad = JSON.stringify({ ...JSON.parse(good[at]!), title: '', version: 'one' });
    const e = await refused(replace(at, bad));
    expect(e.code).toBe('validation');
    expect(e.message).toContain(`line ${at + 1}: bad ticket:`);
    expect(e.message).toContain('title');
    expect(e.message).toContain('version');
  });

  it('refuses references that do not resolve', async () => {
    const ticket = JSON.parse(good[index('ticket')]!);
    const status = JSON.stringify({ ...ticket, status: 'limbo' });
    expect((await refused(replace(index('ticket'), status))).message).toMatch(/'limbo', which is not a task state/);
    const assignee = JSON.stringify({ ...ticket, assignee: 'nobody' });
    expect((await refused(replace(index('ticket'), assignee))).message).toMatch(/assigned to 'nobody'/);
    const link = JSON.stringify({ ...JSON.parse(good[index('link')]!), target: 99 });
    const e = await refused(replace(index('link'), link));
    expect(e.message).toBe(`line ${index('link') + 1}: target 99 is not a ticket listed above this line`);
  });

  it('refuses unknown records, a missing header and a second one', async () => {
    expect((await refused(replace(index('link'), '{"record":"widget"}'))).message).toMatch(/unknown record "widget"/);
    expect((await refused(good.slice(1))).message).toMatch(/^line 1: the first record must be the header/);
    expect((await refused([good[0]!, ...good])).message).toMatch(/^line 2: a second header/);
  });

  it('refuses a cut-short or edited file', async () => {
    expect((await refused(good.slice(0, -1))).message).toMatch(
      /ends without its end record; it was probably cut short/,
    );
    const dropped = good.filter((_, i) => i !== index('comment'));
    expect((await refused(dropped)).message).toMatch(/1 comment records expected, 0 found/);
    expect((await refused([...good, good[index('ticket')]!])).message).toMatch(/nothing may follow the end record/);
  });

  it('refuses empty input and files from a newer Docket', async () => {
    expect((await refused([])).message).toMatch(/the input is empty/);
    expect((await refused(['', '  '])).message).toMatch(/the input is empty/);
    const newer = JSON.stringify({ ...JSON.parse(good[0]!), version: 99 });
    expect((await refused(replace(0, newer))).message).toMatch(/version 99, from a newer Docket/);
    const future = JSON.stringify({ ...JSON.parse(good[0]!), version: 2, signature: 'abc' });
    expect((await refused(replace(0, future))).message).toMatch(/^line 1: this file is docket-export version 2/);
    const other = JSON.stringify({ record: 'header', format: 'beads', version: 1 });
    expect((await refused(replace(0, other))).message).toMatch(/^line 1: not a Docket export/);
  });

  it('refuses a bad project key and an existing one', async () => {
    expect((await refused(good, { project: '9lives' })).code).toBe('validation');
    const target = await freshDocket();
    try {
      await target.docket.createProject({ key: 'doc' });
      await target.docket.project('doc').create({ title: 'Mine' });
      const e = await importProject(target.docket, feed(good)).catch((x: unknown) => x);
      expect(e).toMatchObject({ code: 'already_exists' });
      expect((e as Error).message).toMatch(/project 'doc' already exists.*--project/);
      expect((await target.docket.project('doc').list()).items.map((t) => t.title)).toEqual(['Mine']);
    } finally {
      await target.cleanup();
    }
  });

  it('accepts blank lines and Windows line ends', async () => {
    const target = await freshDocket();
    try {
      const lines = good.flatMap((l) => [`${l}\r`, '']);
      expect(await importProject(target.docket, feed(lines))).toEqual({ project: 'doc', tickets: 2 });
    } finally {
      await target.cleanup();
    }
  });
});

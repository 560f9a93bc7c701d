import { describe, expect, it } from 'vitest';
import type { Project } from '../../src/core/docket.js';
import type { ImportKind, ImportItem } from '../../src/core/transfer/importers/import-item.js';
import { parseMappingRules } from '../../src/core/transfer/importers/mapping.js';
import { type ImportInput, parseImport } from '../../src/core/transfer/importers/parse-import.js';
import { fixtureFolder, fixtureText } from '../support/import-fixtures.js';
import { BACKENDS } from './backends.js';
import { snapshot, useFixture } from './fixture.js';

/** Each source's fixture as text (or Backlog.md's files), the rules its values need, and a broken file. */
const SOURCES: Record<ImportKind, { file: string[]; rules: string[]; broken: string[]; brokenAt: string }> = {
  github: {
    file: ['github', 'gh-issues.json'],
    rules: ['type:Epic=feature'],
    broken: ['github', 'broken.json'],
    brokenAt: 'line 205',
  },
  linear: {
    file: ['linear', 'issues.csv'],
    rules: ['status:Parked=backlog'],
    broken: ['linear', 'broken.csv'],
    brokenAt: 'line 7',
  },
  jira: {
    file: ['jira', 'issues.csv'],
    rules: ['type:Epic=feature'],
    broken: ['jira', 'broken.csv'],
    brokenAt: 'line 5',
  },
  beads: {
    file: ['beads', 'issues.jsonl'],
    rules: ['type:epic=feature'],
    broken: ['beads', 'broken.jsonl'],
    brokenAt: 'line 4',
  },
  backlog: {
    file: ['backlog', 'valid', 'backlog'],
    rules: [],
    broken: ['backlog', 'broken', 'backlog'],
    brokenAt: 'tasks/task-4 - Fix-crash-on-empty-cart.md',
  },
  taskmaster: { file: ['taskmaster', 'tasks.json'], rules: [], broken: [], brokenAt: 'tag master tasks[1]' },
};
const KINDS = Object.keys(SOURCES) as ImportKind[];

type Source = string | { path: string; text: string }[];
const load = (parts: string[], kind: ImportKind): Source =>
  kind === 'backlog' ? fixtureFolder(...parts) : fixtureText(...parts);
const input = (s: Source) =>
  (typeof s === 'string'
    ? s
    : (async function* () {
        yield* s;
      })()) as ImportInput<ImportKind>;
/** The source with one item's title changed where the file first states it. */
function edited(s: Source, title: string): Source {
  const change = (text: string) => text.replace(title, `${title} (edited)`);
  if (typeof s === 'string') return change(s);
  const at = s.findIndex((f) => f.text.includes(title));
  return s.map((f, i) => (i === at ? { ...f, text: change(f.text) } : f));
}

/** What the source states: its (unarchived) items, their comments, links between them, and labels. */
function stated(items: readonly ImportItem[]) {
  const kept = items.filter((i) => !i.archived);
  const ids = new Set(kept.map((i) => i.externalId));
  const links = new Set<string>();
  const add = (a: string, t: string, b: string) => {
    if (ids.has(a) && ids.has(b) && a !== b) links.add(t === 'related' && a > b ? `${b} ${t} ${a}` : `${a} ${t} ${b}`);
  };
  for (const i of kept) {
    if (i.parent) add(i.parent, 'parent', i.externalId);
    for (const b of i.blockedBy) add(b, 'blocks', i.externalId);
    for (const b of i.blocks) add(i.externalId, 'blocks', b);
    for (const r of i.related) add(i.externalId, 'related', r);
    if (i.duplicateOf) add(i.externalId, 'duplicate', i.duplicateOf);
  }
  return {
    tickets: kept.length,
    comments: kept.reduce((n, i) => n + i.comments.length, 0),
    links: links.size,
    labels: new Set(kept.flatMap((i) => i.labels.map((l) => l.toLowerCase().replace(/\s+/g, '-')))).size,
  };
}

/** What the project holds: tickets, comments, links (each once) and labels in use. */
async function held(doc: Project) {
  const tickets = (await doc.list({ limit: 500 })).items;
  let comments = 0;
  let linkEnds = 0;
  for (const t of tickets) {
    comments += (await doc.comments(t.id)).length;
    linkEnds += (await doc.links(t.id)).length;
  }
  return { tickets: tickets.length, comments, links: linkEnds / 2, labels: (await doc.labels()).length };
}

for (const backend of BACKENDS) {
  describe(`importing from other trackers [${backend.name}]`, () => {
    const fx = useFixture(backend);

    for (const kind of KINDS) {
      const { file, rules: ruleText, broken, brokenAt } = SOURCES[kind];
      const rules = parseMappingRules(ruleText);

      it(`${kind}: tickets, comments, links and labels as the source has them; a second run changes nothing, an edit updates one`, async () => {
        const source = load(file, kind);
        const parsed = await parseImport(kind, input(source));
        const first = await fx.doc.importFrom(kind, input(source), { rules });
        expect(first.summary).toMatchObject({ created: stated(parsed.items).tickets, updated: 0, unchanged: 0 });
        expect(await held(fx.doc)).toEqual(stated(parsed.items));

        fx.advance(60_000);
        const again = await fx.doc.importFrom(kind, input(source), { rules });
        expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: first.summary!.created, links: 0 });
        expect(await held(fx.doc)).toEqual(stated(parsed.items));

        const item = parsed.items.find((i) => !i.archived && i.title.length > 8)!;
        const third = await fx.doc.importFrom(kind, input(edited(source, item.title)), { rules });
        expect(third.summary).toMatchObject({ created: 0, updated: 1 });
        const changed = third.summary!.tickets.find((t) => t.outcome === 'updated')!;
        expect(changed.externalId).toBe(item.externalId);
        const ticket = await fx.doc.get(changed.ticket);
        expect(ticket.title).toBe(`${item.title} (edited)`);
        expect((await fx.doc.history(changed.ticket)).at(-1)).toMatchObject({
          field: 'title',
          old: item.title,
          new: `${item.title} (edited)`,
        });
        expect(await held(fx.doc)).toEqual(stated(parsed.items));
      });

      it(`${kind}: a broken record is refused with its place and nothing is written; skipBad lists it`, async () => {
        const bad: Source =
          kind === 'taskmaster'
            ? JSON.stringify({ master: { tasks: [{ id: 1, title: 'Ok' }, { id: 2 }] } })
            : load(broken, kind);
        const before = await snapshot(fx.doc);
        await expect(fx.doc.importFrom(kind, input(bad), { rules })).rejects.toMatchObject({
          code: 'validation',
          details: { origin: brokenAt },
        });
        expect(await snapshot(fx.doc)).toEqual(before);
        expect((await fx.doc.list()).items).toEqual([]);

        const skipped = await fx.doc.importFrom(kind, input(bad), { rules, skipBad: true, dropUnmapped: true });
        expect(skipped.plan.skipped.map((s) => s.origin)).toEqual([brokenAt]);
        expect(skipped.summary!.created).toBe(skipped.plan.counts.items);
        expect((await fx.doc.list()).items.length).toBe(skipped.plan.counts.items);
      });
    }

    it('refuses a plan with unmapped values, naming them, and writes nothing', async () => {
      const before = await snapshot(fx.doc);
      await expect(fx.doc.importFrom('github', fixtureText('github', 'gh-issues.json'))).rejects.toMatchObject({
        code: 'validation',
        message: expect.stringMatching(/type 'Epic' \(\d+\).*--map/),
      });
      expect(await snapshot(fx.doc)).toEqual(before);
    });

    it('a dry run plans and writes nothing', async () => {
      const before = await snapshot(fx.doc);
      const { plan, summary } = await fx.doc.importFrom('beads', fixtureText('beads', 'issues.jsonl'), {
        rules: parseMappingRules(['type:epic=feature']),
        dryRun: true,
      });
      expect(summary).toBeNull();
      expect(plan.ok).toBe(true);
      expect(plan.counts.items).toBeGreaterThan(0);
      expect(await snapshot(fx.doc)).toEqual(before);
    });

    it('small batches give the same tickets and links as one, with progress after each', async () => {
      const seen: number[] = [];
      const rules = parseMappingRules(['type:epic=feature']);
      const text = fixtureText('beads', 'issues.jsonl');
      const { summary } = await fx.doc.importFrom('beads', text, {
        rules,
        batchSize: 2,
        onProgress: (done) => seen.push(done),
      });
      const parsed = await parseImport('beads', text);
      expect(await held(fx.doc)).toEqual(stated(parsed.items));
      expect(seen.at(-1)).toBe(summary!.created);
      expect(seen.length).toBe(Math.ceil(summary!.created / 2));
    });

    it('keeps the authors and assignees as entities with their names, and the source times', async () => {
      const rules = parseMappingRules(['type:Epic=feature']);
      const text = fixtureText('github', 'gh-issues.json');
      const { summary } = await fx.doc.importFrom('github', text, { rules });
      expect((await fx.doc.entities()).map((e) => e.slug)).toEqual(expect.arrayContaining(['alice', 'bob', 'carol']));
      const parsed = await parseImport('github', text);
      for (const item of parsed.items.filter((i) => i.createdAt !== null)) {
        const made = summary!.tickets.find((t) => t.externalId === item.externalId);
        if (!made) continue;
        const ticket = await fx.doc.get(made.ticket);
        expect(ticket.createdAt).toBe(new Date(item.createdAt!).toISOString());
        expect(ticket.createdBy).toBe(item.author?.toLowerCase() ?? null);
      }
      const two = summary!.tickets.find((t) => t.externalId === 'acme/web#2')!;
      expect(await fx.doc.importSources(two.ticket)).toEqual([
        {
          source: 'github',
          externalId: 'acme/web#2',
          url: parsed.items.find((i) => i.externalId === 'acme/web#2')!.url,
          importedAt: new Date(fx.now).toISOString(),
        },
      ]);
      expect(await fx.doc.importSources((await fx.doc.create({ title: 'Made here' })).id)).toEqual([]);
      const wontFix = (await fx.doc.list({ limit: 100 })).items.find((t) => t.status === 'wont_fix')!;
      expect(wontFix.closedAt).toBe('2026-01-12T09:00:00.000Z');
    });

    it('under lock_entities, refuses people the project does not know, writing nothing', async () => {
      await fx.doc.setConfig('lock_entities', true);
      const before = await snapshot(fx.doc);
      await expect(
        fx.doc.importFrom('github', fixtureText('github', 'gh-issues.json'), {
          rules: parseMappingRules(['type:Epic=feature']),
        }),
      ).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/lock_entities is on/) });
      expect(await snapshot(fx.doc)).toEqual(before);
    });

    it('leaves out a link that would close a cycle, and says so', async () => {
      const line = (id: string, blockedBy: string) =>
        JSON.stringify({
          id,
          title: `Item ${id}`,
          status: 'open',
          priority: 2,
          issue_type: 'task',
          dependencies: [{ issue_id: id, depends_on_id: blockedBy, type: 'blocks' }],
        });
      const text = `${line('bd-1', 'bd-2')}\n${line('bd-2', 'bd-1')}\n`;
      const { summary } = await fx.doc.importFrom('beads', text);
      expect(summary).toMatchObject({ created: 2, links: 1 });
      expect(summary!.notes).toEqual([expect.stringMatching(/not linked, it would make a cycle/)]);
      expect(await held(fx.doc)).toMatchObject({ tickets: 2, links: 1 });
    });
  });
}

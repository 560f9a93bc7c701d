import { describe, expect, it } from 'vitest';
import { fixtureFolder, fixtureStream } from '../../../../test/support/import-fixtures.js';
import { defaultSchema } from '../../../domain/project-schema.js';
import { blankItem, type ImportItem, type ParseResult } from './import-item.js';
import { type ImportPlan, planImport } from './import-plan.js';
import { parseMappingRules } from './mapping.js';
import { parseImport } from './parse-import.js';
import { formatPlanReport, planReport } from './plan-report.js';

const schema = defaultSchema('DOC-');
const parsers = {
  github: () => parseImport('github', fixtureStream('github', 'gh-issues.json')),
  linear: () => parseImport('linear', fixtureStream('linear', 'issues.csv')),
  jira: () => parseImport('jira', fixtureStream('jira', 'issues.csv')),
  beads: () => parseImport('beads', fixtureStream('beads', 'issues.jsonl')),
  backlog: () => parseImport('backlog', fixtureFolder('backlog', 'valid', 'backlog')),
  taskmaster: () => parseImport('taskmaster', fixtureStream('taskmaster', 'tasks.json')),
};

/** Every value the default schema cannot place, per fixture: what a user must map (or drop) first. */
const NEEDS = {
  github: { unmapped: ['type:Epic'], rules: ['type:Epic=feature'] },
  linear: { unmapped: ['status[task]:Parked'], rules: ['status:Parked=backlog'] },
  jira: { unmapped: ['type:Epic'], rules: ['type:Epic=feature'] },
  beads: { unmapped: ['type:epic'], rules: ['type:epic=feature'] },
  backlog: { unmapped: [], rules: [] },
  taskmaster: { unmapped: [], rules: [] },
} as const;

const unmappedOf = (plan: ImportPlan) =>
  plan.unmapped.map((u) => `${u.field}${u.forType ? `[${u.forType}]` : ''}:${u.from}`);

function checkOrder(plan: ImportPlan) {
  const at = new Map(plan.items.map((it, i) => [it.externalId, i]));
  for (const it of plan.items) {
    for (const before of [it.source.parent, ...it.source.blockedBy]) {
      if (before !== null && at.has(before))
        expect(at.get(before)!, `${before} before ${it.externalId}`).toBeLessThan(at.get(it.externalId)!);
    }
  }
  for (const l of plan.links) expect(l.after).toBe(Math.max(at.get(l.from)!, at.get(l.to)!));
}

describe('import plans from every fixture into the default workflows', () => {
  for (const kind of Object.keys(parsers) as (keyof typeof parsers)[]) {
    it(`${kind}: unmapped values are reported and refuse the plan; mapped, every item, comment and link is planned`, async () => {
      const parsed = await parsers[kind]();
      const first = planImport(parsed, schema);
      expect(unmappedOf(first)).toEqual(NEEDS[kind].unmapped);
      expect(first.ok).toBe(NEEDS[kind].unmapped.length === 0);

      const plan = planImport(parsed, schema, { rules: parseMappingRules(NEEDS[kind].rules) });
      expect(plan.ok).toBe(true);
      expect(plan.unmapped).toEqual([]);
      const kept = parsed.items.filter((i) => !i.archived);
      expect(plan.items.map((i) => i.externalId).sort()).toEqual(kept.map((i) => i.externalId).sort());
      expect(plan.counts.comments).toBe(kept.reduce((n, i) => n + i.comments.length, 0));
      // every link the source states between two imported items, once
      const ids = new Set(kept.map((i) => i.externalId));
      const stated = new Set<string>();
      for (const i of kept) {
        const add = (a: string, t: string, b: string) =>
          ids.has(a) && ids.has(b) && a !== b && stated.add(`${a} ${t} ${b}`);
        if (i.parent) add(i.parent, 'parent', i.externalId);
        for (const b of i.blockedBy) add(b, 'blocks', i.externalId);
        for (const b of i.blocks) add(i.externalId, 'blocks', b);
        for (const r of i.related)
          add(
            ...((i.externalId < r ? [i.externalId, 'related', r] : [r, 'related', i.externalId]) as [
              string,
              string,
              string,
            ]),
          );
        if (i.duplicateOf) add(i.externalId, 'duplicate', i.duplicateOf);
      }
      expect(plan.links.map((l) => `${l.from} ${l.type} ${l.to}`).sort()).toEqual([...stated].sort());
      expect(plan.counts.labels).toBe(
        new Set(kept.flatMap((i) => i.labels.map((l) => l.toLowerCase().replace(/\s+/g, '-')))).size,
      );
      checkOrder(plan);
      for (const it of plan.items) {
        const wf = schema.types.find((t) => t.type === it.type)!;
        expect(wf.states).toContain(it.status);
        expect(schema.priorities).toContain(it.priority);
        expect(it.closedAt !== null, `${it.externalId} closedAt`).toBe(
          wf.terminal.includes(it.status) &&
            (it.source.closedAt ?? it.source.updatedAt ?? it.source.createdAt) !== null,
        );
      }
    });
  }
});

describe('what a plan holds', () => {
  it('GitHub: types, states and people as the project has them, links by external id, one assignee kept', async () => {
    const plan = planImport(await parsers.github(), schema, { rules: parseMappingRules(['type:Epic=feature']) });
    const login = plan.items.find((i) => i.externalId === 'acme/web#2')!;
    expect(login).toMatchObject({
      type: 'feature',
      status: 'proposed',
      priority: 'medium',
      assignee: 'bob',
      author: 'bob',
      labels: ['frontend', 'auth'],
    });
    expect(plan.notes).toContain('acme/web#2: Docket keeps one assignee; bob is kept, carol not');
    expect(plan.items.find((i) => i.externalId === 'acme/web#3')).toMatchObject({
      type: 'bug',
      status: 'wont_fix',
      closedAt: Date.parse('2026-01-12T09:00:00Z'),
    });
    expect(plan.links).toContainEqual(
      expect.objectContaining({ from: 'acme/web#6', type: 'parent', to: 'acme/web#2' }),
    );
    expect(plan.entities.map((e) => e.slug).sort()).toEqual(['alice', 'bob', 'carol']);
  });

  it('people become distinct slugs, their names kept', async () => {
    const plan = planImport(await parsers.jira(), schema, { rules: parseMappingRules(['type:Epic=feature']) });
    expect(plan.entities).toContainEqual({ slug: 'bob-smith', name: 'Bob Smith' });
    expect(plan.entities).toContainEqual({
      slug: '557058:0a1b2c3d-aaaa-4bbb-8ccc-000000000002',
      name: '557058:0a1b2c3d-aaaa-4bbb-8ccc-000000000002',
    });
    expect(new Set(plan.entities.map((e) => e.slug)).size).toBe(plan.entities.length);
  });

  it('drops archived items (listed) unless asked, and unmapped ones only with dropUnmapped', async () => {
    const parsed = await parsers.linear();
    const plan = planImport(parsed, schema, { dropUnmapped: true });
    expect(plan.ok).toBe(true);
    expect(plan.dropped.map((d) => [d.externalId, d.reason])).toEqual([
      ['ENG-5', expect.stringMatching(/^archived/)],
      ['ENG-8', "unmapped status 'Parked' (dropUnmapped)"],
    ]);
    expect(plan.unmapped.map((u) => [u.from, u.count, u.examples])).toEqual([['Parked', 1, ['ENG-8']]]);
    const all = planImport(parsed, schema, { includeArchived: true, rules: parseMappingRules(['status:Parked=-']) });
    expect(all.items.map((i) => i.externalId)).toContain('ENG-5');
    expect(all.dropped).toEqual([
      expect.objectContaining({ externalId: 'ENG-8', reason: "status 'Parked' is dropped by a rule" }),
    ]);
  });

  it('omitted records (pull requests, memories) are listed as dropped with their reason', async () => {
    const plan = planImport(await parseImport('github', fixtureStream('github', 'rest.json')), schema, {
      rules: parseMappingRules(['type:Epic=feature']),
    });
    expect(plan.dropped).toEqual([
      { externalId: 'acme/web#8', origin: 'line 1', reason: expect.stringMatching(/pull request/) },
    ]);
  });

  it('orders parents and blockers first, survives a cycle, and leaves out links to items not imported', () => {
    const item = (id: string, over: Partial<ImportItem>): ImportItem => ({
      ...blankItem(id, id),
      title: id,
      status: 'open',
      statusCategory: 'todo',
      ...over,
    });
    const parsed: ParseResult = {
      kind: 'beads',
      skipped: [],
      omitted: [],
      notes: [],
      items: [
        item('child', { parent: 'parent', createdAt: 1 }),
        item('parent', { createdAt: 2 }),
        item('a', { blockedBy: ['b'], createdAt: 3 }),
        item('b', { blockedBy: ['a'], createdAt: 4 }),
        item('lonely', { blockedBy: ['elsewhere'], createdAt: 5 }),
      ],
    };
    const plan = planImport(parsed, schema);
    // a and b wait on each other: they come once nothing else is ready, oldest first
    expect(plan.items.map((i) => i.externalId)).toEqual(['parent', 'child', 'lonely', 'a', 'b']);
    expect(plan.links.map((l) => `${l.from} ${l.type} ${l.to} @${l.after}`)).toEqual([
      'parent parent child @1',
      'b blocks a @4',
      'a blocks b @4',
    ]);
    expect(plan.notes).toContain('lonely: the blocks link with elsewhere is left out: elsewhere is not in the file');
  });

  it('keeps text within Docket limits, saying so', () => {
    const parsed: ParseResult = {
      kind: 'linear',
      skipped: [],
      omitted: [],
      notes: [],
      items: [
        {
          ...blankItem('X-1', 'line 2'),
          title: 't'.repeat(600),
          description: 'd'.repeat(100_001),
          status: 'Todo',
          statusCategory: 'todo',
        },
      ],
    };
    const [it] = planImport(parsed, schema).items;
    expect(it!.title).toHaveLength(500);
    expect(it!.description).toHaveLength(100_000);
    expect(planImport(parsed, schema).notes).toEqual([
      'X-1: its title is cut to 500 characters',
      'X-1: its description is 100001 characters, cut to 100000',
    ]);
  });
});

describe('the dry-run report', () => {
  it('counts, maps, lists what is unmapped with the rule that would map it, and what is dropped', async () => {
    const plan = planImport(await parsers.linear(), schema);
    const text = formatPlanReport(plan).join('\n');
    expect(text).toMatch(
      /^linear: 7 ticket\(s\) to import, 0 comment\(s\), 4 link\(s\), 5 label\(s\), 3 people; 1 dropped, 0 skipped, 1 with unmapped values/,
    );
    const col = (f: string) => `  ${f.padEnd(18)} `;
    expect(text).toContain(`${col('status[task]')}In Progress → in_progress  (same name) ×1`);
    expect(text).toContain('Unmapped (nothing is imported until each is mapped or dropped):');
    expect(text).toContain(`${col('status[task]')}Parked ×1: the source says nothing of what 'Parked' means`);
    expect(text).toContain(
      "map it: --map 'status[task]:Parked=NAME', or drop those items: --map 'status[task]:Parked=-'",
    );
    expect(text).toContain('ENG-5 (line 9): archived'); // its physical line: ENG-2's description spans three
    const report = planReport(plan);
    expect(report).not.toHaveProperty('items');
    expect(JSON.parse(JSON.stringify(report))).toMatchObject({
      kind: 'linear',
      ok: false,
      counts: { items: 7, unmapped: 1 },
    });
  });
});

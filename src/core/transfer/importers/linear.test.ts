import { describe, expect, it } from 'vitest';
import { fixtureStream } from '../../../../test/support/import-fixtures.js';
import { parseImport } from './parse-import.js';

describe('Linear importer', () => {
  // issues.csv: 9 issues, no comments (Linear's CSV has none), 11 label values (1+2+1+1+0+1+2+1+2),
  // 2 parents, 3 blocks cells (ENG-1 Blocks ENG-2, ENG-2 Blocked By ENG-1, ENG-4 Blocked By "Login page")
  it('reads every row of the CSV export with its labels, parent and blocks links', async () => {
    const { items, skipped } = await parseImport('linear', fixtureStream('linear', 'issues.csv'), {
      baseUrl: 'https://linear.app/acme/',
    });
    expect(skipped).toEqual([]);
    expect(items).toHaveLength(9);
    expect(items.reduce((n, i) => n + i.labels.length, 0)).toBe(11);
    expect(items.filter((i) => i.parent)).toHaveLength(2);
    expect(items.flatMap((i) => [...i.blockedBy, ...i.blocks])).toHaveLength(3);
    expect(items[1]).toMatchObject({
      externalId: 'ENG-2',
      url: 'https://linear.app/acme/issue/ENG-2',
      status: 'In Progress',
      statusCategory: 'started',
      priority: 'Urgent',
      labels: ['Frontend', 'Auth'],
      assignees: ['Bob Smith'],
      author: 'Bob Smith',
      dueDate: '2026-02-15',
      estimate: 3,
      estimateUnit: 'points',
      milestone: 'Beta',
      parent: 'ENG-6',
      blockedBy: ['ENG-1'],
      description: 'Email + password login form.\n\n- validation\n- errors inline',
      extra: { team: 'ENG', project: 'Launch', cycleName: 'Cycle 2', cycleNumber: '2' },
    });
  });

  it("takes a state's meaning from the row's times, else from Linear's default names", async () => {
    const { items } = await parseImport('linear', fixtureStream('linear', 'issues.csv'));
    const by = (id: string) => items.find((i) => i.externalId === id)!;
    expect(by('ENG-3')).toMatchObject({ statusCategory: 'cancelled', closedAt: Date.parse('2026-01-12T09:00:00Z') });
    expect(by('ENG-1')).toMatchObject({ statusCategory: 'done', closedAt: Date.parse('2026-01-07T16:00:00Z') });
    expect(by('ENG-7')).toMatchObject({ status: 'Ready for QA', statusCategory: 'started' }); // custom name, Started set
    expect(by('ENG-8')).toMatchObject({ status: 'Parked', statusCategory: null }); // custom name, no times
    expect(by('ENG-5').archived).toBe(true);
  });

  it("resolves a link written as a title, and undoes Linear's formula quote", async () => {
    const { items } = await parseImport('linear', fixtureStream('linear', 'issues.csv'));
    expect(items.find((i) => i.externalId === 'ENG-4')!.blockedBy).toEqual(['ENG-2']); // "Login page"
    const save = items.find((i) => i.externalId === 'ENG-9')!;
    expect(save.title).toBe('Fix the "Save" button, again');
    expect(save.description.startsWith('=SUM(A1)')).toBe(true);
  });

  it('refuses a row with a missing field naming its line, or skips it', async () => {
    await expect(parseImport('linear', fixtureStream('linear', 'broken.csv'))).rejects.toThrow(
      /^linear: line 7: 25 fields where the header has 26/,
    );
    const { items, skipped } = await parseImport('linear', fixtureStream('linear', 'broken.csv'), { skipBad: true });
    expect(items.map((i) => i.externalId)).not.toContain('ENG-3');
    expect(items).toHaveLength(8);
    expect(skipped).toEqual([{ origin: 'line 7', reason: '25 fields where the header has 26' }]);
  });

  it('refuses a file that is not a Linear export, even with skipBad', async () => {
    await expect(parseImport('linear', 'Summary,Issue key\nx,SHOP-1\n', { skipBad: true })).rejects.toThrow(
      /line 1: not a Linear export/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { fixtureFolder } from '../../../../test/support/import-fixtures.js';
import { parseImport } from './parse-import.js';

describe('Backlog.md importer', () => {
  // valid/: produced by backlog.md 1.52.0 (produce.sh): 8 task files (tasks/, completed/, drafts/,
  // archive/tasks/), 12 labels (2+2+1+2+2+1+1+1), 1 parent, 4 dependencies (TASK-2: 1, TASK-3: 2, TASK-6: 1), 2 milestones, no comments (Backlog.md has none)
  it('reads every task file, drafts, completed and archived ones, with milestones by title', async () => {
    const { items, skipped } = await parseImport('backlog', fixtureFolder('backlog', 'valid', 'backlog'));
    expect(skipped).toEqual([]);
    expect(items.map((i) => i.externalId).sort()).toEqual([
      'DRAFT-1',
      'TASK-1',
      'TASK-2',
      'TASK-2.1',
      'TASK-3',
      'TASK-4',
      'TASK-5',
      'TASK-6',
    ]);
    expect(items.reduce((n, i) => n + i.labels.length, 0)).toBe(12);
    expect(items.reduce((n, i) => n + i.blockedBy.length, 0)).toBe(4);
    expect(items.find((i) => i.externalId === 'TASK-2')).toMatchObject({
      status: 'In Progress',
      statusCategory: 'started',
      type: 'feature',
      priority: 'high',
      labels: ['frontend', 'auth'],
      assignees: ['bob'],
      milestone: 'v1.0 Launch',
      blockedBy: ['TASK-1'],
      extra: expect.objectContaining({
        acceptanceCriteria: [
          { checked: false, text: 'Form validates email' },
          { checked: false, text: 'Errors are shown inline' },
        ],
      }),
    });
    const login = items.find((i) => i.externalId === 'TASK-2')!;
    expect(login.description).toMatch(
      /^Email \+ password login form\.\n\nUses the design in Figma\.\n\n## Acceptance Criteria/,
    );
    expect(login.description).toContain('## Implementation Plan\n\n1. Build form\n2. Wire API');
    expect(login.description).not.toContain('<!--');
    expect(items.find((i) => i.externalId === 'TASK-2.1')!.parent).toBe('TASK-2');
    expect(items.find((i) => i.externalId === 'TASK-1')).toMatchObject({
      statusCategory: 'done',
      extra: expect.objectContaining({ folder: 'completed' }),
    });
    expect(items.find((i) => i.externalId === 'TASK-3')).toMatchObject({
      dueDate: '2026-03-31',
      milestone: 'v1.1',
      assignees: ['alice', 'carol'],
    });
    expect(items.find((i) => i.externalId === 'DRAFT-1')).toMatchObject({
      status: 'Draft',
      statusCategory: 'todo',
      extra: expect.objectContaining({ draft: true }),
    });
    expect(items.find((i) => i.externalId === 'TASK-5')!.archived).toBe(true);
    // YAML's folded title (title: >-) reads back whole
    expect(items.find((i) => i.externalId === 'TASK-6')!.title).toBe(
      'Migrate the session store from in-memory maps to Redis: keep sessions across deploys, restarts and scale-outs',
    );
  });

  it('refuses a file whose front matter is not YAML, naming the file and line, or skips it', async () => {
    await expect(parseImport('backlog', fixtureFolder('backlog', 'broken', 'backlog'))).rejects.toMatchObject({
      message: expect.stringMatching(
        /^backlog: tasks\/task-4 - Fix-crash-on-empty-cart\.md: line 8: the front matter is not valid YAML/,
      ),
      details: { origin: 'tasks/task-4 - Fix-crash-on-empty-cart.md' },
    });
    const { items, skipped } = await parseImport('backlog', fixtureFolder('backlog', 'broken', 'backlog'), {
      skipBad: true,
    });
    expect(items).toHaveLength(7);
    expect(skipped.map((s) => s.origin)).toEqual(['tasks/task-4 - Fix-crash-on-empty-cart.md']);
  });

  it('refuses two files with one id (Backlog.md 1.52.0 reuses an archived id), keeping the active one with skipBad', async () => {
    await expect(parseImport('backlog', fixtureFolder('backlog', 'duplicate-id', 'backlog'))).rejects.toThrow(
      /archive\/tasks\/task-5 - Old-landing-page-copy\.md: TASK-5 is also the id of tasks\/task-5 - Migrate/,
    );
    const { items } = await parseImport('backlog', fixtureFolder('backlog', 'duplicate-id', 'backlog'), {
      skipBad: true,
    });
    expect(items.find((i) => i.externalId === 'TASK-5')!.title).toMatch(/^Migrate the session store/);
  });

  it('matches references to ids whatever their case (older Backlog.md wrote task-1)', async () => {
    const file = (id: string, deps: string) =>
      `---\nid: ${id}\ntitle: ${id}\nstatus: To Do\ndependencies: [${deps}]\nparent_task_id: ${deps || 'null'}\n---\n`;
    const { items } = await parseImport('backlog', [
      { path: 'tasks/task-1 - a.md', text: file('task-1', '') },
      { path: 'tasks/task-2 - b.md', text: file('TASK-2', 'TASK-1') },
    ]);
    expect(items.find((i) => i.externalId === 'TASK-2')).toMatchObject({ blockedBy: ['task-1'], parent: 'task-1' });
  });

  it('accepts paths that start with the backlog folder itself', async () => {
    const files = fixtureFolder('backlog', 'valid').map((f) => ({ ...f, path: f.path }));
    expect(files[0]!.path.startsWith('backlog/')).toBe(true);
    const { items } = await parseImport('backlog', files);
    expect(items).toHaveLength(8);
  });
});

import { describe, expect, it } from 'vitest';
import { fixtureStream, fixtureText } from '../../../../test/support/import-fixtures.js';
import { parseImport } from './parse-import.js';

type Task = { dependencies: unknown[]; subtasks: Task[] };

/** What tasks.json holds, counted from the JSON itself: tasks and subtasks in every tag, and dependencies. */
function sourceCounts() {
  const doc = JSON.parse(fixtureText('taskmaster', 'tasks.json')) as Record<string, { tasks: Task[] }>;
  const all = Object.values(doc).flatMap((t) => t.tasks.flatMap((task) => [task, ...task.subtasks]));
  return {
    tags: Object.keys(doc).length,
    items: all.length,
    subtasks: all.length - Object.values(doc).reduce((n, t) => n + t.tasks.length, 0),
    dependencies: all.reduce((n, t) => n + t.dependencies.length, 0),
  };
}

describe('Taskmaster importer', () => {
  // produced by task-master-ai 0.43.1 without an AI key (produce.sh): two tags, subtasks, dependencies
  it('reads every task and subtask of every tag, with dependencies and parents', async () => {
    const src = sourceCounts();
    const { items } = await parseImport('taskmaster', fixtureStream('taskmaster', 'tasks.json'));
    expect(src.tags).toBe(2);
    expect(items).toHaveLength(src.items);
    expect(items.filter((i) => i.parent !== null)).toHaveLength(src.subtasks);
    expect(items.reduce((n, i) => n + i.blockedBy.length, 0)).toBe(src.dependencies);
    expect(items.find((i) => i.externalId === 'master:3')).toMatchObject({
      status: 'in-progress',
      statusCategory: 'started',
      priority: 'medium',
      blockedBy: ['master:1', 'master:2'],
      labels: [],
    });
    expect(items.find((i) => i.externalId === 'master:3.2')).toMatchObject({
      parent: 'master:3',
      blockedBy: ['master:3.1'],
    });
    expect(items.find((i) => i.externalId === 'master:1')).toMatchObject({
      statusCategory: 'done',
      description:
        'Resource model, endpoints and error format.\n\n## Details\n\nFollow RFC 9457 for errors. Version under /v1.',
    });
    expect(items.find((i) => i.externalId === 'master:5')!.statusCategory).toBe('cancelled');
    // another tag: its own numbering, its name as a label, dependencies within it
    expect(items.find((i) => i.externalId === 'feature-billing:2')).toMatchObject({
      labels: ['feature-billing'],
      blockedBy: ['feature-billing:1'],
    });
    expect(items.find((i) => i.externalId === 'feature-billing:1')!.status).toBe('review');
  });

  it('reads the format from before tags ({"tasks": […]}) as the master tag', async () => {
    const { items } = await parseImport(
      'taskmaster',
      JSON.stringify({
        tasks: [{ id: 1, title: 'One', status: 'pending', subtasks: [{ id: 1, title: 'Sub', dependencies: [] }] }],
      }),
    );
    expect(items.map((i) => [i.externalId, i.parent])).toEqual([
      ['master:1', null],
      ['master:1.1', 'master:1'],
    ]);
  });

  it('refuses a file that is not JSON with its line; a bad task with its place, or skips it', async () => {
    await expect(parseImport('taskmaster', fixtureStream('taskmaster', 'broken.json'))).rejects.toThrow(
      /^taskmaster: line 43: not valid JSON/,
    );
    const doc = JSON.stringify({ master: { tasks: [{ id: 1, title: 'Ok' }, { id: 2 }] } });
    await expect(parseImport('taskmaster', doc)).rejects.toThrow(/tag master tasks\[1\]: task 2 has no title/);
    const { items, skipped } = await parseImport('taskmaster', doc, { skipBad: true });
    expect(items.map((i) => i.externalId)).toEqual(['master:1']);
    expect(skipped).toEqual([{ origin: 'tag master tasks[1]', reason: 'task 2 has no title' }]);
  });
});

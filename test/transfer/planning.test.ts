import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importProject } from '../../src/transfer.js';
import { exportLines, feed, freshDocket, plannedProject } from './helpers.js';

describe('export and import of planning data', () => {
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

  it('carries milestones and every ticket’s due date, estimate, milestone and fields, byte for byte', async () => {
    await plannedProject(source.docket);
    const first = await exportLines(source.docket, 'pl');
    const milestones = first.filter((l) => l.includes('"record":"milestone"')).map((l) => JSON.parse(l));
    expect(milestones.map((m) => [m.key, m.due, m.closedAt !== null])).toEqual([
      ['v1', '2026-03-01', true],
      ['v2', '2026-04-01T10:00:00.000Z', false],
    ]);
    await importProject(target.docket, feed(first));
    expect(await exportLines(target.docket, 'pl')).toEqual(first);
    const copy = target.docket.project('pl');
    expect((await copy.get(1)).fields).toEqual({ team: 'ui', signed: true });
    expect(await copy.milestone('v1')).toMatchObject({ state: 'closed', tickets: { total: 1, closed: 0 } });
  });

  it('refuses a ticket in a milestone the file does not list, naming the line', async () => {
    await plannedProject(source.docket);
    const lines = (await exportLines(source.docket, 'pl')).filter((l) => !l.includes('"key":"v2"'));
    const fixed = lines.map((l) => (l.includes('"record":"end"') ? l.replace('"milestone":2', '"milestone":1') : l));
    await expect(importProject(target.docket, feed(fixed))).rejects.toThrow(
      /milestone 'v2', which is not listed above/,
    );
    expect(await target.docket.projects()).toEqual([]);
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixturePath } from '../support/import-fixtures.js';
import { type Sandbox, sandbox } from './harness.js';

interface Summary {
  created: number;
  updated: number;
  unchanged: number;
  comments: number;
  links: number;
}

describe('docket import --from a tracker', () => {
  let c: Sandbox;
  beforeAll(async () => {
    c = sandbox();
    await c.ok(['init', '--project', 'web']);
  });
  afterAll(() => c.cleanup());

  test('a dry run prints the mapping with what is unmapped and how to map it, and writes nothing', async () => {
    const r = await c.run(['import', '--from', 'jira', fixturePath('jira', 'issues.csv'), '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^jira: \d+ ticket\(s\) to import/);
    expect(r.stdout).toContain('Unmapped');
    expect(r.stdout).toContain("--map 'type:Epic=NAME'");
    expect(JSON.parse(await c.ok(['ticket', 'list', '--json']))).toEqual([]);
  });

  test('refuses unmapped values with the rule to write, then imports with it; again: all unchanged', async () => {
    const file = fixturePath('beads', 'issues.jsonl');
    const refused = await c.run(['import', '--from', 'beads', file]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/type 'epic' \(\d+\).*--map/);
    expect(JSON.parse(await c.ok(['ticket', 'list', '--json']))).toEqual([]);

    const mapping = join(c.dir, 'beads.map');
    writeFileSync(mapping, '# epics are features here\ntype:epic=feature\n');
    const out = await c.ok(['import', '--from', 'beads', file, '--mapping', mapping]);
    expect(out).toMatch(
      /^Imported 7 item\(s\) from beads into web: 7 created, 0 updated, 0 unchanged; 3 comment\(s\), \d+ link\(s\)/,
    );
    const again = await c.json<{ summary: Summary }>(['import', '--from', 'beads', file, '--map', 'type:epic=feature']);
    expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 7, comments: 0, links: 0 });
    expect(JSON.parse(await c.ok(['ticket', 'list', '--json']))).toHaveLength(7);
  });

  test('a broken record is refused with its line, nothing written; --skip-bad lists it and goes on', async () => {
    const d = sandbox();
    try {
      await d.ok(['init', '--project', 'app']);
      const file = fixturePath('linear', 'broken.csv');
      const refused = await d.run(['import', '--from', 'linear', file, '--map', 'status:Parked=backlog']);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain(`${file} line 7: 25 fields where the header has 26`);
      expect(JSON.parse(await d.ok(['ticket', 'list', '--json']))).toEqual([]);
      const r = await d.run(['import', '--from', 'linear', file, '--map', 'status:Parked=backlog', '--skip-bad']);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('skipped line 7: 25 fields where the header has 26');
      expect(r.stdout).toMatch(/created.*\(1 skipped/);
    } finally {
      d.cleanup();
    }
  });

  test('says what is wrong with the command', async () => {
    const none = await c.run(['import', '--from', 'github']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('docket import --from github PATH');
    const folder = await c.run(['import', '--from', 'github', fixturePath('backlog')]);
    expect(folder.stderr).toContain('is a folder; --from github reads a file');
    const rule = await c.run([
      'import',
      '--from',
      'github',
      fixturePath('github', 'gh-issues.json'),
      '--map',
      'status=x',
    ]);
    expect(rule.stderr).toContain("'status=x' is not a mapping rule");
    const misplaced = await c.run(['import', 'x.jsonl', '--dry-run']);
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toContain('--dry-run is for --from');
  });
});

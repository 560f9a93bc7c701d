import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Sandbox, sandbox } from './harness.js';

const BOLD = (s: string) => `\u001b[1m${s}\u001b[22m`;

describe('docket search: how matches are shown', () => {
  let s: Sandbox;
  beforeAll(async () => {
    s = sandbox();
    await s.ok(['-p', 'doc', 'init']);
    await s.ok(['new', 'Browser crash', '-m', 'Open **Safari** 17 and the tab dies']);
  });
  afterAll(() => s.cleanup());

  test("--json marks the match between U+E000 and U+E001 and keeps the text's own **", async () => {
    const [hit] = await s.json<{ snippet: string }[]>(['search', 'safari']);
    expect(hit!.snippet).toBe('Open **\uE000Safari\uE001** 17 and the tab dies');
  });

  test('the table shows the passage as written, without marks, when colour is off', async () => {
    const table = await s.ok(['search', 'safari']);
    const row = table.split('\n')[1]!;
    expect(row).toMatch(/Open \*\*Safari\*\* 17 and the tab dies$/);
    expect(table).not.toMatch(/[\uE000\uE001\u001b]/);
  });

  test('with colour, exactly the matched word is bold', async () => {
    const table = await s.ok(['search', 'safari'], { env: { FORCE_COLOR: '1' } });
    const row = table.split('\n')[1]!;
    expect(row).toContain(`Open **${BOLD('Safari')}** 17 and the tab dies`);
    expect(row.match(/\u001b\[1m/g)?.length).toBe(2); // the id and the match
  });

  test('a passage cut to fit the width keeps its bold inside what is shown', async () => {
    const table = await s.ok(['search', 'safari'], { env: { FORCE_COLOR: '1', COLUMNS: '70' } });
    const row = table.split('\n')[1]!.replace(/\u001b\[[0-9;]*m/g, '');
    expect(row.length).toBeLessThanOrEqual(70);
    expect(row).toMatch(/…$/);
    expect(table.split('\n')[1]).toContain(BOLD('Safari'));
  });
});

import { describe, expect, it } from 'vitest';
import { MATCH_END, MATCH_START, plainSnippet, snippetRuns } from '../../src/domain/snippet.js';
import { BACKENDS } from './backends.js';
import { useFixture } from './fixture.js';

const matches = (snippet: string) =>
  snippetRuns(snippet)
    .filter((r) => r.match)
    .map((r) => r.text);

for (const backend of BACKENDS) {
  describe(`search snippets [${backend.name}]`, () => {
    const fx = useFixture(backend);

    it("marks exactly the matched word, never the text's own Markdown bold", async () => {
      await fx.doc.create({ title: 'Browser crash', description: 'Open **Safari** 17 and the tab dies' });
      const [hit] = await fx.doc.search('safari');
      expect(hit!.snippet).toBe(`Open **${MATCH_START}Safari${MATCH_END}** 17 and the tab dies`);
      expect(matches(hit!.snippet)).toEqual(['Safari']);
      expect(plainSnippet(hit!.snippet)).toBe('Open **Safari** 17 and the tab dies');
    });

    it('marks a title match the same way on every backend', async () => {
      await fx.doc.create({ title: 'Safari **login** loop', description: 'nothing here' });
      const [hit] = await fx.doc.search('login');
      expect(hit!.snippet).toBe(`Safari **${MATCH_START}login${MATCH_END}** loop`);
    });

    it('gives no marks at all for a ticket whose own text holds the mark characters', async () => {
      // Spaced out: SQLite's tokenizer reads private-use characters as letters.
      await fx.doc.create({ title: 'Odd text', description: `Open ${MATCH_START} Safari ${MATCH_END} 17` });
      const [hit] = await fx.doc.search('safari');
      expect(hit!.snippet).not.toMatch(/[\uE000\uE001]/);
      expect(hit!.snippet).toContain('Safari');
      expect(matches(hit!.snippet)).toEqual([]);
    });
  });
}

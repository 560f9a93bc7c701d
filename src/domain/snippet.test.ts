import { describe, expect, it } from 'vitest';
import { flatRuns, MATCH_END, MATCH_START, plainSnippet, snippetRuns, trustedSnippet } from './snippet.js';

const S = MATCH_START;
const E = MATCH_END;

describe('search snippets', () => {
  it("reads the marks as matches and leaves the text's own ** alone", () => {
    expect(snippetRuns(`Open **${S}Safari${E}** 17`)).toEqual([
      { text: 'Open **', match: false },
      { text: 'Safari', match: true },
      { text: '** 17', match: false },
    ]);
    expect(plainSnippet(`Open **${S}Safari${E}** 17`)).toBe('Open **Safari** 17');
  });

  it('keeps the marks only when the texts they came from hold none', () => {
    expect(trustedSnippet(`${S}login${E} page`, ['Login page', 'the login page'])).toBe(`${S}login${E} page`);
    expect(trustedSnippet(`${S}login${E} ${E}page`, ['Login page', `the ${E}page`])).toBe('login page');
  });

  it('puts the runs on one line without moving a match', () => {
    expect(flatRuns(snippetRuns(`  fails\n\n${S}login${E}  \t after ${S}login${E}\n`))).toEqual([
      { text: 'fails ', match: false },
      { text: 'login', match: true },
      { text: ' after ', match: false },
      { text: 'login', match: true },
    ]);
    expect(flatRuns(snippetRuns(`a ${S}b${E} \n`))).toEqual([
      { text: 'a ', match: false },
      { text: 'b', match: true },
    ]);
  });
});

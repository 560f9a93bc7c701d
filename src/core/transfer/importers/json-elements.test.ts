import { describe, expect, it } from 'vitest';
import { chunks } from '../../../../test/support/import-fixtures.js';
import { jsonElements } from './json-elements.js';

const elements = async (input: string | AsyncIterable<string>) => {
  const out = [];
  for await (const e of jsonElements(input)) out.push(e);
  return out;
};

describe('jsonElements', () => {
  const text = '[\n  {"a": "x]}\\"y"},\n  {"b": [1, {"c": 2}]}\n][{"d": 3}]\n{"e": 4}\n';

  it('yields the elements of arrays one after another (gh api --paginate) and top-level objects', async () => {
    expect(await elements(text)).toEqual([
      { value: { a: 'x]}"y' }, line: 2, error: null },
      { value: { b: [1, { c: 2 }] }, line: 3, error: null },
      { value: { d: 3 }, line: 4, error: null },
      { value: { e: 4 }, line: 5, error: null },
    ]);
  });

  it('gives the same elements however the text is cut into chunks', async () => {
    const whole = await elements(text);
    for (const size of [1, 2, 5]) expect(await elements(chunks(text, size))).toEqual(whole);
  });

  it('reports an element that is not JSON at its line and reads on', async () => {
    const out = await elements('[\n{"a": 1},\n{"b": 2\n "c": 3},\n{"d": 4}\n]');
    expect(out.map((e) => e.error === null)).toEqual([true, false, true]);
    expect(out[1]).toMatchObject({ line: 4, error: expect.stringMatching(/^not valid JSON/) });
  });

  it('reports a file cut short, and text that is not JSON at all', async () => {
    expect((await elements('[{"a": 1}, {"b": ')).at(-1)).toMatchObject({ error: expect.stringMatching(/cut short/) });
    expect(await elements('\n\nhello')).toEqual([
      { value: undefined, line: 3, error: 'expected a JSON array or object, found "h"' },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { chunks } from '../../../../test/support/import-fixtures.js';
import { csvRows } from './csv-rows.js';

const rows = async (input: string | AsyncIterable<string>) => {
  const out = [];
  for await (const r of csvRows(input)) out.push(r);
  return out;
};

describe('csvRows', () => {
  const text = 'a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n,,\nlast,"",z';

  it('reads RFC 4180: quoted commas, doubled quotes, line breaks in fields, CRLF and LF, empty fields', async () => {
    expect(await rows(text)).toEqual([
      { fields: ['a', 'b', 'c'], line: 1, error: null },
      { fields: ['x, y', 'say "hi"', 'two\nlines'], line: 2, error: null },
      { fields: ['', '', ''], line: 4, error: null },
      { fields: ['last', '', 'z'], line: 5, error: null },
    ]);
  });

  it('gives the same records however the text is cut into chunks', async () => {
    const whole = await rows(text);
    for (const size of [1, 2, 3, 7]) expect(await rows(chunks(text, size))).toEqual(whole);
  });

  it('strips a byte-order mark and skips blank lines', async () => {
    expect((await rows('\uFEFFa,b\n\n1,2\n')).map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('marks a malformed record with its line and goes on with the next', async () => {
    const out = await rows('a,b\n"x"y,1\nok,2\nbad"q,3\n');
    expect(out[1]).toMatchObject({ line: 2, error: 'unexpected "y" after a closing quote' });
    expect(out[2]).toEqual({ fields: ['ok', '2'], line: 3, error: null });
    expect(out[3]).toMatchObject({ line: 4, error: 'a quote inside a field that does not start with one' });
  });

  it('reports a quoted field that is never closed at the line it opens', async () => {
    const out = await rows('a,b\n1,2\n3,"never\nclosed\n');
    expect(out.at(-1)).toMatchObject({ line: 3, error: expect.stringMatching(/never closed/) });
  });
});

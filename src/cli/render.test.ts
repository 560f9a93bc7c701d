import { describe, expect, test } from 'vitest';
import { colourWanted, outputWidth, palette, table, truncate } from './render.js';

const plain = palette(false);

describe('tables fit the width', () => {
  const rows = [
    ['DOC-1', 'A title long enough to need cutting down to size', 'the matching passage, also long'],
    ['DOC-22', 'Short', 'x'],
  ];
  const columns = [{ header: 'ID' }, { header: 'TITLE', flex: true }, { header: 'MATCH', flex: true }];

  test('flexible columns shrink, widest first, and cut text with an ellipsis', () => {
    const lines = table(columns, rows, 50, plain).split('\n');
    expect(lines.every((l) => [...l].length <= 50)).toBe(true);
    expect(lines[1]).toBe('DOC-1   A title long enough…  the matching passag…');
    expect(lines[2]).toMatch(/^DOC-22 {2}Short +x$/);
  });

  test('a wide terminal leaves the text whole; right-aligned columns pad on the left', () => {
    const text = table(
      [{ header: 'N', right: true }, { header: 'NAME' }],
      [
        ['7', 'a'],
        ['123', 'b'],
      ],
      200,
      plain,
    );
    expect(text.split('\n')).toEqual(['  N  NAME', '  7  a', '123  b']);
  });

  test('colour never changes the widths', () => {
    const coloured = table(
      [
        { header: 'ID', paint: (x) => palette(true).bold(x) },
        { header: 'TITLE', flex: true },
      ],
      rows.map((r) => r.slice(0, 2)),
      30,
      palette(true),
    );
    const stripped = coloured.replace(/\u001b\[[0-9;]*m/g, '');
    expect(stripped).toBe(
      table(
        [{ header: 'ID' }, { header: 'TITLE', flex: true }],
        rows.map((r) => r.slice(0, 2)),
        30,
        plain,
      ),
    );
  });

  test('truncate counts code points and flattens whitespace', () => {
    expect(truncate('héllo\nwörld', 8)).toBe('héllo w…');
    expect(truncate('short', 10)).toBe('short');
  });
});

describe('colour and width come from the environment', () => {
  test('NO_COLOR wins over everything; FORCE_COLOR colours a pipe; a terminal gets colour', () => {
    expect(colourWanted({}, true, undefined)).toBe(true);
    expect(colourWanted({}, false, undefined)).toBe(false);
    expect(colourWanted({ NO_COLOR: '1', FORCE_COLOR: '1' }, true, undefined)).toBe(false);
    expect(colourWanted({ FORCE_COLOR: '1' }, false, undefined)).toBe(true);
    expect(colourWanted({}, true, false)).toBe(false);
    expect(colourWanted({ TERM: 'dumb' }, true, undefined)).toBe(false);
  });

  test('the terminal width, else COLUMNS, else 120; never below 40', () => {
    expect(outputWidth({ COLUMNS: '90' }, 100)).toBe(100);
    expect(outputWidth({ COLUMNS: '90' }, undefined)).toBe(90);
    expect(outputWidth({}, undefined)).toBe(120);
    expect(outputWidth({ COLUMNS: '10' }, undefined)).toBe(40);
  });
});

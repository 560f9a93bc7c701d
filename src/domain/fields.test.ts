import { describe, expect, it } from 'vitest';
import { fieldValue } from './fields.js';
import { parseSchemaFile } from './schema-file.js';

describe('[fields.NAME] in a schema file', () => {
  it('reads each type, with values, required, default and the types it applies to', () => {
    const { schema } = parseSchemaFile(`
[fields.team]
type = "enum"
values = ["ui", "api"]
default = "ui"
[fields.due_review]
type = "date"
default = 2026-01-31
types = ["bug"]
[fields.paid]
type = "bool"
required = true
`);
    expect(schema.fields).toEqual([
      { name: 'team', type: 'enum', values: ['ui', 'api'], default: 'ui' },
      { name: 'due_review', type: 'date', default: '2026-01-31', types: ['bug'] },
      { name: 'paid', type: 'bool', required: true },
    ]);
  });

  it('leaves a BlinkDesk file as it was: no fields key at all', () => {
    const { schema } = parseSchemaFile('[schema]\nstates = ["open", "closed"]\ntransitions = ["open -> closed"]\n');
    expect(schema).not.toHaveProperty('fields');
  });

  it('names every problem with its key', () => {
    const bad = `
[fields.Team]
type = "enum"
[fields.size]
type = "integer"
[fields.kind]
type = "enum"
[fields.state]
type = "enum"
values = ["a"]
default = "b"
types = ["story"]
[fields.note]
type = "string"
colour = "red"
`;
    expect(() => parseSchemaFile(bad)).toThrow(
      expect.objectContaining({
        code: 'schema',
        details: {
          problems: [
            'fields.Team: a field name is 1-40 lower-case letters, digits or _, starting with a letter',
            'fields.size.type must be one of: string, number, date, bool, enum',
            'fields.kind.values must be a non-empty list of strings for an enum',
            "fields.state.types: unknown ticket type 'story'; types: task, bug, feature, decision",
            "fields.state.default: 'b' is not one of its values; allowed: a",
            'unknown key fields.note.colour',
          ],
        },
      }),
    );
  });
});

describe('fieldValue', () => {
  it('turns CLI text into each type and refuses what does not fit, naming field, type and what is allowed', () => {
    expect(fieldValue({ name: 'n', type: 'number' }, '2.5')).toBe(2.5);
    expect(fieldValue({ name: 'b', type: 'bool' }, 'no')).toBe(false);
    expect(fieldValue({ name: 'd', type: 'date' }, '2026-03-01T10:00+01:00')).toBe('2026-03-01T09:00:00.000Z');
    expect(() => fieldValue({ name: 'n', type: 'number' }, 'lots')).toThrow("field.n: 'lots' is not a number");
    expect(() => fieldValue({ name: 'b', type: 'bool' }, 'maybe')).toThrow(
      "field.b: 'maybe' is not a bool; give true or false",
    );
    expect(() => fieldValue({ name: 'd', type: 'date' }, '2026-02-30')).toThrow(
      "field.d: '2026-02-30' is not a date on the calendar",
    );
    expect(() => fieldValue({ name: 'e', type: 'enum', values: ['x'] }, 'y')).toThrow(
      "field.e: 'y' is not one of its values; allowed: x",
    );
  });
});

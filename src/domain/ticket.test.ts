import { describe, expect, it } from 'vitest';
import { coerceOption } from './options.js';
import { parseTicketRef } from './ticket.js';

describe('ticket references', () => {
  it('reads a number, #number, or the display id in any case', () => {
    for (const ref of [42, '42', ' 42 ', '#42', 'DOC-42', 'doc-42']) expect(parseTicketRef(ref, 'DOC-')).toBe(42);
    expect(parseTicketRef('BD#7', 'BD#')).toBe(7);
    expect(parseTicketRef('#7', '#')).toBe(7);
  });

  it('says not_found for another project id and validation for nonsense', () => {
    expect(() => parseTicketRef('OPS-1', 'DOC-')).toThrow(expect.objectContaining({ code: 'not_found' }));
    for (const ref of [0, -3, 2.5, Number.NaN, '', 'DOC-', 'DOC-0', 'x', '1e3', '0x10', '9'.repeat(16)]) {
      expect(() => parseTicketRef(ref, 'DOC-')).toThrow(expect.objectContaining({ code: 'validation' }));
    }
  });
});

describe('options', () => {
  it('reads booleans and numbers the way CLI users and TOML write them', () => {
    for (const v of [true, 'true', 'YES', 'on', '1', 1]) expect(coerceOption('audit_log', v)).toBe(true);
    for (const v of [false, 'false', 'no', 'OFF', '0', 0]) expect(coerceOption('audit_log', v)).toBe(false);
    expect(coerceOption('audit_prune_keep_days', ' 14 ')).toBe(14);
    expect(coerceOption('default_priority', ' High ')).toBe('high');
    expect(coerceOption('display_prefix', '')).toBe('');
  });

  it('names the option and the bad value', () => {
    expect(() => coerceOption('audit_log', 'perhaps')).toThrow(
      "options.audit_log must be true or false, not 'perhaps'",
    );
    expect(() => coerceOption('audit_prune_keep_days', '36501', 'config')).toThrow(/^config\.audit_prune_keep_days/);
    expect(() => coerceOption('colour', 'red')).toThrow(
      /unknown option options\.colour; known options: display_prefix/,
    );
    expect(() => coerceOption('default_type', '  ')).toThrow('options.default_type must be a non-empty string');
  });
});

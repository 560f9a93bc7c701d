import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DocketError } from './errors.js';
import { dueBound, formatDue, parseDue, parseEstimate, startOfDay } from './planning.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

describe('parseDue', () => {
  it('keeps any calendar day as that day, whatever the zone of the machine', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1970, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.nat(), (y, m, d0) => {
        const d = (d0 % daysIn(y, m)) + 1;
        const text = `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
        const due = parseDue(text);
        expect(due.day).toBe(true);
        expect(formatDue(due.at, due.day)).toBe(text);
        expect(startOfDay(due.at)).toBe(due.at);
      }),
    );
  });

  it('reads a time with any offset as the same instant in UTC', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('9998-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (date, offsetMinutes) => {
          const at = Math.floor(date.getTime() / 60_000) * 60_000;
          const local = new Date(at + offsetMinutes * 60_000).toISOString().slice(0, 16);
          const sign = offsetMinutes < 0 ? '-' : '+';
          const abs = Math.abs(offsetMinutes);
          const text = `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
          expect(parseDue(text)).toEqual({ at, day: false });
          expect(parseDue(`${local}Z`).at).toBe(at + offsetMinutes * 60_000);
        },
      ),
    );
  });

  it('refuses every day past the end of its month, never rolling it into the next', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1970, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 70 }),
        (y, m, extra) => {
          const d = daysIn(y, m) + extra;
          const text = `${pad(y, 4)}-${pad(m)}-${pad(Math.min(d, 99))}`;
          expect(() => parseDue(text)).toThrow(DocketError);
          expect(() => parseDue(`${text}T10:00Z`)).toThrow(/not a date on the calendar/);
        },
      ),
    );
  });

  it('names the problem for each kind of bad input', () => {
    expect(() => parseDue('2026-02-30')).toThrow("due: '2026-02-30' is not a date on the calendar");
    expect(() => parseDue('2026-13-01')).toThrow(/not a date on the calendar/);
    expect(() => parseDue('2026-00-10')).toThrow(/not a date on the calendar/);
    expect(() => parseDue('31/12/2026')).toThrow(/use YYYY-MM-DD/);
    expect(() => parseDue('')).toThrow(/is not a date/);
    expect(() => parseDue('2026-12-31T10:00')).toThrow(/has a time but no zone/);
    expect(() => parseDue('2026-12-31T24:00Z')).toThrow(/not a time of day/);
    expect(() => parseDue('2026-12-31T10:00+15:00')).toThrow(/offsets run from -14:00 to \+14:00/);
    expect(() => parseDue('1969-12-31')).toThrow(/years run from 1970/);
    expect(() => parseDue('2026-12-31', 'dueBefore')).not.toThrow();
    expect(() => parseDue('x', 'dueBefore')).toThrow(/^dueBefore: /);
  });

  it('reads leap days only in leap years', () => {
    expect(formatDue(parseDue('2028-02-29').at, true)).toBe('2028-02-29');
    expect(() => parseDue('2027-02-29')).toThrow(/not a date on the calendar/);
    expect(() => parseDue('2100-02-29')).toThrow(/not a date on the calendar/);
  });

  it('bounds filters: a day ends at the next midnight UTC, an instant is itself', () => {
    expect(dueBound('2026-01-01', 'dueAfter', true)).toBe(Date.UTC(2026, 0, 2));
    expect(dueBound('2026-01-01', 'dueBefore', false)).toBe(Date.UTC(2026, 0, 1));
    expect(dueBound('2026-01-01T05:00+01:00', 'dueAfter', true)).toBe(Date.UTC(2026, 0, 1, 4));
  });
});

describe('parseEstimate', () => {
  it('takes numbers and numeric text from 0 to the maximum', () => {
    expect(parseEstimate(0)).toBe(0);
    expect(parseEstimate('2.5')).toBe(2.5);
    expect(parseEstimate(1 / 3)).toBe(0.333);
  });

  it('refuses negative, infinite, huge and non-numeric estimates', () => {
    for (const bad of [-1, '-1', '1e400', Number.POSITIVE_INFINITY, Number.NaN, '', 'three', 1e7]) {
      expect(() => parseEstimate(bad)).toThrow(/^estimate: must be a number from 0 to 1000000/);
    }
  });
});

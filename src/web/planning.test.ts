import { describe, expect, it } from 'vitest';
import { matchesFilters } from './columns.js';
import { isOverdue } from './planning.js';
import type { Ticket } from './types.js';

const NOON = Date.parse('2026-12-07T12:00:00Z');

describe("the board's overdue rule (core's: open and past due)", () => {
  it('holds a calendar day back until that UTC day has passed', () => {
    expect(isOverdue({ due: '2026-12-06', closedAt: null }, NOON)).toBe(true);
    expect(isOverdue({ due: '2026-12-07', closedAt: null }, NOON)).toBe(false);
    expect(isOverdue({ due: '2026-12-08', closedAt: null }, NOON)).toBe(false);
  });

  it('counts an instant as soon as it is behind us, and never a closed or undated ticket', () => {
    expect(isOverdue({ due: '2026-12-07T11:59:00.000Z', closedAt: null }, NOON)).toBe(true);
    expect(isOverdue({ due: '2026-12-07T12:01:00.000Z', closedAt: null }, NOON)).toBe(false);
    expect(isOverdue({ due: '2026-01-01', closedAt: '2026-01-02T00:00:00.000Z' }, NOON)).toBe(false);
    expect(isOverdue({ closedAt: null }, NOON)).toBe(false);
  });

  it('places a live-updated card by its milestone as the list API does', () => {
    const t = {
      type: 'task',
      priority: 'high',
      assignee: null,
      category: null,
      labels: [],
      milestone: 'v2',
    } as unknown as Ticket;
    expect(matchesFilters(t, { milestone: 'v2' })).toBe(true);
    expect(matchesFilters(t, { milestone: 'v3' })).toBe(false);
    expect(matchesFilters(t, { milestone: 'none' })).toBe(false);
    expect(matchesFilters({ ...t, milestone: undefined } as unknown as Ticket, { milestone: 'none' })).toBe(true);
  });
});

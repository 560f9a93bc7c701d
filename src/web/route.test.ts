import { describe, expect, it } from 'vitest';
import { legalTargets, lanes, matchesFilters } from './columns.js';
import { formatRoute, parseRoute } from './route.js';
import { snippetParts } from './text.js';
import { describe as describeChange, timeline } from './timeline.js';
import type { Ticket, Workflow } from './types.js';

const bug: Workflow = {
  type: 'bug',
  states: ['triage', 'confirmed', 'in_progress', 'resolved', 'wont_fix'],
  initial: 'triage',
  terminal: ['resolved', 'wont_fix'],
  transitions: [
    ['triage', 'confirmed'],
    ['triage', 'wont_fix'],
    ['confirmed', 'in_progress'],
    ['in_progress', 'resolved'],
  ],
};

const ticket = (over: Partial<Ticket>): Ticket => ({
  id: 'DOC-1',
  number: 1,
  project: 'doc',
  type: 'bug',
  title: 't',
  description: '',
  status: 'triage',
  priority: 'medium',
  assignee: null,
  category: null,
  labels: [],
  createdBy: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  closedAt: null,
  leaseUntil: null,
  version: 1,
  ...over,
});

describe('board state in the URL', () => {
  it('round-trips project, view, filters, ticket and search', () => {
    const url =
      '?project=doc&view=summary&type=bug&assignee=none&priority=high&label=ui&category=ops&q=login+bug&ticket=DOC-7';
    const r = parseRoute(url);
    expect(r).toEqual({
      project: 'doc',
      view: 'summary',
      filters: { type: 'bug', assignee: 'none', priority: 'high', label: 'ui', category: 'ops' },
      ticket: 'DOC-7',
      q: 'login bug',
    });
    expect(parseRoute(formatRoute(r))).toEqual(r);
  });

  it('ignores unknown views, empty and oversized values', () => {
    const r = parseRoute(`?view=admin&type=&label=${'x'.repeat(100)}&evil=1`);
    expect(r.view).toBe('board');
    expect(r.filters).toEqual({});
    expect(formatRoute(r)).toBe('?');
  });
});

describe('columns and moves', () => {
  it('offers exactly the workflow transitions from the current status', () => {
    expect(legalTargets(bug, 'triage')).toEqual(['confirmed', 'wont_fix']);
    expect(legalTargets(bug, 'resolved')).toEqual([]);
    expect(legalTargets(undefined, 'triage')).toEqual([]);
  });

  it('groups cards in workflow order, most urgent first, closed work newest first', () => {
    const cards = [
      ticket({ id: 'DOC-1', number: 1, priority: 'low' }),
      ticket({ id: 'DOC-2', number: 2, priority: 'urgent' }),
      ticket({ id: 'DOC-3', number: 3, priority: 'urgent' }),
      ticket({ id: 'DOC-4', number: 4, status: 'resolved', closedAt: '2026-01-02T00:00:00.000Z' }),
      ticket({ id: 'DOC-5', number: 5, status: 'resolved', closedAt: '2026-01-03T00:00:00.000Z' }),
    ];
    const [lane] = lanes([bug], cards, ['urgent', 'high', 'medium', 'low']);
    expect(lane!.columns.map((c) => c.status)).toEqual(bug.states);
    expect(lane!.columns[0]!.tickets.map((t) => t.id)).toEqual(['DOC-2', 'DOC-3', 'DOC-1']);
    expect(lane!.columns[3]).toMatchObject({ terminal: true });
    expect(lane!.columns[3]!.tickets.map((t) => t.id)).toEqual(['DOC-5', 'DOC-4']);
  });

  it('matches the list API filters, with none for unassigned and uncategorised', () => {
    const t = ticket({ assignee: 'ada', labels: ['ui'], category: null });
    expect(matchesFilters(t, { assignee: 'ada', label: 'ui', category: 'none' })).toBe(true);
    expect(matchesFilters(t, { assignee: 'none' })).toBe(false);
    expect(matchesFilters(t, { label: 'api' })).toBe(false);
    expect(matchesFilters(t, { type: 'task' })).toBe(false);
  });
});

describe('search snippets and the timeline', () => {
  it("splits a snippet at the API's marks, leaving markup and the text's own ** as text", () => {
    expect(snippetParts('\uE000login\uE001 fails <b>twice</b> on **\uE000Safari\uE001** 17')).toEqual([
      { text: 'login', match: true },
      { text: ' fails <b>twice</b> on **', match: false },
      { text: 'Safari', match: true },
      { text: '** 17', match: false },
    ]);
  });

  it('groups one change of several fields into one timeline item, saying who and what', () => {
    const at = '2026-01-01T10:00:00.000Z';
    const items = timeline([
      { id: 1, field: 'created', old: null, new: 'Fix', actor: 'ada', at },
      { id: 2, field: 'status', old: 'triage', new: 'in_progress', actor: 'bot', at: '2026-01-01T11:00:00.000Z' },
      { id: 3, field: 'assignee', old: null, new: 'bot', actor: 'bot', at: '2026-01-01T11:00:00.000Z' },
    ]);
    expect(items).toEqual([
      { key: 1, actor: 'ada', at, lines: ['created the ticket'] },
      {
        key: 2,
        actor: 'bot',
        at: '2026-01-01T11:00:00.000Z',
        lines: ['moved it from triage to in progress', 'set assignee to bot'],
      },
    ]);
    expect(describeChange({ field: 'category', old: 'ops', new: null })).toBe('cleared category (was ops)');
  });
});

describe('the milestone filter', () => {
  it('keeps the milestone in the URL and asks the API for it, `none` as no_milestone', async () => {
    const { parseRoute: parse, formatRoute: format, filterQuery: query } = await import('./route.js');
    const r = parse('?project=DOC&milestone=v2.4');
    expect(r.filters).toEqual({ milestone: 'v2.4' });
    expect(format(r)).toBe('?project=DOC&milestone=v2.4');
    expect(query(r.filters)).toEqual({ milestone: 'v2.4' });
    expect(query(parse('?milestone=none').filters)).toEqual({ no_milestone: 'true' });
  });
});

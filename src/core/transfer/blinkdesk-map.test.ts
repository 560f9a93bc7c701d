import { describe, expect, it } from 'vitest';
import {
  blinkdeskOptions,
  blinkdeskSchema,
  blinkdeskTime,
  importedTitle,
  keyFromPrefix,
  mapAuditLine,
  mapLog,
  safeSlug,
} from './blinkdesk-map.js';

const row = (action: string, details: string | null) => ({
  source: 'log' as const,
  ticketId: 1,
  seq: 2,
  entityId: 1,
  action,
  details,
  newStateId: null,
  createdAt: '2026-11-21T07:48:21+00:00',
});

describe('BlinkDesk mapping', () => {
  it('reads Python ISO times with microseconds, offsets or no zone (UTC)', () => {
    expect(blinkdeskTime('2026-11-21T07:48:21.167650+00:00', 'x')).toBe(Date.parse('2026-11-21T07:48:21.167Z'));
    expect(blinkdeskTime('2026-11-21T09:48:21.5+02:00', 'x')).toBe(Date.parse('2026-11-21T07:48:21.500Z'));
    expect(blinkdeskTime('2026-11-21 07:48:21', 'x')).toBe(Date.parse('2026-11-21T07:48:21Z'));
    expect(blinkdeskTime('2026-11-21', 'x')).toBe(Date.parse('2026-11-21T00:00:00Z'));
    expect(() => blinkdeskTime('yesterday', 'BlinkDesk ticket 3')).toThrow(
      /BlinkDesk ticket 3 has a time .* 'yesterday'/,
    );
  });

  it('makes Docket slugs of BlinkDesk names, with a stand-in when nothing usable or taken', () => {
    expect(safeSlug('Alice Smith', 'entity-1', new Set())).toBe('alice-smith');
    expect(safeSlug("o'brien", 'entity-2', new Set())).toBe('o-brien');
    expect(safeSlug('!!!', 'entity-3', new Set())).toBe('entity-3');
    expect(safeSlug('bob', 'entity-4', new Set(['bob']))).toBe('entity-4');
  });

  it('keeps titles within Docket limits', () => {
    expect(importedTitle('  ')).toBe('(untitled)');
    expect(importedTitle('x'.repeat(600))).toHaveLength(500);
    expect(importedTitle(' Fix it ')).toBe('Fix it');
  });

  it('builds the workflow as a schema file would, and options from config', () => {
    const states = [
      { id: 1, slug: 'open' },
      { id: 2, slug: 'doing' },
      { id: 3, slug: 'done' },
    ];
    const slugs = new Map(states.map((s) => [s.id, s.slug]));
    const priorities = [
      { id: 10, slug: 'low' },
      { id: 30, slug: 'high' },
      { id: 20, slug: 'mid' },
    ];
    const pslugs = new Map(priorities.map((p) => [p.id, p.slug]));
    const schema = blinkdeskSchema(
      states,
      [
        { from: 1, to: 2 },
        { from: 2, to: 3 },
        { from: 3, to: 1 },
      ],
      priorities,
      [
        { key: 'display_prefix', value: 'T-' },
        { key: 'lock_entities', value: '1' },
        { key: 'unknown_key', value: 'x' },
      ],
      slugs,
      pslugs,
    );
    // `done` has a way out (reopen) but is named like a finished state.
    expect(schema.types[0]).toMatchObject({ type: 'ticket', initial: 'open', terminal: ['done'] });
    expect(schema.priorities).toEqual(['high', 'mid', 'low']);
    expect(schema.options).toMatchObject({ display_prefix: 'T-', lock_entities: true, default_priority: 'mid' });
    expect(() => blinkdeskSchema(states, [{ from: 1, to: 9 }], priorities, [], slugs, pslugs)).toThrow(
      /state id that does not exist \(1 -> 9\)/,
    );
    expect(
      blinkdeskOptions([{ key: 'default_priority', value: 'urgent' }], ['high', 'normal', 'low']).default_priority,
    ).toBe('normal');
    expect(() => blinkdeskOptions([{ key: 'audit_log', value: 'maybe' }], ['high'])).toThrow(/config.audit_log/);
  });

  it('derives a project key from the display prefix', () => {
    expect(keyFromPrefix('BD-')).toBe('bd');
    expect(keyFromPrefix('#')).toBe('blinkdesk');
    expect(keyFromPrefix('42-')).toBe('blinkdesk');
  });

  it('turns log rows into history, tracking the assignee', () => {
    const slug = (name: string) => name.toLowerCase();
    expect(mapLog(row('state_changed', 'open -> In Progress'), 'T', null, slug)).toEqual({
      kind: 'ticket.moved',
      changes: [{ field: 'status', old: 'open', new: 'in-progress' }],
      assignee: null,
    });
    expect(mapLog(row('assigned', 'assigned to Bob'), 'T', 'alice', slug)).toEqual({
      kind: 'ticket.updated',
      changes: [{ field: 'assignee', old: 'alice', new: 'bob' }],
      assignee: 'bob',
    });
    expect(mapLog(row('unassigned', null), 'T', 'bob', slug).changes).toEqual([
      { field: 'assignee', old: 'bob', new: null },
    ]);
    expect(mapLog(row('created', null), 'Title', null, slug).changes).toEqual([
      { field: 'created', old: null, new: 'Title' },
    ]);
    expect(mapLog(row('archived', 'by cron'), 'T', null, slug).changes).toEqual([
      { field: 'archived', old: null, new: 'by cron' },
    ]);
  });

  it('reads audit lines: logger name dropped, kind and actor recognised', () => {
    expect(mapAuditLine('blinkdesk.system: Transitioned ticket #1: open -> closed (agent-1)')).toEqual({
      kind: 'ticket.moved',
      actor: 'agent-1',
      line: 'Transitioned ticket #1: open -> closed (agent-1)',
    });
    expect(mapAuditLine('Assigned ticket #2 to bob (alice)')).toMatchObject({ kind: 'ticket.updated', actor: 'alice' });
    expect(mapAuditLine('Pruned the log')).toMatchObject({ kind: 'project.changed', actor: null });
  });
});

import { describe, expect, it } from 'vitest';
import { BLINKDESK_PRIORITIES, defaultSchema, type ProjectSchema, workflowOf } from '../../../domain/project-schema.js';
import { Mapper, parseMappingRules, stateFor } from './mapping.js';

const schema = defaultSchema('DOC-');
const task = workflowOf(schema, 'task');
const bug = workflowOf(schema, 'bug');
const decision = workflowOf(schema, 'decision');

describe('mapping rules', () => {
  it('reads --map values and mapping files: scoped, dropping, wildcard, comments', () => {
    const rules = parseMappingRules(
      '# statuses\nstatus:In Review=in_progress\nstatus[bug]:Open=triage\n\ntype:Epic=-\ntype:*=task\npriority:No priority=none',
    );
    expect(rules.map(({ text: _t, ...r }) => r)).toEqual([
      { field: 'status', forType: null, from: 'in review', to: 'in_progress' },
      { field: 'status', forType: 'bug', from: 'open', to: 'triage' },
      { field: 'type', forType: null, from: 'epic', to: null },
      { field: 'type', forType: null, from: '*', to: 'task' },
      { field: 'priority', forType: null, from: 'no priority', to: 'none' },
    ]);
    expect(parseMappingRules(['status:closed/not_planned=wont_fix'])[0]).toMatchObject({ from: 'closed/not planned' });
  });

  it('reads a JSON mapping file', () => {
    const rules = parseMappingRules('{"status": {"Todo": "backlog"}, "type": {"Epic": null}}');
    expect(rules.map((r) => [r.field, r.from, r.to])).toEqual([
      ['status', 'todo', 'backlog'],
      ['type', 'epic', null],
    ]);
  });

  it('refuses a rule it cannot read, naming it and its line', () => {
    expect(() => parseMappingRules('status:Todo=backlog\nstatus Todo backlog')).toThrow(
      /^line 2: 'status Todo backlog' is not a mapping rule; write FIELD:SOURCE=TARGET/,
    );
    expect(() => parseMappingRules(['colour:red=blue'])).toThrow(/'colour:red=blue' is not a mapping rule/);
    expect(() => parseMappingRules('{"colour": {}}')).toThrow(/'colour' is not type, status or priority/);
  });
});

describe('default mapping', () => {
  const m = new Mapper(schema, []);

  it('types: same name, then meaning, then the project default for none; else unmapped', () => {
    expect(m.type('Bug')).toEqual({ ok: true, to: 'bug', by: 'same name' });
    expect(m.type('Story')).toEqual({ ok: true, to: 'feature', by: 'meaning' });
    expect(m.type('chore')).toEqual({ ok: true, to: 'task', by: 'meaning' });
    expect(m.type(null)).toEqual({ ok: true, to: 'task', by: 'project default' });
    expect(m.type('Epic')).toEqual({ ok: false, why: expect.stringMatching(/no type of the project means 'Epic'/) });
  });

  it('a project with one type takes every source type into it', () => {
    const one: ProjectSchema = { ...schema, types: [task], options: { ...schema.options, default_type: 'task' } };
    expect(new Mapper(one, []).type('Epic')).toEqual({ ok: true, to: 'task', by: 'only type' });
  });

  it('statuses: same name, else what the source says the status means, per workflow', () => {
    expect(m.status('In Progress', 'started', task)).toEqual({ ok: true, to: 'in_progress', by: 'same name' });
    expect(m.status('Todo', 'todo', bug)).toEqual({ ok: true, to: 'triage', by: 'meaning' });
    expect(m.status('closed/completed', 'done', bug)).toEqual({ ok: true, to: 'resolved', by: 'meaning' });
    expect(m.status('closed/not_planned', 'cancelled', bug)).toEqual({ ok: true, to: 'wont_fix', by: 'meaning' });
    expect(m.status('closed/not_planned', 'cancelled', task)).toMatchObject({ to: 'cancelled' });
    expect(m.status('Parked', null, task)).toEqual({
      ok: false,
      why: expect.stringMatching(/says nothing of what 'Parked' means/),
    });
    // decision has no work state and no open state past its initial one: "started" means nothing there
    expect(m.status('in_progress', 'started', decision)).toMatchObject({
      ok: false,
      why: expect.stringMatching(/no decision state means started/),
    });
  });

  it('priorities: same name, else how urgent the name says, else unmapped; none takes the project default', () => {
    expect(m.priority('High')).toEqual({ ok: true, to: 'high', by: 'same name' });
    expect(m.priority('P0')).toEqual({ ok: true, to: 'urgent', by: 'meaning' });
    expect(m.priority('Highest')).toEqual({ ok: true, to: 'urgent', by: 'meaning' });
    expect(m.priority('No priority')).toEqual({ ok: true, to: 'none', by: 'meaning' });
    expect(m.priority(null)).toEqual({ ok: true, to: 'medium', by: 'project default' });
    expect(m.priority('Whenever')).toMatchObject({ ok: false });
    const bd = new Mapper(
      { ...schema, priorities: BLINKDESK_PRIORITIES, options: { ...schema.options, default_priority: 'normal' } },
      [],
    );
    expect(bd.priority('Medium')).toEqual({ ok: true, to: 'normal', by: 'meaning' });
    expect(bd.priority('Urgent')).toMatchObject({ ok: false, why: expect.stringMatching(/high, normal, low/) });
  });

  it('meanings land on the workflow roles: initial, work state, a done and a not-done terminal', () => {
    expect([
      stateFor('todo', bug),
      stateFor('started', bug),
      stateFor('done', bug),
      stateFor('cancelled', bug),
    ]).toEqual(['triage', 'in_progress', 'resolved', 'wont_fix']);
    expect(stateFor('cancelled', decision)).toBe('deferred');
  });
});

describe('rules over defaults', () => {
  it('a rule wins over the same name and the meaning; a type-scoped rule wins over a general one', () => {
    const m = new Mapper(
      schema,
      parseMappingRules(['status:Todo=in_progress', 'status[bug]:Todo=confirmed', 'priority:High=urgent']),
    );
    expect(m.status('todo', 'todo', task)).toEqual({ ok: true, to: 'in_progress', by: 'rule' });
    expect(m.status('Todo', 'todo', bug)).toEqual({ ok: true, to: 'confirmed', by: 'rule' });
    expect(m.priority('high')).toEqual({ ok: true, to: 'urgent', by: 'rule' });
  });

  it('a rule naming what the project lacks leaves the value unmapped, saying so', () => {
    const m = new Mapper(schema, parseMappingRules(['type:Epic=epic', 'status:Parked=parked']));
    expect(m.type('Epic')).toEqual({
      ok: false,
      why: expect.stringMatching(/rule 'type:Epic=epic' names 'epic', which is not a type/),
    });
    expect(m.status('Parked', null, task)).toMatchObject({ ok: false, why: expect.stringMatching(/not a task state/) });
  });

  it('a drop rule drops; a wildcard catches what nothing else maps', () => {
    const m = new Mapper(schema, parseMappingRules(['type:Epic=-', 'type:*=feature']));
    expect(m.type('Epic')).toEqual({ ok: true, to: null, by: 'rule' });
    expect(m.type('Initiative')).toEqual({ ok: true, to: 'feature', by: 'rule' });
    expect(m.type(null)).toEqual({ ok: true, to: 'feature', by: 'rule' });
  });
});

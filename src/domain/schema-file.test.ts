import { describe, expect, it } from 'vitest';
import { DocketError } from './errors.js';
import { BLINKDESK_TYPE, parseSchemaFile } from './schema-file.js';
import { DEFAULT_WORKFLOWS } from './workflow.js';
import { BLINKDESK_PAGE_SCHEMA } from '../../test/support/blinkdesk-example.js';

/** BlinkDesk's documented full form, with priorities and the prune option. */
const BLINKDESK_FULL = `[schema]
entities = ["ai", "alice"]
states = ["open", "in_progress", "closed"]
priorities = ["trivial", "minor", "major", "blocker"]
categories = ["support", "ops"]
transitions = [ { from = "open", to = "in_progress" }, { from = "in_progress", to = "closed" }, { from = "closed", to = "open" } ]

[options]
display_prefix = "BD-"
lock_entities = true
default_priority = "minor"
require_operator = true
audit_log = false
audit_prune_keep_days = 7
`;

/** The error a file gets, as its list of problems. */
function problemsOf(text: string): string[] {
  try {
    parseSchemaFile(text);
  } catch (e) {
    expect(e).toBeInstanceOf(DocketError);
    expect(e).toMatchObject({ code: 'schema' });
    return (e as DocketError<'schema'>).details.problems as string[];
  }
  throw new Error('the file loaded, but it should have been refused');
}

describe('schema files: BlinkDesk form', () => {
  it("loads the example on BlinkDesk's package page unchanged", () => {
    const { schema, entities, categories } = parseSchemaFile(BLINKDESK_PAGE_SCHEMA);
    expect(entities).toEqual(['ai', 'alice']);
    expect(categories).toEqual(['support', 'ops']);
    expect(schema.types).toEqual([
      {
        type: BLINKDESK_TYPE,
        states: ['open', 'in_progress', 'closed'],
        initial: 'open',
        terminal: ['closed'],
        transitions: [
          ['open', 'in_progress'],
          ['in_progress', 'closed'],
        ],
        // named like work, so `claim` moves a ticket there
        work: 'in_progress',
      },
    ]);
    // it lists no priorities, so it gets BlinkDesk's own defaults (stored most urgent first)
    expect(schema.priorities).toEqual(['high', 'normal', 'low']);
    expect(schema.options).toEqual({
      display_prefix: 'BD-',
      lock_entities: false,
      default_priority: 'normal',
      require_operator: false,
      audit_log: true,
      audit_prune_keep_days: 30,
      default_type: BLINKDESK_TYPE,
      webhook_allow_private: false,
    });
  });

  it('uses the priorities a file lists (lowest first, as BlinkDesk orders them) and every option', () => {
    const { schema } = parseSchemaFile(BLINKDESK_FULL);
    expect(schema.priorities).toEqual(['blocker', 'major', 'minor', 'trivial']);
    expect(schema.options).toMatchObject({
      lock_entities: true,
      default_priority: 'minor',
      require_operator: true,
      audit_log: false,
      audit_prune_keep_days: 7,
    });
    // closed can be reopened, yet its name says it is where work ends
    expect(schema.types[0]!.terminal).toEqual(['closed']);
  });

  it('infers terminal states: dead ends, and states named as finished even with a way out', () => {
    const { schema } = parseSchemaFile(`[schema]
states = ["new", "doing", "parked", "Wont Fix", "Done", "archived", "limbo"]
transitions = ["new -> doing", "doing -> Done", "Done -> new", "new -> parked", "parked -> new", "doing -> archived", "archived -> new", "Wont Fix -> new", "doing -> limbo"]
`);
    // parked has a way out and a name that does not say finished: it stays open; limbo is a dead end
    expect(schema.types[0]).toMatchObject({ initial: 'new', terminal: ['wont-fix', 'done', 'archived', 'limbo'] });
  });

  it('infers no work state when none is named like one, and keeps an explicit one', () => {
    const plain = parseSchemaFile(
      '[schema]\nstates = ["new", "review", "done"]\ntransitions = ["new -> review", "review -> done"]\n',
    );
    expect(plain.schema.types[0]!.work).toBeUndefined();
    const doing = parseSchemaFile(
      '[types.t]\nstates = ["new", "Doing", "done"]\ntransitions = ["new -> doing", "doing -> done"]\n',
    );
    expect(doing.schema.types[0]!.work).toBe('doing');
    const explicit = parseSchemaFile(
      '[types.t]\nstates = ["new", "doing", "review", "done"]\nwork = "review"\ntransitions = ["new -> review", "review -> done"]\n',
    );
    expect(explicit.schema.types[0]!.work).toBe('review');
  });

  it('never infers the initial state as terminal, and says when nothing leaves it', () => {
    expect(
      parseSchemaFile('[schema]\nstates = ["closed", "open"]\ntransitions = ["closed -> open"]\n').schema.types[0]!
        .terminal,
    ).toEqual(['open']);
    expect(problemsOf('[schema]\nstates = ["a", "b"]\ntransitions = ["b -> a"]\n')).toContain(
      "schema.transitions: no transition leaves the initial state 'a'",
    );
  });

  it('turns names into slugs: lower case, spaces as dashes', () => {
    const { schema, entities } = parseSchemaFile(`[schema]
entities = ["Alice Smith"]
states = ["To Do", "In Progress", "Done"]
priorities = ["Low", "Very High"]
transitions = [ { from = "To Do", to = "In Progress" }, { from = "In Progress", to = "Done" } ]
[options]
default_priority = "Low"
`);
    expect(entities).toEqual(['alice-smith']);
    expect(schema.types[0]!.states).toEqual(['to-do', 'in-progress', 'done']);
    expect(schema.priorities).toEqual(['very-high', 'low']);
    expect(schema.options.default_priority).toBe('low');
  });

  it('picks a middle default priority when the file lists priorities but no default', () => {
    const { schema } = parseSchemaFile(`[schema]
states = ["a", "b"]
transitions = ["a -> b"]
priorities = ["p1", "p2", "p3"]
`);
    expect(schema.options.default_priority).toBe('p2');
  });
});

describe('schema files: extended form', () => {
  it('loads several [types.NAME] tables with explicit initial, terminal and work states', () => {
    const { schema } = parseSchemaFile(
      `[schema]
priorities = ["low", "high"]

[types.incident]
states = ["reported", "mitigating", "resolved", "postmortem"]
initial = "reported"
terminal = ["resolved", "postmortem"]
work = "mitigating"
transitions = ["reported -> mitigating", "mitigating -> resolved", "resolved -> postmortem"]

[types.chore]
states = ["todo", "done"]
transitions = [ { from = "todo", to = "done" }, { from = "done", to = "todo" } ]
terminal = ["done"]

[options]
display_prefix = "OPS-"
default_priority = "high"
default_type = "chore"
`,
      'X-',
    );
    expect(schema.types.map((w) => w.type)).toEqual(['incident', 'chore']);
    expect(schema.types[0]).toMatchObject({
      initial: 'reported',
      terminal: ['resolved', 'postmortem'],
      work: 'mitigating',
    });
    expect(schema.types[1]).toMatchObject({ initial: 'todo', terminal: ['done'] });
    expect(schema.options).toMatchObject({ display_prefix: 'OPS-', default_priority: 'high', default_type: 'chore' });
  });

  it('an empty file or options alone keep the default preset', () => {
    const empty = parseSchemaFile('', 'DOC-');
    expect(empty.schema.types).toEqual(DEFAULT_WORKFLOWS);
    expect(empty.schema.priorities).toEqual(['urgent', 'high', 'medium', 'low', 'none']);
    expect(empty.schema.options).toMatchObject({
      display_prefix: 'DOC-',
      default_priority: 'medium',
      default_type: 'task',
    });
    const opts = parseSchemaFile('[options]\nrequire_operator = true\n');
    expect(opts.schema.options.require_operator).toBe(true);
  });

  it('defaults the default type to the first type when there is no task', () => {
    const { schema } = parseSchemaFile('[types.story]\nstates = ["new", "done"]\ntransitions = ["new -> done"]\n');
    expect(schema.options.default_type).toBe('story');
  });
});

describe('schema files: every mistake names its key', () => {
  const blink = (schema: string, options = '') => `[schema]\n${schema}\n${options ? `[options]\n${options}\n` : ''}`;
  const ok = 'states = ["a", "b"]\ntransitions = ["a -> b"]';

  it.each([
    ['states = []\ntransitions = ["a -> b"]', 'schema.states must be a non-empty list'],
    ['states = ["a", "b"]\ntransitions = []', 'schema.transitions must be a non-empty list'],
    ['states = ["a", "b"]', 'schema.transitions must be a non-empty list'],
    [`${ok}\nentities = []`, 'schema.entities must be a non-empty list'],
    [`${ok}\npriorities = []`, 'schema.priorities must be a non-empty list'],
    [`${ok}\ncategories = [1, 2]`, 'schema.categories must be a non-empty list'],
    ['states = "a"\ntransitions = ["a -> b"]', 'schema.states must be a non-empty list'],
    ['states = ["a", "b"]\ntransitions = ["a -> c"]', 'transition references unknown state: c'],
    [
      'states = ["a", "b"]\ntransitions = [{ from = "x", to = "b" }]',
      'schema.transitions[0]: transition references unknown state: x',
    ],
    ['states = ["a", "b"]\ntransitions = [42]', 'schema.transitions[0] must be'],
    ['states = ["a", "a"]\ntransitions = ["a -> a"]', 'schema.states lists a state twice'],
    [`${ok}\npriorities = ["x", "x"]`, 'schema.priorities lists a priority twice'],
    [`${ok}\ncolour = "red"`, 'unknown key schema.colour'],
  ])('refuses %j', (schema, message) => {
    expect(problemsOf(blink(schema)).join('\n')).toContain(message);
  });

  it.each([
    ['default_priority = "urgent"', "options.default_priority: Default priority 'urgent' not found"],
    ['lock_entities = "maybe"', 'options.lock_entities must be true or false'],
    ['audit_log = 2', 'options.audit_log must be true or false'],
    ['audit_prune_keep_days = -1', 'options.audit_prune_keep_days must be a whole number'],
    ['audit_prune_keep_days = 1.5', 'options.audit_prune_keep_days must be a whole number'],
    ['display_prefix = "A B"', 'options.display_prefix must be at most 16 characters'],
    ['display_prefix = 7', 'options.display_prefix must be a non-empty string'],
    ['default_type = "epic"', "options.default_type: unknown ticket type 'epic'"],
    ['colour = "red"', 'unknown key options.colour'],
  ])('refuses the option %j', (option, message) => {
    expect(problemsOf(blink(ok, option)).join('\n')).toContain(message);
  });

  it('refuses names no command could type, naming where they are', () => {
    const problems = problemsOf(`[schema]
entities = ["ok", "bad/name"]
states = ["open", "Won't Fix"]
transitions = ["open -> Won't Fix", { from = "open", to = "#closed" }]
categories = ["a b", ""]
`);
    expect(problems).toEqual(
      expect.arrayContaining([
        "schema.entities[1]: 'bad/name' is not a usable name; use letters, digits and _ . : @ - (spaces become -)",
        expect.stringMatching(/^schema\.states\[1\]: 'Won't Fix' is not a usable name/),
        expect.stringMatching(/^schema\.transitions\[0\]: 'Won't Fix' is not a usable name/),
        expect.stringMatching(/^schema\.transitions\[1\]: '#closed' is not a usable name/),
        'schema.categories must be a non-empty list of strings',
      ]),
    );
    expect(problemsOf('[types."bad type!"]\nstates = ["a", "b"]\ntransitions = ["a -> b"]\n')[0]).toMatch(
      /^types\.bad type!: 'bad type!' is not a usable name/,
    );
    expect(problemsOf('[schema]\nstates = ["a", "b"]\ntransitions = ["a -> "]\n')).toEqual([
      'schema.transitions[0] must be { from = "a", to = "b" } or "a -> b"',
    ]);
  });

  it('refuses a bad type table, naming the type and key', () => {
    const typed = (body: string) => problemsOf(`[types.flow]\n${body}\n`).join('\n');
    expect(typed('states = ["a", "b"]\ntransitions = ["a -> b"]\ninitial = "z"')).toContain(
      "types.flow.initial: unknown state 'z'",
    );
    expect(typed('states = ["a", "b"]\ntransitions = ["a -> b"]\nterminal = ["q"]')).toContain(
      "types.flow.terminal: unknown state 'q'",
    );
    expect(typed('states = ["a", "b"]\ntransitions = ["a -> b"]\nterminal = ["a"]')).toContain(
      "types.flow.initial 'a' cannot be terminal",
    );
    expect(typed('states = ["a", "b"]\ntransitions = ["a -> b"]\nwork = "b"')).toContain(
      "types.flow.work 'b' cannot be terminal",
    );
    expect(typed('states = ["a", "b"]\ntransitions = ["a -> b"]\nmood = "calm"')).toContain(
      'unknown key types.flow.mood',
    );
    expect(typed('states = ["a", "b"]\ntransitions = ["a -> b"]\nterminal = []')).toContain(
      'types.flow.terminal must be a non-empty list',
    );
    expect(problemsOf('types = 3\n').join('\n')).toContain('types must hold at least one [types.NAME] table');
    expect(problemsOf('[types]\n').join('\n')).toContain('types must hold at least one [types.NAME] table');
  });

  it('refuses both forms at once, unknown tables, and a [schema] that is not a table', () => {
    expect(problemsOf(`[schema]\n${ok}\n[types.x]\n${ok}\n`).join('\n')).toContain('not both');
    expect(problemsOf('[extras]\na = 1\n').join('\n')).toContain('unknown table [extras]');
    expect(problemsOf('schema = 1\n').join('\n')).toContain('schema must be a table');
  });

  it('reports bad TOML with its line and column', () => {
    const problems = problemsOf('[schema]\nstates = ["a", "b"]\ntransitions = [ { from = "a" to = "b" } ]\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^not valid TOML: line 3, column \d+: /);
  });

  it('names a bad default priority or type beside a bad option value, not after it is fixed', () => {
    const problems = problemsOf(blink(ok, 'default_priority = "mega"\naudit_log = "maybe"\ndefault_type = "epic"'));
    expect(problems).toEqual([
      "options.audit_log must be true or false, not 'maybe'",
      "options.default_priority: Default priority 'mega' not found",
      "options.default_type: unknown ticket type 'epic'",
    ]);
    // a listed priority twice is named beside another problem too, and only once
    const twice = problemsOf(blink(`${ok}\npriorities = ["x", "x"]`, 'lock_entities = "maybe"'));
    expect(twice.filter((p) => p === 'schema.priorities lists a priority twice')).toHaveLength(1);
    expect(twice).toContain("options.lock_entities must be true or false, not 'maybe'");
    // a default naming a type whose own table is wrong is not called unknown
    expect(problemsOf('[types.bug]\nstates = []\ntransitions = ["a -> b"]\n[options]\ndefault_type = "bug"\n')).toEqual(
      ['types.bug.states must be a non-empty list of strings'],
    );
  });

  it('reports every problem of a file at once, and the message lists them', () => {
    try {
      parseSchemaFile(blink('states = []\ntransitions = []', 'colour = 1'));
      expect.unreachable();
    } catch (e) {
      const problems = (e as DocketError<'schema'>).details.problems as string[];
      expect(problems.length).toBeGreaterThanOrEqual(3);
      for (const p of problems) expect((e as Error).message).toContain(p);
    }
  });
});

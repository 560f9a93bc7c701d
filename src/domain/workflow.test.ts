import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DocketError } from './errors.js';
import { parseSchemaFile } from './schema-file.js';
import {
  assertMove,
  closePath,
  DEFAULT_WORKFLOWS,
  isTerminal,
  reopenPath,
  targetsFrom,
  type Workflow,
  workflowProblems,
  workPath,
} from './workflow.js';

/** Breadth-first distance from `from` to the nearest of `goals`, computed independently of the code under test. */
function distance(wf: Workflow, from: string, goals: readonly string[]): number | undefined {
  const seen = new Set([from]);
  let frontier = [from];
  for (let d = 1; frontier.length; d++) {
    const next: string[] = [];
    for (const s of frontier) {
      for (const [a, b] of wf.transitions) {
        if (a !== s || seen.has(b)) continue;
        if (goals.includes(b)) return d;
        seen.add(b);
        next.push(b);
      }
    }
    frontier = next;
  }
  return undefined;
}

/** Checks that `path` is a walk of legal single steps starting at `from`. */
function expectLegalWalk(wf: Workflow, from: string, path: readonly string[]): void {
  let at = from;
  for (const to of path) {
    expect(() => assertMove(wf, at, to)).not.toThrow();
    at = to;
  }
}

const STATE_POOL = ['new', 'todo', 'doing', 'review', 'blocked', 'done', 'dropped', 'shipped'];

/** Random sound-or-not workflows, written as a schema file in either form and parsed the real way. */
const schemaText = fc
  .record({
    states: fc.uniqueArray(fc.constantFrom(...STATE_POOL), { minLength: 1, maxLength: 7 }),
    edges: fc.array(fc.tuple(fc.nat(9), fc.nat(9)), { maxLength: 14 }),
    terminal: fc.option(fc.array(fc.nat(9), { minLength: 1, maxLength: 3 }), { nil: undefined }),
    blinkdesk: fc.boolean(),
  })
  .map(({ states, edges, terminal, blinkdesk }) => {
    const at = (i: number) => states[i % states.length]!;
    const pairs = edges.map(([a, b]) => `{ from = "${at(a)}", to = "${at(b)}" }`).join(', ');
    const list = (xs: readonly string[]) => `[${xs.map((x) => `"${x}"`).join(', ')}]`;
    if (blinkdesk) return `[schema]\nstates = ${list(states)}\ntransitions = [${pairs}]\n`;
    const term = terminal ? `terminal = ${list([...new Set(terminal.map(at))])}\n` : '';
    return `[types.flow]\nstates = ${list(states)}\ntransitions = [${pairs}]\n${term}`;
  });

describe('workflow rules', () => {
  it('the default preset is exactly the four stompy state machines, each sound', () => {
    expect(DEFAULT_WORKFLOWS.map((w) => [w.type, w.initial, w.terminal])).toEqual([
      ['task', 'backlog', ['done', 'cancelled']],
      ['bug', 'triage', ['resolved', 'wont_fix']],
      ['feature', 'proposed', ['shipped', 'rejected']],
      ['decision', 'open', ['decided', 'deferred']],
    ]);
    expect(DEFAULT_WORKFLOWS.map((w) => w.transitions.length)).toEqual([7, 7, 7, 4]);
    for (const wf of DEFAULT_WORKFLOWS) expect(workflowProblems(wf, wf.type)).toEqual([]);
  });

  it('lists legal targets in workflow order', () => {
    const task = DEFAULT_WORKFLOWS[0]!;
    expect(targetsFrom(task, 'backlog')).toEqual(['in_progress', 'done', 'cancelled']);
    expect(targetsFrom(task, 'done')).toEqual(['backlog']);
  });

  it('refuses a move to the same state, naming the legal targets', () => {
    const bug = DEFAULT_WORKFLOWS[1]!;
    expect(() => assertMove(bug, 'triage', 'triage')).toThrow(/already triage; legal targets: confirmed, wont_fix/);
    expect(() => assertMove(bug, 'triage', 'nowhere')).toThrow(DocketError);
  });

  it('close prefers the positive terminal among equally near ones', () => {
    const bug = DEFAULT_WORKFLOWS[1]!;
    expect(closePath(bug, 'in_progress')).toEqual(['resolved']);
    expect(closePath(bug, 'triage')).toEqual(['wont_fix']);
    expect(closePath(bug, 'triage', 'resolved')).toEqual(['confirmed', 'in_progress', 'resolved']);
    expect(closePath(bug, 'resolved')).toEqual([]);
  });

  it('property: no sequence of moves reaches a state outside the workflow', () => {
    const wfArb = fc.constantFrom(...DEFAULT_WORKFLOWS);
    fc.assert(
      fc.property(wfArb, fc.array(fc.string({ maxLength: 12 }), { maxLength: 30 }), fc.nat(), (wf, tries, seed) => {
        let status = wf.initial;
        const candidates = [...wf.states, ...DEFAULT_WORKFLOWS.flatMap((w) => w.states)];
        tries.forEach((raw, i) => {
          const to = i % 2 ? raw : candidates[(seed + i * 7) % candidates.length]!;
          try {
            assertMove(wf, status, to);
            expect(wf.transitions.some(([a, b]) => a === status && b === to)).toBe(true);
            status = to;
          } catch (e) {
            expect(e).toMatchObject({ code: 'invalid_transition', details: { allowed: targetsFrom(wf, status) } });
          }
          expect(wf.states).toContain(status);
        });
      }),
    );
  });

  it('property: close always ends terminal by a shortest legal walk, or refuses when none is reachable', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DEFAULT_WORKFLOWS), fc.nat(), (wf, i) => {
        const from = wf.states[i % wf.states.length]!;
        const path = closePath(wf, from);
        expectLegalWalk(wf, from, path);
        expect(isTerminal(wf, path.at(-1) ?? from)).toBe(true);
        if (!isTerminal(wf, from)) expect(path.length).toBe(distance(wf, from, wf.terminal));
      }),
    );
  });

  it('property: reopen of a closed ticket ends open', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DEFAULT_WORKFLOWS), fc.nat(), (wf, i) => {
        const from = wf.terminal[i % wf.terminal.length]!;
        const path = reopenPath(wf, from);
        expectLegalWalk(wf, from, path);
        expect(path.length).toBeGreaterThan(0);
        expect(isTerminal(wf, path.at(-1)!)).toBe(false);
      }),
    );
  });

  it('property: random custom workflows from schema files load soundly or are refused with a schema error', () => {
    let loaded = 0;
    fc.assert(
      fc.property(schemaText, (text) => {
        let file: ReturnType<typeof parseSchemaFile>;
        try {
          file = parseSchemaFile(text);
        } catch (e) {
          expect(e).toMatchObject({ code: 'schema' });
          expect((e as DocketError).message).toMatch(/^schema file: /);
          return;
        }
        loaded++;
        for (const wf of file.schema.types) {
          expect(workflowProblems(wf, wf.type)).toEqual([]);
          for (const from of wf.states) {
            const reachable = distance(wf, from, wf.terminal);
            if (isTerminal(wf, from)) {
              expect(closePath(wf, from)).toEqual([]);
              const open = wf.states.filter((s) => !isTerminal(wf, s));
              if (distance(wf, from, open) === undefined) {
                expect(() => reopenPath(wf, from)).toThrow(expect.objectContaining({ code: 'invalid_transition' }));
              } else {
                const back = reopenPath(wf, from);
                expectLegalWalk(wf, from, back);
                expect(isTerminal(wf, back.at(-1)!)).toBe(false);
              }
            } else if (reachable === undefined) {
              expect(() => closePath(wf, from)).toThrow(expect.objectContaining({ code: 'invalid_transition' }));
            } else {
              const path = closePath(wf, from);
              expectLegalWalk(wf, from, path);
              expect(path.length).toBe(reachable);
              expect(isTerminal(wf, path.at(-1)!)).toBe(true);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
    expect(loaded).toBeGreaterThan(20);
  });

  it('the work path leads into the work state, or is empty for types without one', () => {
    const [task, , feature, decision] = DEFAULT_WORKFLOWS;
    expect(workPath(task!, 'backlog')).toEqual(['in_progress']);
    expect(workPath(feature!, 'proposed')).toEqual(['approved', 'in_progress']);
    expect(workPath(task!, 'in_progress')).toEqual([]);
    expect(workPath(decision!, 'open')).toEqual([]);
  });

  it('names every problem of a broken workflow by key', () => {
    const broken: Workflow = {
      type: 'x',
      states: ['a', 'a', 'b'],
      initial: 'z',
      terminal: ['q'],
      transitions: [
        ['a', 'c'],
        ['b', 'b'],
      ],
      work: 'q',
    };
    expect(workflowProblems(broken, 'types.x')).toEqual([
      'types.x.states lists a state twice',
      "types.x.initial: unknown state 'z'",
      "types.x.terminal: unknown state 'q'",
      "types.x.work: unknown state 'q'",
      'types.x.transitions[0]: transition references unknown state: c',
      'types.x.transitions[1]: a state cannot transition to itself (b)',
    ]);
  });
});

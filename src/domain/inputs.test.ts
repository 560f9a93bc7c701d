import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CreateInputSchema,
  ListQuerySchema,
  parseCreateInput,
  parseInput,
  plainCreate,
  ReadyQuerySchema,
  SlugSchema,
} from './inputs.js';

const SLUGS = ['bug', 'high', 'alice', 'a.b:c@d-e_f', '9lives', 'x'.repeat(64)];
/** Values a slug field may be sent: final slugs, ones zod normalises, and ones it refuses. */
const slugValue = fc.oneof(
  { arbitrary: fc.constantFrom(...SLUGS), weight: 12 },
  fc.constantFrom('Bug', ' high', 'in progress', 'ünï', 'Ärger', '-bad', '', ' ', 'x'.repeat(65), 'a$b'),
  fc.constantFrom(null, undefined, 3, true, {}, ['bug']),
  fc.string({ maxLength: 8 }),
);
const titleValue = fc.oneof(
  { arbitrary: fc.string({ minLength: 1, maxLength: 40 }), weight: 6 },
  fc.constantFrom('Fix login', ' padded ', '', '   ', 'x'.repeat(500), 'x'.repeat(501), 'bell\u0007', 'tab\there'),
  fc.constantFrom(null, undefined, 42, ['Fix login']),
);
const labelsValue = fc.oneof(
  { arbitrary: fc.array(slugValue, { maxLength: 4 }), weight: 4 },
  fc.array(fc.constantFrom(...SLUGS), { minLength: 49, maxLength: 52 }),
  fc.sparseArray(fc.constantFrom(...SLUGS), { maxLength: 4 }),
  fc.constantFrom(undefined, null, 'bug', {}),
);
const field = {
  title: titleValue,
  description: fc.oneof(
    { arbitrary: fc.string({ maxLength: 30 }), weight: 4 },
    fc.constantFrom('nul\u0000', 'x'.repeat(100_001), undefined, 7),
  ),
  type: slugValue,
  priority: slugValue,
  assignee: slugValue,
  category: slugValue,
  labels: labelsValue,
  idempotencyKey: fc.oneof(
    { arbitrary: fc.string({ maxLength: 5 }), weight: 4 },
    fc.constantFrom('x'.repeat(200), 'x'.repeat(201), 3),
  ),
  status: fc.constant('open'),
  offset: fc.constant(10),
};
/** Fields a create takes (the last two it refuses): each present in about half the inputs, those two rarely. */
const known = new Set(Object.keys(field).slice(0, -2));
/** Any subset of the fields, in any order: zod puts them in the schema's order, and so must the fast path. */
const input = fc
  .tuple(
    ...Object.entries(field).map(([key, value]) =>
      fc.oneof(
        { arbitrary: fc.constant(null), weight: known.has(key) ? 1 : 12 },
        { arbitrary: value.map((v) => [key, v] as const), weight: 1 },
      ),
    ),
  )
  .chain((entries) => fc.shuffledSubarray(entries.filter((e) => e !== null)))
  .map((entries) => Object.fromEntries(entries));

/** Inputs already in final form: the fast path must take every one. */
const plainInput = fc.record(
  {
    title: fc.constantFrom('Fix login', 'x'.repeat(500), 'ünïcode title', 'a'),
    description: fc.string({ maxLength: 30 }).filter((s) => !s.includes('\u0000')),
    type: fc.constantFrom(...SLUGS),
    priority: fc.constantFrom(...SLUGS),
    assignee: fc.option(fc.constantFrom(...SLUGS)),
    category: fc.option(fc.constantFrom(...SLUGS)),
    labels: fc.array(fc.constantFrom(...SLUGS), { maxLength: 50 }),
    idempotencyKey: fc.string({ minLength: 1, maxLength: 200 }),
  },
  { requiredKeys: ['title'] },
);

describe('create input fast path', () => {
  it('returns exactly what zod returns, keys in the same order, or leaves the input to zod', () => {
    let taken = 0;
    fc.assert(
      fc.property(input, (raw) => {
        const fast = plainCreate(raw);
        const zod = CreateInputSchema.safeParse(raw);
        if (fast === undefined) return;
        taken++;
        expect(zod.success).toBe(true);
        expect(fast).toStrictEqual(zod.data);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
      }),
      { numRuns: 3000 },
    );
    // The generator reaches the fast path often enough for the comparison to mean something.
    expect(taken).toBeGreaterThan(100);
  });

  it('takes every input that is already in final form', () => {
    fc.assert(
      fc.property(plainInput, (raw) => {
        expect(plainCreate(raw)).toStrictEqual(CreateInputSchema.parse(raw));
      }),
    );
  });

  it('copies labels, so a caller changing its array later changes nothing', () => {
    const labels = ['bug'];
    const parsed = plainCreate({ title: 'x', labels });
    labels.push('later');
    expect(parsed?.labels).toEqual(['bug']);
  });

  it('leaves an unknown key to zod even beside a hidden known one', () => {
    const raw: Record<string, unknown> = { status: 'done' };
    Object.defineProperty(raw, 'title', { value: 'x', enumerable: false });
    expect(plainCreate(raw)).toBeUndefined();
    expect(CreateInputSchema.safeParse(raw).success).toBe(false);
  });

  it('leaves other shapes to zod, which words the error', () => {
    for (const raw of [null, [], 'title', new (class {})(), JSON.parse('{"title":"x","__proto__":{}}')]) {
      expect(plainCreate(raw)).toBeUndefined();
    }
    expect(() => parseCreateInput({ title: 'x', status: 'done' })).toThrow('input: Unrecognized key: "status"');
    expect(() => parseCreateInput({ title: ' ' })).toThrow('title: must not be empty');
    expect(parseCreateInput({ title: ' Padded ', type: ' Bug ' })).toEqual({ title: 'Padded', type: 'bug' });
  });
});

describe('slug messages', () => {
  it('gives one message per bad slug', () => {
    expect(() => parseInput(SlugSchema, ' ', 'label')).toThrow(/^label: must not be empty$/);
    expect(() => parseInput(SlugSchema, 'x'.repeat(65), 'label')).toThrow(/^label: must be at most 64 characters$/);
    expect(() => parseInput(SlugSchema, 'a$b', 'label')).toThrow(/^label: may hold letters/);
    expect(parseInput(SlugSchema, ' In Progress ')).toBe('in-progress');
  });

  it('names the bad item of a list filter', () => {
    expect(() => parseInput(ListQuerySchema, { type: ['bug', ''] })).toThrow('type.1: must not be empty');
    expect(() => parseInput(ReadyQuerySchema, { priority: ['x'.repeat(65)] })).toThrow(
      'priority.0: must be at most 64 characters',
    );
    expect(() => parseInput(ListQuerySchema, { status: ['open', 'a$b'] })).toThrow('status.1: may hold letters');
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Sandbox, sandbox } from './harness.js';

/** A refused filter or actor: exit 1 (a user error, docs/cli.md), one `docket:` line, nothing on stdout. */
function expectRefusal(r: { code: number; stdout: string; stderr: string }, message: RegExp) {
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^docket: [^\n]*\n$/);
  expect(r.stderr).toMatch(message);
  expect(r.code).toBe(1);
}

describe('filters with values the project does not have', () => {
  let s: Sandbox;
  beforeAll(async () => {
    s = sandbox();
    await s.ok(['-p', 'ops', 'init']);
    await s.ok(['new', 'Crash on save', '-t', 'bug', '-p', 'high', '-l', 'api']);
  });
  afterAll(() => s.cleanup());

  test('ls -s opne: refused with the statuses there are', async () => {
    expectRefusal(await s.run(['ls', '-s', 'opne']), /unknown status 'opne'; statuses: backlog, in_progress/);
  });

  test('ls -t bugs: refused with the types there are', async () => {
    expectRefusal(await s.run(['ls', '-t', 'bugs']), /unknown ticket type 'bugs'; types: task, bug/);
  });

  test('ls -p hihg: refused with the priorities there are', async () => {
    expectRefusal(await s.run(['ls', '-p', 'hihg']), /unknown priority 'hihg'; priorities: urgent, high/);
  });

  test('ls -c and -l: an unknown category or label is refused', async () => {
    expectRefusal(await s.run(['ls', '-c', 'opps']), /unknown category 'opps'/);
    expectRefusal(await s.run(['ls', '-l', 'apii']), /unknown label 'apii'.*labels in use: api/);
    expect(await s.ok(['ls', '-l', 'api', '-q'])).toBe('OPS-1\n');
  });

  test('ticket list -s bogus (BlinkDesk verbs): refused', async () => {
    expectRefusal(await s.run(['ticket', 'list', '-s', 'bogus']), /unknown status 'bogus'; statuses:/);
  });

  test('search with -s: refused', async () => {
    expectRefusal(await s.run(['search', 'crash', '-s', 'opne']), /unknown status 'opne'/);
  });

  test('ready -t bugs: refused, not "everything is claimed or blocked"', async () => {
    expectRefusal(await s.run(['ready', '-t', 'bugs']), /unknown ticket type 'bugs'; types: task, bug/);
    expect(await s.ok(['ready', '-t', 'bug', '-q'])).toBe('OPS-1\n');
  });

  test('claim --next -t bugs: refused and nothing claimed', async () => {
    expectRefusal(await s.run(['--as', 'agent-7', 'claim', '--next', '-t', 'bugs']), /unknown ticket type 'bugs'/);
    expect(await s.ok(['ready', '-q'])).toBe('OPS-1\n');
  });
});

describe('actor names', () => {
  let s: Sandbox;
  beforeAll(async () => {
    s = sandbox();
    await s.ok(['-p', 'ops', 'init']);
  });
  afterAll(() => s.cleanup());

  test('--as "bad name!" is refused, naming the value, and makes no entity', async () => {
    expectRefusal(
      await s.run(['--as', 'bad name!', 'new', 'Hello']),
      /actor 'bad name!' is not a valid name \(may hold letters, digits and _ \. : @ - only\).*'bad-name'/,
    );
    expect(await s.ok(['ls', '-q'])).toBe('');
    expect(await s.json<unknown[]>(['entity', 'list'])).toEqual([]);
  });

  test('DOCKET_ACTOR is checked the same way', async () => {
    expectRefusal(
      await s.run(['new', 'Hello'], { env: { DOCKET_ACTOR: 'who?' } }),
      /actor 'who\?' is not a valid name/,
    );
  });
});

import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BLINKDESK_SAMPLE, docket, type Sandbox, sandbox } from './harness.js';

const ROOT = new URL('../..', import.meta.url).pathname;

/** A user error: exit 1, exactly one line on stderr, no stack trace, nothing on stdout. */
function expectUserError(r: { code: number; stdout: string; stderr: string }, message: RegExp): void {
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^docket: /);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe.concurrent('errors say what to do, in one line, with the right exit code', () => {
  let s: Sandbox;
  beforeAll(async () => {
    s = sandbox();
    await s.ok(['-p', 'err', 'init']);
    await s.ok(['new', 'A bug', '-t', 'bug']);
  });
  afterAll(() => s.cleanup());

  test('unknown ticket id', async () => {
    expectUserError(await s.run(['show', '99']), /ticket not found: ERR-99 does not exist in project err/);
    expectUserError(
      await s.run(['ticket', 'get', 'XYZ-1']),
      /ticket not found: XYZ-1 \(this project's ids look like ERR-1\)/,
    );
  });

  test('illegal transition lists the legal targets', async () => {
    expectUserError(
      await s.run(['move', '1', 'resolved']),
      /cannot move a bug from triage to resolved; legal targets: confirmed, wont_fix/,
    );
    expectUserError(await s.run(['ticket', 'transition', '1', '-s', 'nowhere']), /'nowhere' is not a bug state/);
  });

  test('malformed schema file: every problem named, and no database left behind', async () => {
    const t = sandbox();
    try {
      writeFileSync(
        join(t.dir, 'bad.toml'),
        '[schema]\nstates = []\ntransitions = [ { from = "open", to = "gone" } ]\n',
      );
      const r = await t.run(['init', 'bad.toml']);
      expectUserError(r, /schema file: schema\.states must be a non-empty list of strings/);
      writeFileSync(join(t.dir, 'broken.toml'), '[schema\nstates = ["a"]\n');
      expectUserError(await t.run(['init', 'broken.toml']), /schema file: not valid TOML: line 1/);
      expectUserError(await t.run(['init', 'missing.toml']), /cannot read the schema file missing\.toml/);
      expectUserError(await t.run(['ls']), /no database at .*docket\.db; create it with: docket -d .*docket\.db init/);
    } finally {
      t.cleanup();
    }
  });

  test('missing database: one line saying how to create it', async () => {
    const t = sandbox();
    try {
      expectUserError(
        await docket(['ls'], { cwd: t.dir }),
        /no Docket database here \(looked for \.docket\/docket\.db in this folder and above\); create one with: docket init/,
      );
      expectUserError(
        await docket(['-d', 'nope.db', 'ticket', 'list'], { cwd: t.dir }),
        /no database at .*nope\.db; create it with: docket -d nope\.db init/,
      );
      expectUserError(
        await docket(['ls'], { cwd: t.dir, env: { DOCKET_DB: 'env.db' } }),
        /no database at .*env\.db; create it with: docket -d env\.db init/,
      );
    } finally {
      t.cleanup();
    }
  });

  test('locked entity: an unknown assignee is refused with the fix', async () => {
    const t = sandbox();
    try {
      await t.ok(['init']);
      await t.ok(['config', 'set', 'lock_entities', 'true']);
      expectUserError(
        await t.run(['new', 'Locked', '-a', 'mallory']),
        /unknown assignee 'mallory' and lock_entities is on: add the entity first, or turn lock_entities off; add it with: docket entity add mallory/,
      );
      await t.ok(['entity', 'add', 'mallory']);
      expect(await t.ok(['new', 'Locked', '-a', 'mallory', '-q'])).toMatch(/-1\n$/);
    } finally {
      t.cleanup();
    }
  });

  test('missing operator when one is required', async () => {
    const t = sandbox();
    try {
      await t.ok(['init']);
      await t.ok(['config', 'set', 'require_operator', 'true']);
      expectUserError(
        await t.run(['new', 'Who?']),
        /Operator is required for operation: create; act as an entity \(--as NAME or DOCKET_ACTOR\)/,
      );
      expect((await t.run(['new', 'Me', '-q'], { env: { DOCKET_ACTOR: 'dana' } })).code).toBe(0);
      expect((await t.run(['--operator', 'dana', 'new', 'Me too', '-q'])).code).toBe(0);
    } finally {
      t.cleanup();
    }
  });

  test('several projects and none chosen', async () => {
    const t = sandbox();
    try {
      await t.ok(['-p', 'one', 'init']);
      await t.ok(['-p', 'two', 'init']);
      expectUserError(await t.run(['ls']), /several projects \(one, two\); pick one with -p KEY or DOCKET_PROJECT/);
      expect(await t.ok(['-p', 'two', 'ls', '-q'])).toBe('');
      expectUserError(await t.run(['-p', 'three', 'ls']), /project not found: 'three'; projects here: one, two/);
      expectUserError(
        await t.run(['-p', 'one', 'init']),
        /already has a project 'one'; add another with: docket -p OTHER init/,
      );
    } finally {
      t.cleanup();
    }
  });

  test('usage errors exit 2', async () => {
    const [unknown, missing, flag, format, option] = await Promise.all([
      s.run(['frobnicate']),
      s.run(['move', '1']),
      s.run(['ls', '--limit', 'lots']),
      s.run(['ls', '-f', 'xml']),
      s.run(['ls', '--bogus']),
    ]);
    for (const r of [unknown, missing, flag, format, option]) expect(r.code).toBe(2);
    expect(unknown.stderr).toMatch(/^docket: unknown command 'frobnicate'/);
    expect(missing.stderr).toMatch(/missing required argument 'status'/);
    expect(flag.stderr).toMatch(/--limit takes a whole number of at least 1, not 'lots'/);
    expect(format.stderr).toMatch(/-f\/--format takes json or table, not 'xml'/);
    expect(option.stderr).toMatch(/unknown option '--bogus'/);
  });

  test('validation errors from the core name the field', async () => {
    expectUserError(await s.run(['new', '   ']), /title: must not be empty/);
    expectUserError(
      await s.run(['new', 'x', '-p', 'sky-high']),
      /unknown priority 'sky-high'; priorities: urgent, high, medium, low, none/,
    );
  });

  test('--json errors are one JSON object on stderr', async () => {
    const r = await s.run(['show', '99', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr)).toEqual({
      error: {
        code: 'not_found',
        message: 'ticket not found: ERR-99 does not exist in project err',
        details: { id: '99' },
      },
    });
    const usage = await s.run(['ls', '--limit', '0', '--json']);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stderr).error.code).toBe('usage');
  });

  test('--debug adds the stack trace, pointing at the TypeScript sources in src/', async () => {
    const r = await s.run(['show', '99', '--debug']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^docket: ticket not found/);
    expect(r.stderr).toMatch(/\n\s+at /);
    // through the source maps the build writes beside each bundle, never into a build folder
    const frames = r.stderr.split('\n').filter((l) => /^\s+at /.test(l) && !l.includes('node_modules'));
    expect(frames.length).toBeGreaterThan(2);
    for (const frame of frames.filter((f) => f.includes(ROOT))) expect(frame).toMatch(/\/src\/[\w/-]+\.ts:\d+:\d+\)?$/);
    expect(r.stderr).toMatch(/src\/core\/context\.ts:\d+/);
    expect(r.stderr).not.toMatch(/dist\/cli\/docket\.js|node_modules\/\.cache/);
  });

  test('a BlinkDesk database passed as -d points at import', async () => {
    const t = sandbox();
    try {
      copyFileSync(BLINKDESK_SAMPLE, join(t.dir, 'bd.db'));
      const r = await docket(['-d', 'bd.db', 'ls'], { cwd: t.dir });
      // a -d naming the wrong kind of file is a usage error (test/cli/user-errors.test.ts has the rest)
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^docket: \S+bd\.db is a BlinkDesk database; import it into a Docket database with: docket import --from blinkdesk/,
      );
    } finally {
      t.cleanup();
    }
  });
});

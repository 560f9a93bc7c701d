import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BLINKDESK_SAMPLE, docket, type Run, type Sandbox, sandbox, type TicketJson } from './harness.js';

/** One line on stderr starting `docket:`, nothing on stdout, no stack trace, and the exit code asked for. */
function expectOneLine(r: Run, exit: number, message: RegExp): void {
  expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(/^docket: /);
  expect(r.stderr).not.toMatch(/unexpected error|please report it|\n\s+at /);
  expect(r.stderr).toMatch(message);
  expect(r.stdout).toBe('');
  expect(r.code).toBe(exit);
}

/** A file's bytes and modification time, to show a command left it exactly as it was. */
const snapshot = (path: string) => ({ bytes: readFileSync(path).toString('base64'), mtime: statSync(path).mtimeMs });

/** A port something already listens on. */
async function busyPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}

/** Splits a printed command line into its words, as a shell would for these simple lines. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** The commands under "Next:" in init's output, each without the words describing it. */
function nextSteps(stdout: string): string[][] {
  const block = stdout.split('\nNext:\n')[1] ?? '';
  return block
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => words(l.trim().split(/ {3,}/)[0]!));
}

describe.concurrent('a failed import leaves nothing behind', () => {
  test('import - with input that is not JSON creates no database file', async () => {
    const s = sandbox();
    try {
      const r = await s.run(['import', '-'], { input: 'this is not an export\n' });
      expectOneLine(r, 1, /line 1: not JSON/);
      expect(readdirSync(s.dir)).toEqual([]);
      // the default place: neither .docket/docket.db nor the .docket folder stays
      const here = join(s.dir, 'project');
      mkdirSync(here);
      expectOneLine(await docket(['import'], { cwd: here, input: '{"not": "an export"}\n' }), 1, /./);
      expect(readdirSync(here)).toEqual([]);
      // a BlinkDesk import of a file that is not one
      writeFileSync(join(s.dir, 'notes.txt'), 'hello');
      expectOneLine(await s.run(['import', '--from', 'blinkdesk', 'notes.txt']), 1, /not a SQLite database/);
      expect(readdirSync(s.dir).sort()).toEqual(['notes.txt', 'project']);
    } finally {
      s.cleanup();
    }
  });

  test('a failed import into an existing database keeps it, and the next import works', async () => {
    const s = sandbox();
    try {
      await s.ok(['-p', 'one', 'init']);
      expectOneLine(await s.run(['import', '-'], { input: 'nope\n' }), 1, /not JSON/);
      expect(existsSync(s.db)).toBe(true);
      expect((await s.json<{ key: string }[]>(['projects'])).map((p) => p.key)).toEqual(['one']);
    } finally {
      s.cleanup();
    }
  });
});

describe.concurrent('a file that is not a Docket database is refused, untouched', () => {
  let s: Sandbox;
  const files: Record<string, string> = {};
  beforeAll(() => {
    s = sandbox();
    files.empty = join(s.dir, 'empty.db');
    writeFileSync(files.empty, '');
    files.text = join(s.dir, 'notes.db');
    writeFileSync(files.text, 'just some notes, not a database\n');
    files.other = join(s.dir, 'other.db');
    const other = new Database(files.other);
    other.exec('CREATE TABLE recipes (name TEXT)');
    other.close();
    files.blank = join(s.dir, 'blank.db');
    const blank = new Database(files.blank);
    blank.exec('CREATE TABLE t (a); DROP TABLE t');
    blank.close();
    files.blinkdesk = join(s.dir, 'bd.db');
    copyFileSync(BLINKDESK_SAMPLE, files.blinkdesk);
  });
  afterAll(() => s.cleanup());

  const commands: readonly (readonly string[])[] = [
    ['ls'],
    ['new', 'A ticket'],
    ['board'],
    ['projects'],
    ['export'],
    ['import', '-'],
    ['doctor'],
    ['db', 'vacuum'],
    ['config', 'list'],
    ['start'],
    ['serve', '--port', '0'],
    ['mcp'],
    ['token', 'list'],
  ];

  test.each(commands)(
    'docket -d EMPTY %s says it is an empty file, exits 2 and leaves it as it was',
    async (...args) => {
      const before = snapshot(files.empty!);
      const r = await docket(['-d', 'empty.db', ...args], { cwd: s.dir, input: '' });
      expectOneLine(
        r,
        2,
        /empty\.db is an empty file, not a Docket database; create one with: docket -d \S*empty\.db init/,
      );
      expect(snapshot(files.empty!)).toEqual(before);
      expect(existsSync(`${files.empty}-wal`) || existsSync(`${files.empty}-journal`)).toBe(false);
    },
  );

  test.each([
    ['text', /notes\.db is not a Docket database \(it is not a SQLite file at all\); pass a Docket database with -d/],
    ['other', /other\.db is not a Docket database \(it is another program's SQLite database\)/],
    [
      'blank',
      /blank\.db is not a Docket database \(it is a SQLite database without Docket's tables\); make it one with: docket -d \S+ init/,
    ],
    [
      'blinkdesk',
      /bd\.db is a BlinkDesk database; import it into a Docket database with: docket import --from blinkdesk \S+bd\.db$/m,
    ],
  ])('a %s file is named for what it is, with exit 2 and its bytes unchanged', async (kind, message) => {
    const path = files[kind]!;
    const before = snapshot(path);
    for (const args of [['ls'], ['new', 'x'], ['import', '-'], ['serve', '--port', '0']]) {
      const r = await docket(['-d', path, ...args], { cwd: s.dir, input: '' });
      expectOneLine(r, 2, message);
      expect(snapshot(path)).toEqual(before);
    }
    const json = await docket(['-d', path, 'ls', '--json'], { cwd: s.dir });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stderr).error).toMatchObject({
      code: 'storage',
      details: { notDocket: expect.any(String) },
    });
  });

  test('init alone makes an empty file a Docket database; then every command opens it', async () => {
    const t = sandbox();
    try {
      writeFileSync(t.db, '');
      expect((await t.run(['ls'])).code).toBe(2);
      await t.ok(['-p', 'web', 'init']);
      expect(await t.ok(['new', 'First', '-q'])).toBe('WEB-1\n');
      // init refuses a file of another kind, as every command does
      const before = snapshot(files.other!);
      expectOneLine(await docket(['-d', files.other!, 'init'], { cwd: s.dir }), 2, /another program's SQLite/);
      expect(snapshot(files.other!)).toEqual(before);
    } finally {
      t.cleanup();
    }
  });
});

describe.concurrent('server and export mistakes are ordinary errors', () => {
  let s: Sandbox;
  beforeAll(async () => {
    s = sandbox();
    await s.ok(['-p', 'web', 'init']);
  });
  afterAll(() => s.cleanup());

  test('serve on a busy port names the port and --port (exit 1)', async () => {
    const { port, server } = await busyPort();
    try {
      const r = await s.run(['serve', '--port', String(port)]);
      expectOneLine(r, 1, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use; pick another with --port`));
    } finally {
      server.close();
    }
  });

  test('serve --port abc is a usage error (exit 2)', async () => {
    expectOneLine(await s.run(['serve', '--port', 'abc']), 2, /--port takes a whole number, not 'abc'/);
    const json = await s.run(['serve', '--port', 'abc', '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stderr).error.code).toBe('usage');
  });

  test('serve --host 0.0.0.0 without a token says how to create one (exit 1)', async () => {
    expectOneLine(
      await s.run(['serve', '--host', '0.0.0.0', '--port', '0']),
      1,
      /refusing to serve on 0\.0\.0\.0 without an API token.*docket token create/,
    );
  });

  test('mcp with no database says how to create one (exit 1)', async () => {
    const here = join(s.dir, 'elsewhere');
    mkdirSync(here);
    expectOneLine(await docket(['mcp'], { cwd: here }), 1, /no Docket database here .*create one with: docket init/);
    expectOneLine(await docket(['mcp', '--http'], { cwd: here }), 1, /no Docket database here/);
    expect(readdirSync(here)).toEqual([]);
  });

  test('export --out into a folder that does not exist (exit 1)', async () => {
    expectOneLine(
      await s.run(['export', '--out', '/nonexistent/dir/x.jsonl']),
      1,
      /cannot write \/nonexistent\/dir\/x\.jsonl: the folder \/nonexistent\/dir does not exist; create it first/,
    );
    expectOneLine(await s.run(['export', '--out', s.dir]), 1, /it is a folder; give a file name/);
  });
});

describe.concurrent('close and reopen with one id and --json', () => {
  let s: Sandbox;
  beforeAll(async () => {
    s = sandbox();
    await s.ok(['-p', 'web', 'init']);
    await s.ok(['new', 'One']);
  });
  afterAll(() => s.cleanup());

  test('close 999 --json prints the per-item array with its failed item and exits 1', async () => {
    const r = await s.run(['close', '999', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([
      {
        id: '999',
        ok: false,
        error: { code: 'not_found', message: 'ticket not found: WEB-999 does not exist in project web' },
      },
    ]);
    const reopen = await s.run(['reopen', '999', '--json']);
    expect(reopen.code).toBe(1);
    expect(JSON.parse(reopen.stdout)).toEqual([expect.objectContaining({ id: '999', ok: false })]);
  });

  test('close ID --json that works still prints the ticket, as documented', async () => {
    const t = await s.json<TicketJson>(['close', '1']);
    expect(t).toMatchObject({ id: 'WEB-1', status: 'done' });
    expect((await s.json<TicketJson>(['reopen', '1'])).status).not.toBe('done');
  });
});

describe.concurrent("init's next steps run as printed", () => {
  /** Runs every printed step where init ran, expecting each to succeed. */
  async function runSteps(stdout: string, cwd: string): Promise<string[][]> {
    const steps = nextSteps(stdout);
    expect(steps.length).toBeGreaterThanOrEqual(4);
    for (const step of steps) {
      expect(step[0]).toBe('docket');
      const r = await docket(step.slice(1), { cwd });
      expect(r.code, `${step.join(' ')}: ${r.stderr}`).toBe(0);
    }
    return steps;
  }

  test('a BlinkDesk schema with a locked operator, in a database named with -d', async () => {
    const s = sandbox();
    try {
      writeFileSync(
        join(s.dir, 'bd.toml'),
        '[schema]\nentities = ["ai", "alice"]\nstates = ["open", "in_progress", "closed"]\n' +
          'transitions = ["open -> in_progress", "in_progress -> closed"]\n' +
          '[options]\ndisplay_prefix = "BD-"\nlock_entities = true\nrequire_operator = true\n',
      );
      mkdirSync(join(s.dir, 'data dir'));
      const r = await docket(['-d', 'data dir/t.db', 'init', 'bd.toml'], { cwd: s.dir });
      expect(r.code, r.stderr).toBe(0);
      const steps = await runSteps(r.stdout, s.dir);
      expect(steps[0]).toEqual(expect.arrayContaining(['-d', 'data dir/t.db', '-t', 'ticket', '--as', 'ai']));
      const listed = await docket(['-d', 'data dir/t.db', 'ls', '-q'], { cwd: s.dir });
      expect(listed.stdout).toBe('BD-1\n');
    } finally {
      s.cleanup();
    }
  });

  test('a second project names itself with -p; the default database needs no -d', async () => {
    const s = sandbox();
    try {
      expect((await docket(['init'], { cwd: s.dir })).code).toBe(0);
      const second = await docket(['-p', 'two', 'init'], { cwd: s.dir });
      expect(second.code, second.stderr).toBe(0);
      const steps = await runSteps(second.stdout, s.dir);
      expect(steps[1]).toEqual(['docket', '-p', 'two', 'ls']);
      expect(steps.flat()).not.toContain('-d');
    } finally {
      s.cleanup();
    }
  });
});

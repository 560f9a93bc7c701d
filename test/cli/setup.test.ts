import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BLINKDESK_SAMPLE, docket, type Sandbox, sandbox, type TicketJson } from './harness.js';

describe.concurrent('init, start, projects and finding the database', () => {
  test('init creates .docket/docket.db here; the key is the folder name; commands find it from below', async () => {
    const s = sandbox();
    try {
      const project = join(s.dir, 'My Web-App');
      mkdirSync(join(project, 'src', 'deep'), { recursive: true });
      const r = await docket(['init'], { cwd: project });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Created \.docket\/docket\.db with project my-web-app \(tickets MY-1, MY-2, …\)/);
      expect(existsSync(join(project, '.docket', 'docket.db'))).toBe(true);
      expect((await docket(['new', 'From below', '-q'], { cwd: join(project, 'src', 'deep') })).stdout).toBe('MY-1\n');
      const projects = JSON.parse((await docket(['projects', '--json'], { cwd: project })).stdout);
      expect(projects).toEqual([expect.objectContaining({ key: 'my-web-app', prefix: 'MY-', name: 'my-web-app' })]);
      expect((await docket(['projects'], { cwd: project })).stdout).toMatch(/^KEY\s+PREFIX\s+NAME\s+CREATED\n/);
      const verbose = await docket(['-v', 'ls', '-q'], { cwd: join(project, 'src') });
      expect(verbose.stderr).toBe('docket: using ../.docket/docket.db\n');
    } finally {
      s.cleanup();
    }
  });

  test('init --prefix and --name; a second project with -p; --json; DOCKET_DB', async () => {
    const s = sandbox();
    try {
      const made = await s.json<{
        database: string;
        created: boolean;
        project: { key: string; prefix: string; name: string };
      }>(['-p', 'web', 'init', '--prefix', 'W-', '--name', 'Web site']);
      expect(made).toMatchObject({
        database: s.db,
        created: true,
        project: { key: 'web', prefix: 'W-', name: 'Web site' },
      });
      const second = await s.json<{ created: boolean; project: { prefix: string } }>(['-p', 'api', 'init']);
      expect(second).toMatchObject({ created: false, project: { prefix: 'API-' } });
      const viaEnv = await docket(['new', 'Env', '-q'], {
        cwd: s.dir,
        env: { DOCKET_DB: s.db, DOCKET_PROJECT: 'web' },
      });
      expect(viaEnv.stdout).toBe('W-1\n');
    } finally {
      s.cleanup();
    }
  });

  test('start sets up a database when there is none, then shows the board and next steps', async () => {
    const s = sandbox();
    try {
      const first = await docket(['start'], { cwd: s.dir });
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/^Created \.docket\/docket\.db, project docket-cli-/);
      expect(first.stdout).toContain('task      backlog 0');
      expect(first.stdout).toContain('docket new');
      await docket(['new', 'Hello'], { cwd: s.dir });
      const again = await docket(['start', '--json'], { cwd: s.dir });
      expect(JSON.parse(again.stdout)).toMatchObject({ created: false, board: { open: 1 } });
      expect(basename(s.dir)).toMatch(/^docket-cli-/);
    } finally {
      s.cleanup();
    }
  });
});

describe('export and import', () => {
  let a: Sandbox;
  let b: Sandbox;
  beforeAll(async () => {
    a = sandbox();
    b = sandbox();
    await a.ok(['-p', 'doc', 'init']);
    await a.ok(['--as', 'alice', 'new', 'Fix login', '-t', 'bug', '-p', 'high', '-m', 'SSO fails', '-l', 'auth']);
    await a.ok(['--as', 'bob', 'new', 'Release 2.4']);
    await a.ok(['--as', 'bob', 'new', 'Write docs']);
    await a.ok(['--as', 'alice', 'move', '1', 'confirmed']);
    await a.ok(['--as', 'bob', 'comment', '1', 'Seen on staging']);
    await a.ok(['link', 'add', '1', 'blocks', '2']);
    await a.ok(['link', 'add', '3', 'related', '2']);
    await a.ok(['close', '3']);
    await a.ok(['--as', 'carol', 'assign', '2', 'carol']);
  });
  afterAll(() => {
    a.cleanup();
    b.cleanup();
  });

  test('export then import into an empty database: identical tickets, history, comments, links, numbering', async () => {
    const exported = join(a.dir, 'doc.jsonl');
    expect((await a.run(['export', '--out', exported])).stderr).toMatch(/^Exported 3 ticket\(s\) of project doc/);
    const streamed = await a.ok(['export']);
    expect(streamed).toBe(readFileSync(exported, 'utf8'));
    expect(streamed.split('\n')[0]).toMatch(/^\{"record":"header"/);
    expect(await b.ok(['import', exported])).toBe('Imported project doc: 3 ticket(s)\n');
    for (const id of ['1', '2', '3']) {
      expect(await b.json(['show', id])).toEqual(await a.json(['show', id]));
    }
    expect(await b.ok(['export'])).toBe(streamed);
    expect(await b.ok(['new', 'Next', '-q'])).toBe(await a.ok(['new', 'Next', '-q']));
  });

  test('import from stdin under another key', async () => {
    const c = sandbox();
    try {
      const dump = await a.ok(['export']);
      const r = await c.json<{ project: string; tickets: number }>(['-p', 'copy', 'import'], { input: dump });
      expect(r).toEqual({ project: 'copy', tickets: 4 });
      expect((await c.json<{ tickets: TicketJson[] }>(['ls', '--all'])).tickets.map((t) => t.id)).toEqual([
        'DOC-1',
        'DOC-2',
        'DOC-3',
        'DOC-4',
      ]);
      const clash = await c.run(['-p', 'copy', 'import'], { input: dump });
      expect(clash.code).toBe(1);
      expect(clash.stderr).toMatch(/copy/);
      const junk = await c.run(['-p', 'junk', 'import'], { input: 'not json\n' });
      expect(junk.code).toBe(1);
      expect(junk.stderr).toMatch(/^docket: /);
      const missing = await c.run(['import', 'nope.jsonl']);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/cannot read nope\.jsonl/);
    } finally {
      c.cleanup();
    }
  });

  test('import --from blinkdesk reads a BlinkDesk database directly and keeps its numbers', async () => {
    const c = sandbox();
    try {
      copyFileSync(BLINKDESK_SAMPLE, join(c.dir, 'tickets.db'));
      const r = await c.json<{ project: string; tickets: number }>(['import', '--from', 'blinkdesk', 'tickets.db']);
      expect(r.tickets).toBe(4);
      const list = JSON.parse(await c.ok(['ticket', 'list', '-f', 'json']));
      expect(list.map((t: { id: string }) => t.id)).toEqual(['BD-1', 'BD-2', 'BD-3', 'BD-4']);
      expect(list[0].title).toBe('Login fails with SSO');
      const bad = await c.run(['import', '--from', 'trello', 'x']);
      expect(bad.code).toBe(2);
      const none = await c.run(['import', '--from', 'blinkdesk']);
      expect(none.code).toBe(2);
    } finally {
      c.cleanup();
    }
  });

  test('doctor finds nothing wrong in a healthy database', async () => {
    expect(await a.ok(['doctor'])).toBe('No problems found.\n');
    expect(await a.json(['doctor', '--fix'])).toEqual({ problems: [], fixed: [] });
  });
});

describe.concurrent('help, completion, colour, quiet', () => {
  test('--help lists commands by group with the short forms, and every command has an example', async () => {
    const root = await docket(['--help']);
    expect(root.code).toBe(0);
    for (const heading of ['Tickets:', 'Work:', 'BlinkDesk-compatible:', 'Setup and data:', 'Global options']) {
      expect(root.stdout).toContain(heading);
    }
    expect(root.stdout).toMatch(/new\|create/);
    expect(root.stdout).toContain('Short forms: new (create, add), ls (list), show (get)');
    expect(root.stdout).toMatch(/ls\|list/);
    expect(root.stdout).toMatch(/show\|get/);
    const helps = await Promise.all(
      [['new'], ['ticket', 'list'], ['state', 'transition', 'add'], ['board'], ['import']].map((cmd) =>
        docket([...cmd, '--help']),
      ),
    );
    for (const r of helps) {
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Examples:\n {2}\$ docket /);
    }
    expect((await docket([])).stdout).toContain('Usage: docket');
    expect((await docket(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  test('completion scripts for bash (exercised), zsh and fish', async () => {
    const bash = await docket(['completion', 'bash']);
    const complete = (words: string[]) =>
      execFileSync(
        'bash',
        [
          '-c',
          `eval "$(cat)"; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _docket; echo "\${COMPREPLY[*]}"`,
        ],
        { input: bash.stdout, encoding: 'utf8' },
      ).trim();
    expect(complete(['docket', 'tic'])).toBe('ticket');
    expect(complete(['docket', '-d', 'x.db', 'ticket', 'cou'])).toBe('count-by-entity');
    expect(complete(['docket', 'ls', '--al'])).toBe('--all');
    expect(complete(['docket', 'state', 'transition', 'a'])).toBe('add');
    const zsh = await docket(['completion', 'zsh']);
    expect(zsh.stdout).toMatch(/^#compdef docket/);
    expect(zsh.stdout).toContain("'ticket') subs=(");
    const fish = await docket(['completion', 'fish']);
    expect(fish.stdout).toContain("complete -c docket -n __fish_use_subcommand -a 'board'");
    const bad = await docket(['completion', 'tcsh']);
    expect(bad.code).toBe(2);
  });

  test('colour only when asked on a pipe, never with NO_COLOR', async () => {
    const s = sandbox();
    try {
      await s.ok(['init']);
      await s.ok(['new', 'Coloured', '-p', 'urgent']);
      expect(await s.ok(['ls'])).not.toContain('\u001b[');
      expect(await s.ok(['ls'], { env: { FORCE_COLOR: '1' } })).toContain('\u001b[');
      expect(await s.ok(['ls'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).not.toContain('\u001b[');
      expect(await s.ok(['--no-color', 'ls'], { env: { FORCE_COLOR: '1' } })).not.toContain('\u001b[');
      expect(await s.ok(['ls', '--no-color'], { env: { FORCE_COLOR: '1' } })).not.toContain('\u001b[');
    } finally {
      s.cleanup();
    }
  });

  test('tables fit COLUMNS by shortening the title', async () => {
    const s = sandbox();
    try {
      await s.ok(['init']);
      await s.ok(['new', 'A very long title that goes on and on well past any narrow terminal edge']);
      const lines = (await s.ok(['ls'], { env: { COLUMNS: '60' } })).trimEnd().split('\n');
      expect(lines.every((l) => [...l].length <= 60)).toBe(true);
      expect(lines[1]).toMatch(/…$/);
    } finally {
      s.cleanup();
    }
  });
});

describe('db backup, vacuum and stats; entity and schema commands', () => {
  let s: Sandbox;
  beforeAll(async () => {
    s = sandbox();
    await s.ok(['init']);
    await s.ok(['new', 'Keep me']);
  });
  afterAll(() => s.cleanup());

  test('db backup makes a copy that opens; vacuum and stats run', async () => {
    expect(await s.ok(['db', 'backup', join(s.dir, 'copy.db')])).toMatch(/^Backed up to /);
    expect(await docket(['-d', join(s.dir, 'copy.db'), 'ls', '-q']).then((r) => r.stdout)).toMatch(/-1\n$/);
    expect(await s.ok(['db', 'vacuum'])).toBe('Database vacuumed\n');
    const stats = await s.json<{ bytes: number }>(['db', 'stats']);
    expect(stats.bytes).toBeGreaterThan(0);
  });
});

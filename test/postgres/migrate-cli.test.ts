import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docket, type Run, sandbox } from '../cli/harness.js';
import { ensureBuilt } from '../mcp/binary.js';
import { PG_ENABLED } from '../support/postgres.js';
import { freshDatabase } from './fresh-database.js';

/** The test server uses trust auth, so a password in the URL is accepted and ignored: it must never be printed. */
const withPassword = (url: string) => {
  const u = new URL(url);
  u.password = 's3cret-pw';
  return u.toString();
};

const clean = (r: Run) => {
  expect(`${r.stdout}${r.stderr}`).not.toContain('s3cret-pw');
  return r;
};

describe.skipIf(!PG_ENABLED)('docket migrate and postgres:// databases through the CLI (the built binary)', () => {
  let pg: Awaited<ReturnType<typeof freshDatabase>>;
  let url: string;
  const boxes: ReturnType<typeof sandbox>[] = [];
  const box = () => {
    const b = sandbox();
    boxes.push(b);
    return b;
  };
  beforeAll(async () => {
    ensureBuilt();
    pg = await freshDatabase('cli');
    url = withPassword(pg.url);
  }, 60_000);
  afterAll(async () => {
    for (const b of boxes) b.cleanup();
    await pg?.drop();
  });

  it('moves a store SQLite → PostgreSQL → SQLite with identical exports, tokens included', async () => {
    const s = box();
    const run = async (args: string[], cwd = s.dir) => clean(await docket(args, { cwd }));
    expect((await run(['-d', 'a.db', '-p', 'web', 'init', '--prefix', 'WEB-'])).code).toBe(0);
    for (const args of [
      ['new', 'Login fails', '-t', 'bug', '-p', 'high'],
      ['new', 'Ship 2.0', '-l', 'release'],
      ['move', 'WEB-1', 'confirmed'],
      ['comment', 'WEB-2', 'Branch is cut'],
      ['link', 'add', 'WEB-1', 'blocks', 'WEB-2'],
      ['token', 'create', '--scope', 'write', '--note', 'ci'],
    ]) {
      const r = await run(['-d', 'a.db', '--as', 'ann', ...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    const original = await run(['-d', 'a.db', 'export']);
    expect(original.stdout.split('\n').length).toBeGreaterThan(10);

    const there = await run(['migrate', '--from', 'a.db', '--to', url]);
    expect(there.code, there.stderr).toBe(0);
    expect(there.stdout).toBe(
      `Moved web (2 tickets) and 1 token from a.db to ${pg.shown}; every project reads back identical.\n`,
    );
    expect((await run(['-d', url, 'export'])).stdout).toBe(original.stdout);
    const env = { DOCKET_DB: url };
    const listed = clean(await docket(['ls', '--json'], { cwd: s.dir, env }));
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.stringify(listed.stdout)).toContain('WEB-2');
    const tokens = JSON.parse((await run(['-d', url, 'token', 'list', '--json'])).stdout) as { note: string }[];
    expect(tokens.map((t) => t.note)).toEqual(['ci']);

    const again = await run(['migrate', '--from', 'a.db', '--to', url]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /^docket: the destination already has project web; migrate into a new, empty database/,
    );

    const back = await run(['migrate', '--from', url, '--to', 'b.db', '--json']);
    expect(back.code, back.stderr).toBe(0);
    expect(JSON.parse(back.stdout)).toEqual({
      from: pg.shown,
      to: 'b.db',
      projects: [{ key: 'web', tickets: 2 }],
      tokens: { copied: 1, skipped: 0, idsKept: true },
      verified: true,
    });
    expect((await run(['-d', 'b.db', 'export'])).stdout).toBe(original.stdout);
    expect((await run(['-d', 'b.db', 'token', 'list', '--json'])).stdout).toBe(
      (await run(['-d', 'a.db', 'token', 'list', '--json'])).stdout,
    );
    // Without --from: the database -d names.
    const plain = await run(['-d', 'b.db', 'migrate', '--to', 'c.db', '--no-verify']);
    expect(plain.stdout).toMatch(/^Moved web \(2 tickets\) and 1 token from b\.db to c\.db\.\n$/);
  });

  it('says what is wrong with its arguments', async () => {
    const s = box();
    const missing = await docket(['migrate', '--from', 'nothing.db', '--to', 'x.db'], { cwd: s.dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no database at .*nothing\.db; check --from/);
    expect(existsSync(join(s.dir, 'x.db'))).toBe(false);
    const noTarget = await docket(['migrate', '--from', 'nothing.db'], { cwd: s.dir });
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toMatch(/say where to move the store: docket migrate --from FILE\.db --to postgres:/);
    const same = await docket(['migrate', '--from', 'a.db', '--to', './a.db'], { cwd: s.dir });
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/name the same database/);
  });

  it('opens the PostgreSQL store for every command, and init names the project after the database', async () => {
    const other = await freshDatabase('init');
    try {
      const target = withPassword(other.url);
      const r = clean(await docket(['-d', target, 'ls']));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/no Docket schema 'docket' in this database; create one with: docket init/);
      const made = clean(await docket(['-d', target, 'init', '--json']));
      expect(made.code, made.stderr).toBe(0);
      const info = JSON.parse(made.stdout) as { database: string; created: boolean; project: { key: string } };
      expect(info).toMatchObject({ database: other.shown, created: false });
      expect(info.project.key).toBe(other.name.slice(0, 32).replace(/[-_]+$/, ''));
      const made2 = clean(await docket(['-v', '-d', target, 'new', 'On the server']));
      expect(made2.code, made2.stderr).toBe(0);
      expect(made2.stderr).toBe(`docket: using ${other.shown}\n`);
      const twice = clean(await docket(['-d', target, 'init']));
      expect(twice.code).toBe(1);
      expect(twice.stderr).toContain(`${other.shown} already has a project`);
    } finally {
      await other.drop();
    }
  });
});

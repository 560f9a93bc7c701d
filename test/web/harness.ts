import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const BIN = join(ROOT, 'dist/cli/main.js');
/** Debian's Chromium, or the one DOCKET_CHROMIUM names (the same rule as scripts/chromium.mjs). */
export const CHROMIUM = process.env.DOCKET_CHROMIUM || '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'test-output/screenshots');

/**
 * Whether this machine can run the browser tests. `npm test` installs Chromium or stops before the
 * tests (scripts/chromium.mjs), and a browser named by DOCKET_CHROMIUM or on CI must launch, so a
 * missing one fails there; a bare `vitest run` elsewhere skips them with this reason in the title.
 */
export const browserMissing = (): string | null =>
  existsSync(CHROMIUM) || process.env.CI === 'true' || process.env.DOCKET_CHROMIUM
    ? null
    : `no Chromium at ${CHROMIUM}: install it with apt-get install -y chromium (or set DOCKET_CHROMIUM) to run the board's browser tests`;

/** Builds dist/ (CLI and board) when a source is newer than the last build. */
export function ensureBuilt(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts/ensure.mjs')], { cwd: ROOT, stdio: 'inherit' });
}

export interface Server {
  readonly url: string;
  readonly dir: string;
  readonly db: string;
  readonly child: ChildProcess;
  /** Stops the server (SIGTERM, as Ctrl-C would) and waits for it to exit. */
  stop(): Promise<void>;
}

/** `docket serve` from the built binary, on a free loopback port (or `port`), with a temp database. */
export async function startServer(
  options: { dir?: string; port?: number; args?: readonly string[] } = {},
): Promise<Server> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'docket-web-'));
  const db = join(dir, 'docket.db');
  const child = spawn(
    process.execPath,
    [BIN, '-d', db, ...(options.args ?? []), 'serve', '--port', String(options.port ?? 0)],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
  );
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      const m = /serving (http:\/\/\S+) /.exec(stderr);
      if (m) resolve(m[1]!);
    });
    void exited.then(() => reject(new Error(`docket serve exited: ${stderr}`)));
  });
  return {
    url,
    dir,
    db,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs the built CLI against a database (while no server holds it busy). */
export function cli(db: string, args: readonly string[]): string {
  return execFileSync(process.execPath, [BIN, '-d', db, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Chromium (CHROMIUM), headless, with a fresh profile that is removed afterwards. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'docket-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A small REST client for the tests: JSON in and out, acting as `actor`. */
export function api(base: string, actor = 'test-agent') {
  const call = async <T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        'docket-actor': actor,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : undefined) as T };
  };
  return {
    call,
    get: <T = Record<string, unknown>>(path: string) => call<T>('GET', path),
    post: <T = Record<string, unknown>>(path: string, body: unknown) => call<T>('POST', path, body),
    put: <T = Record<string, unknown>>(path: string, body: unknown) => call<T>('PUT', path, body),
  };
}

/** Saves a screenshot under test-output/screenshots/ (named in the README and docs/board.md). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** Collects the page's console errors and failed requests, so a test can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** What a browser test file shares: one built `docket serve`, one Chromium, a REST client on it. */
export interface BoardSession {
  readonly server: Server;
  readonly browser: Browser;
  readonly rest: ReturnType<typeof api>;
  /** Starts `docket serve` again on the same folder and port, after a test stopped it. */
  restart(): Promise<void>;
}

/**
 * Starts the session before the calling describe block's tests and stops it after them. The fields
 * are filled in by the time a test runs.
 */
export function boardSession(): BoardSession {
  const session = {
    async restart() {
      const port = Number(new URL(session.server.url).port);
      session.server = await startServer({ dir: session.server.dir, port });
    },
  } as BoardSession & { server: Server; browser: Browser; rest: ReturnType<typeof api> };
  beforeAll(async () => {
    ensureBuilt();
    session.server = await startServer();
    session.browser = await launchBrowser();
    session.rest = api(session.server.url, 'agent-smith');
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.server?.stop();
    if (session.server) rmSync(session.server.dir, { recursive: true, force: true });
  });
  return session;
}

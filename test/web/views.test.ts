import { rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { boardSession, browserMissing, cli, screenshot, startServer, watchErrors } from './harness.js';
import { seedDemo } from './seed.js';

interface T {
  id: string;
  status: string;
  title: string;
}

const missing = browserMissing();
const HOSTILE_TITLE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> Hostile';
const HOSTILE_MARKDOWN = [
  'Click [here](javascript:window.__pwned=3) or [there](JaVaScRiPt:window.__pwned=4).',
  '',
  '<a href="javascript:window.__pwned=5">raw link</a> <img src=x onerror="window.__pwned=6">',
  '',
  'A safe one: [docs](https://example.com/docs) and <javascript:window.__pwned=7>.',
].join('\n');

describe.skipIf(missing !== null)(`the board's views in Chromium${missing ? ` (skipped: ${missing})` : ''}`, () => {
  const session = boardSession();

  async function open(path: string, viewport = { width: 1280, height: 800 }) {
    const page = await session.browser.context.newPage();
    page.setDefaultTimeout(10_000);
    await page.setViewportSize(viewport);
    const errors = watchErrors(page);
    await page.goto(`${session.server.url}${path}`);
    return { page, errors };
  }

  const project = async (key: string) => expect((await session.rest.post('/projects', { key })).status).toBe(201);
  const create = async (key: string, body: Record<string, unknown>) => {
    const res = await session.rest.post<T>(`/projects/${key}/tickets`, body);
    expect(res.status).toBe(201);
    return res.json;
  };

  it('is served at / with a strict CSP, cacheable hashed assets, and a bundle under 100 KB gzipped', async () => {
    const home = await fetch(`${session.server.url}/`, { headers: { 'accept-encoding': 'gzip' } });
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(home.headers.get('cache-control')).toBe('no-cache');
    const csp = home.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(home.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await home.text();
    const assets = [...html.matchAll(/\/assets\/([\w.-]+)/g)].map((m) => m[1]!);
    expect(assets.map((a) => a.replace(/-[A-Z0-9]{8}\./, '-HASH.'))).toEqual(['app-HASH.css', 'app-HASH.js']);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)|https?:\/\//); // no inline script, nothing from elsewhere

    let gzipped = 0;
    for (const asset of assets) {
      const raw = await fetch(`${session.server.url}/assets/${asset}`, { headers: { 'accept-encoding': 'identity' } });
      expect(raw.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(raw.headers.get('content-type')).toBe(
        asset.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8',
      );
      const body = Buffer.from(await raw.arrayBuffer());
      // node's fetch decodes gzip itself; ask with a plain request to count the bytes on the wire.
      const wire = await import('node:http').then(
        (http) =>
          new Promise<Buffer>((resolve) =>
            http.get(`${session.server.url}/assets/${asset}`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
              expect(res.headers['content-encoding']).toBe('gzip');
              const parts: Buffer[] = [];
              res.on('data', (d: Buffer) => parts.push(d)).on('end', () => resolve(Buffer.concat(parts)));
            }),
          ),
      );
      expect(gunzipSync(wire).equals(body)).toBe(true);
      gzipped += wire.length;
      const again = await fetch(`${session.server.url}/assets/${asset}`, {
        headers: { 'if-none-match': raw.headers.get('etag')! },
      });
      expect(again.status).toBe(304);
    }
    expect(gzipped).toBeLessThan(100 * 1024);
    const unknown = await fetch(`${session.server.url}/assets/app-NOPE.js`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('renders a hostile title and javascript: links inert', async () => {
    await project('xss');
    const t = await create('xss', { title: HOSTILE_TITLE, description: HOSTILE_MARKDOWN });
    await session.rest.post(`/projects/xss/tickets/${t.id}/comments`, {
      body: 'See [this](javascript:window.__pwned=8) **now**',
    });
    const { page, errors } = await open(`/?project=xss&ticket=${t.id}`);
    const detail = page.getByRole('dialog', { name: /Hostile/ });
    await detail.locator('.md').first().waitFor();
    expect(await detail.locator('.detail-title').textContent()).toBe(HOSTILE_TITLE);
    expect(await page.locator(`[data-card="${t.id}"] .card-title`).textContent()).toBe(HOSTILE_TITLE);
    // No element came out of the text: no script, no image, no link to anything but http(s).
    expect(await page.locator('#app script, #app img, dialog script, dialog img').count()).toBe(0);
    const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.filter((h) => !/^(\?|\/|#main$|https:\/\/example\.com\/docs$)/.test(h))).toEqual([]);
    const md = detail.locator('.md').first();
    expect(await md.textContent()).toContain('<a href="javascript:window.__pwned=5">raw link</a>');
    await md.getByText('here').click();
    await page.getByRole('link', { name: 'docs' }).waitFor();
    expect(await page.getByRole('link', { name: 'docs' }).getAttribute('rel')).toContain('noopener');
    expect(await detail.locator('.comment a').count()).toBe(0);
    expect(await detail.locator('.comment strong').last().textContent()).toBe('now');
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lists a ticket’s code references in the detail: a pull request named in a comment links out', async () => {
    await project('code');
    const t = await create('code', { title: 'Login fails with SSO' });
    const pr = 'https://github.com/acme/web/pull/42';
    await session.rest.post(`/projects/code/tickets/${t.id}/comments`, { body: `Fix in ${pr}, please review` });
    const { page, errors } = await open(`/?project=code&ticket=${t.id}`);
    const detail = page.getByRole('dialog', { name: /Login fails/ });
    const code = detail.getByRole('region', { name: 'Code' });
    await code.waitFor();
    const link = code.getByRole('link', { name: pr });
    expect(await link.getAttribute('href')).toBe(pr);
    expect(await link.getAttribute('rel')).toContain('noopener');
    expect(await code.locator('[data-ref="pull"]').textContent()).toMatch(/^pull request /);
    // A ticket without references has no Code section at all.
    const bare = await create('code', { title: 'Nothing linked' });
    await page.goto(`${session.server.url}/?project=code&ticket=${bare.id}`);
    await page
      .getByRole('dialog', { name: /Nothing linked/ })
      .locator('.detail-title')
      .waitFor();
    expect(await page.getByRole('region', { name: 'Code' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('finds tickets by ranked search with the matches marked, safely', async () => {
    await project('find');
    await create('find', { title: 'Login fails on Safari', description: 'The login form <b>freezes</b>.' });
    await create('find', { title: 'Unrelated chore', description: 'mentions login once' });
    await create('find', { title: 'Nothing to see' });
    const { page } = await open('/?project=find');
    await page.locator('.board').waitFor();
    await page.keyboard.press('/');
    await page.keyboard.type('login');
    await page.locator('[data-result]').first().waitFor();
    await expect.poll(() => page.locator('[data-result]').count()).toBe(2);
    expect(new URL(page.url()).searchParams.get('q')).toBe('login');
    const first = page.locator('[data-result]').first();
    expect(await first.textContent()).toContain('Login fails on Safari');
    expect(await first.locator('mark').first().textContent()).toMatch(/^login$/i);
    expect(await page.locator('.snippet b').count()).toBe(0);
    await first.locator('a').click();
    await page.getByRole('dialog', { name: /Login fails on Safari/ }).waitFor();
    await page.close();
  });

  it('keeps the filters in the URL, so they survive a reload', async () => {
    await project('filt');
    await create('filt', { title: 'Ada high', assignee: 'ada', priority: 'high' });
    await create('filt', { title: 'Ada low', assignee: 'ada', priority: 'low' });
    await create('filt', { title: 'Bob high', assignee: 'bob', priority: 'high' });
    const { page } = await open('/?project=filt');
    await page.getByText('Bob high').waitFor();
    await page.getByLabel('Assignee').selectOption('ada');
    await page.getByLabel('Priority').selectOption('high');
    await expect.poll(() => page.locator('[data-card]').count()).toBe(1);
    const url = new URL(page.url());
    expect([url.searchParams.get('assignee'), url.searchParams.get('priority')]).toEqual(['ada', 'high']);
    await page.reload();
    await page.getByText('Ada high').waitFor();
    expect(await page.locator('[data-card]').count()).toBe(1);
    expect(await page.getByLabel('Assignee').inputValue()).toBe('ada');
    expect(await page.getByLabel('Priority').inputValue()).toBe('high');
    // A live change that leaves the filter takes the card off.
    const ada = (await session.rest.get<{ items: T[] }>('/projects/filt/tickets?assignee=ada&priority=high')).json
      .items[0]!;
    await session.rest.put(`/projects/filt/tickets/${ada.id}`, { priority: 'low' });
    await expect.poll(() => page.locator('[data-card]').count()).toBe(0);
    await page.close();
  });

  it('creates and edits tickets, showing the API’s validation messages by the fields', async () => {
    await project('form');
    const { page } = await open('/?project=form');
    await page.locator('.board').waitFor();
    await page.keyboard.press('n');
    const form = page.getByRole('dialog', { name: 'New ticket' });
    await form.getByLabel('Labels (comma-separated)').fill('has space, ok');
    await form.getByRole('button', { name: 'Create' }).click();
    // The title is empty: the message is the API's own, shown by the title field.
    const titleError = form.locator('#f-title-error');
    await titleError.waitFor();
    expect(await titleError.textContent()).toBe('must not be empty');
    expect(await form.getByLabel('Title').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Title').fill('Made in the browser');
    await form.getByLabel('Description (Markdown)').fill('Some **bold** text');
    await form.getByRole('button', { name: 'Create' }).click();
    await form.waitFor({ state: 'hidden' });
    const made = page.locator('[data-card]').filter({ hasText: 'Made in the browser' });
    await made.waitFor();
    const id = (await made.getAttribute('data-card'))!;
    const saved = (await session.rest.get<T & { labels: string[]; createdBy: string }>(`/projects/form/tickets/${id}`))
      .json;
    expect(saved.labels).toEqual(['has-space', 'ok']);

    await made.locator('.card-title').click();
    const detail = page.getByRole('dialog', { name: new RegExp(id) });
    await detail.getByText('bold').waitFor();
    await page.keyboard.press('e');
    const edit = page.getByRole('dialog', { name: `Edit ${id}` });
    await edit.getByLabel('Title').fill('x'.repeat(501));
    await edit.getByRole('button', { name: 'Save' }).click();
    expect(await edit.locator('#f-title-error').textContent()).toBe('must be at most 500 characters');
    await edit.getByLabel('Title').fill('Renamed in the browser');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'hidden' });
    await detail.getByRole('heading', { name: 'Renamed in the browser' }).waitFor();
    await detail
      .locator('.timeline')
      .getByText(/changed title from Made in the browser to Renamed/)
      .waitFor();
    await page.close();
  });

  it('lists shortcuts under ? and labels every control', async () => {
    await project('keys');
    await create('keys', { title: 'One' });
    const { page } = await open('/?project=keys');
    await page.locator('[data-card]').waitFor();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await help.locator('kbd').allTextContents()).toEqual(
      expect.arrayContaining(['?', '/', 'n', 'm', 'j', 'Esc']),
    );
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    // Runs in the page (a string: these tests compile without the DOM library).
    const unnamed = await page.evaluate(`[...document.querySelectorAll('button, input, select, textarea, a[href]')]
      .filter((el) => el.offsetParent !== null)
      .filter((el) => !el.getAttribute('aria-label') && !el.labels?.length && !el.textContent.trim())
      .map((el) => el.outerHTML.slice(0, 80))`);
    expect(unnamed).toEqual([]);
    await page.close();
  });

  it('asks for a token when the server has tokens, then works live with it', async () => {
    const guarded = await startServer();
    try {
      // Before any request: the server caches "are there tokens?" for a moment.
      cli(guarded.db, ['init', '--project', 'sealed']);
      const secret = cli(guarded.db, [
        '--project',
        'sealed',
        '--as',
        'night-owl',
        'token',
        'create',
        '--scope',
        'write',
      ]).trim();
      const page = await session.browser.context.newPage();
      page.setDefaultTimeout(10_000);
      // CI once timed out waiting for the dialog's alert (not reproduced in dozens of runs since):
      // should it happen again, the failure carries what the page asked for, got, and logged.
      const errors = watchErrors(page);
      const exchanges: string[] = [];
      page.on('response', (r) => exchanges.push(`${r.request().method()} ${r.url()} -> ${r.status()}`));
      page.on('requestfailed', (r) => exchanges.push(`${r.method()} ${r.url()} failed: ${r.failure()?.errorText}`));
      await page.goto(`${guarded.url}/?project=sealed`);
      const settings = page.getByRole('dialog', { name: 'Connection settings' });
      await settings
        .getByRole('alert')
        .waitFor()
        .catch(async (e: unknown) => {
          const shown = (
            await page
              .locator('body')
              .innerText()
              .catch(() => '')
          ).slice(0, 400);
          throw new Error(
            `${String(e)}\nexchanges:\n${exchanges.join('\n')}\npage errors: ${errors.join('; ') || 'none'}\npage shows: ${shown}`,
          );
        });
      expect(await settings.getByRole('alert').textContent()).toMatch(/token/i);
      await settings.getByLabel('API token').fill(secret);
      await settings.getByRole('button', { name: 'Save' }).click();
      await page.locator('[data-live="live"]').waitFor();
      const made = await fetch(`${guarded.url}/projects/sealed/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
        body: JSON.stringify({ title: 'Seen through a token' }),
      });
      expect(made.status).toBe(201);
      await page.getByText('Seen through a token').waitFor();
      await page.close();
    } finally {
      await guarded.stop();
      rmSync(guarded.dir, { recursive: true, force: true });
    }
  });

  it('shows the summary and saves screenshots of board, detail and summary, light and dark', async () => {
    const BACKGROUND = { light: 'rgb(244, 245, 248)', dark: 'rgb(14, 17, 23)' } as const;
    const { key, detailId } = await seedDemo(session.server.url);
    for (const scheme of ['light', 'dark'] as const) {
      const { page, errors } = await open(`/?project=${key}`);
      await page.emulateMedia({ colorScheme: scheme });
      await page.locator('[data-card]').first().waitFor();
      // the system's scheme picks the palette, and an explicit theme overrides it either way
      const background = () => page.evaluate('getComputedStyle(document.body).backgroundColor');
      const other = scheme === 'light' ? 'dark' : 'light';
      expect(await background()).toBe(BACKGROUND[scheme]);
      await page.evaluate(`document.documentElement.dataset.theme = '${other}'`);
      expect(await background()).toBe(BACKGROUND[other]);
      await page.evaluate('delete document.documentElement.dataset.theme');
      expect(await background()).toBe(BACKGROUND[scheme]);
      await screenshot(page, `board-${scheme}`);
      await page.locator(`[data-card="${detailId}"] .card-title`).click();
      await page.locator('.timeline li').first().waitFor();
      await screenshot(page, `detail-${scheme}`);
      await page.keyboard.press('Escape');
      await page.keyboard.press('s');
      await page.locator('[data-blocked]').first().waitFor();
      await page.locator('[data-claims]').first().waitFor();
      await screenshot(page, `summary-${scheme}`);
      if (scheme === 'light') {
        expect(await page.locator('#panel-blocked').textContent()).toMatch(/Blocked \(1\)/);
        expect(await page.locator('[data-claims="claude"]').textContent()).toMatch(/Wire the SSE indicator/);
        expect(await page.locator('[data-ready]').count()).toBeGreaterThan(0);
      }
      expect(errors).toEqual([]);
      await page.close();
    }
    // A phone: the page never scrolls sideways (the columns do, inside their lane).
    const { page } = await open(`/?project=${key}`, { width: 390, height: 844 });
    await page.locator('[data-card]').first().waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await screenshot(page, 'board-phone-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.locator(`[data-card="${detailId}"] .card-title`).click();
    await page.locator('.timeline li').first().waitFor();
    await screenshot(page, 'detail-phone-dark');
    await page.close();
  });
});

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { boardSession, browserMissing, watchErrors } from './harness.js';

const missing = browserMissing();

interface T {
  id: string;
}

interface Box {
  top: number;
  bottom: number;
}

/**
 * Search marks, links to a ticket, columns that fit the window and new tickets brought into view,
 * in Chromium against the built `docket serve` (issue #13).
 */
describe.skipIf(missing !== null)(`search and scrolling on the board${missing ? ` (skipped: ${missing})` : ''}`, () => {
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
  /** Enough two-line cards that the backlog column has to scroll. */
  const fill = async (key: string, n = 30) => {
    for (let i = 1; i <= n; i++) {
      await create(key, { title: `Card ${i} with a title long enough to wrap onto a second line`, priority: 'high' });
    }
  };
  /** The window's height and the box of an element (CSS selector), as the page sees them. */
  const box = (page: Page, selector: string) =>
    page.evaluate(`(() => {
      const r = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, height: document.documentElement.clientHeight };
    })()`) as Promise<Box & { height: number }>;

  it("marks exactly the matched word, not the description's own bold", async () => {
    await project('mark');
    await create('mark', { title: 'Browser crash', description: 'Open **Safari** 17 and the tab dies' });
    const { page, errors } = await open('/?project=mark&q=safari');
    const result = page.locator('[data-result]');
    await result.locator('.snippet').waitFor();
    expect(await result.locator('mark').allTextContents()).toEqual(['Safari']);
    expect(await result.locator('.snippet').textContent()).toBe('Open **Safari** 17 and the tab dies');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens the ticket a link names, ?ticket=ACME-1, even without ?project', async () => {
    await project('acme');
    await create('acme', { title: 'Linked from a chat message' });
    // Another project was opened last in this browser: the ticket's prefix still picks its own.
    const { page, errors } = await open('/?project=mark');
    await page.locator('[data-result], .board').first().waitFor();
    await page.goto(`${session.server.url}/?ticket=ACME-1`);
    await page.getByRole('dialog', { name: 'ACME-1: Linked from a chat message' }).waitFor();
    const url = new URL(page.url());
    expect([url.searchParams.get('project'), url.searchParams.get('ticket')]).toEqual(['acme', 'ACME-1']);
    expect(errors).toEqual([]);
    await page.close();
  });

  for (const viewport of [
    { width: 1280, height: 600 },
    { width: 390, height: 844 },
  ]) {
    it(`keeps a long column inside the window, its last card reachable whole (${viewport.width}x${viewport.height})`, async () => {
      const key = `tall${viewport.width}`;
      await project(key);
      await fill(key);
      const { page } = await open(`/?project=${key}`, viewport);
      const cards = `[data-column="task/backlog"] .cards`;
      await page.locator(`${cards} [data-card]`).nth(29).waitFor({ state: 'attached' });
      const list = await box(page, cards);
      expect(list.bottom).toBeLessThanOrEqual(list.height);
      expect(
        await page.evaluate(
          `(() => { const c = document.querySelector('${cards}'); return c.scrollHeight > c.clientHeight })()`,
        ),
      ).toBe(true);
      await page.evaluate(`document.querySelector('${cards}').scrollTop = 1e6`);
      const last = await box(page, `${cards} [data-card]:last-child`);
      expect(last.bottom).toBeLessThanOrEqual(list.bottom + 0.5);
      expect(last.bottom).toBeLessThanOrEqual(last.height);
      await page.close();
    });
  }

  it('brings a ticket made in the dialog into view and focuses it', async () => {
    await project('reveal');
    await fill('reveal');
    const { page, errors } = await open('/?project=reveal', { width: 1280, height: 600 });
    await page.locator('[data-card]').nth(29).waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'New ticket' }).click();
    const form = page.getByRole('dialog', { name: 'New ticket' });
    await form.getByLabel('Title').fill('Fresh from the dialog');
    await form.getByLabel('Priority').selectOption('low'); // the lowest priority: last in its column
    await form.getByRole('button', { name: 'Create' }).click();
    await form.waitFor({ state: 'hidden' });
    const made = page.locator('[data-card]').filter({ hasText: 'Fresh from the dialog' });
    await made.waitFor();
    const id = (await made.getAttribute('data-card'))!;
    const card = `[data-card="${id}"]`;
    await expect
      .poll(() => page.evaluate(`document.activeElement?.closest('[data-card]')?.dataset.card ?? null`))
      .toBe(id);
    const list = await box(page, '[data-column="task/backlog"] .cards');
    const shown = await box(page, card);
    expect(shown.top).toBeGreaterThanOrEqual(Math.max(list.top, 0) - 0.5);
    expect(shown.bottom).toBeLessThanOrEqual(Math.min(list.bottom, shown.height) + 0.5);
    expect(errors).toEqual([]);
    await page.close();
  });
});

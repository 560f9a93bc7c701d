import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openDocket } from '../../src/open.js';
import { boardSession, browserMissing, watchErrors } from './harness.js';

interface T {
  id: string;
  status: string;
  title: string;
  version: number;
}

const missing = browserMissing();

/**
 * The board against a real `docket serve` (the built binary) in Debian's Chromium: live updates,
 * moving cards by drag and by keyboard, refused moves, and the event stream coming back by itself.
 */
describe.skipIf(missing !== null)(`the board, live, in Chromium${missing ? ` (skipped: ${missing})` : ''}`, () => {
  const session = boardSession();

  /** A fresh project and a page on its board acting as `web-tester`, live. */
  async function board(key: string, before?: (page: Page) => Promise<void>) {
    expect((await session.rest.post('/projects', { key })).status).toBe(201);
    const page = await session.browser.context.newPage();
    page.setDefaultTimeout(10_000);
    const errors = watchErrors(page);
    await page.addInitScript("localStorage.setItem('docket.actor', 'web-tester')");
    if (before) await before(page);
    await page.goto(`${session.server.url}/?project=${key}`);
    await page.locator('.board').waitFor();
    return { page, errors };
  }

  const create = async (key: string, body: Record<string, unknown>) => {
    const res = await session.rest.post<T>(`/projects/${key}/tickets`, body);
    expect(res.status).toBe(201);
    return res.json;
  };
  const card = (page: Page, id: string) => page.locator(`[data-card="${id}"]`);
  const column = (page: Page, type: string, status: string) => page.locator(`[data-column="${type}/${status}"]`);

  it('shows a card created through the API without a reload', async () => {
    const { page, errors } = await board('live');
    await page.locator('[data-live="live"]').waitFor();
    const t = await create('live', { title: 'Made by another agent', priority: 'high', labels: ['api'] });
    await column(page, 'task', 'backlog').locator(`[data-card="${t.id}"]`).waitFor();
    await expect(card(page, t.id).textContent()).resolves.toContain('Made by another agent');
    // A change by the other agent follows it across the board.
    await session.rest.post(`/projects/live/tickets/${t.id}/move`, { status: 'in_progress' });
    await column(page, 'task', 'in_progress').locator(`[data-card="${t.id}"]`).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('moves a card by drag and drop, and the API agrees', async () => {
    const { page } = await board('drag');
    const t = await create('drag', { title: 'Drag me' });
    await card(page, t.id).waitFor();
    await card(page, t.id)
      .locator('.card-id')
      .dragTo(column(page, 'task', 'in_progress'));
    await column(page, 'task', 'in_progress').locator(`[data-card="${t.id}"]`).waitFor();
    await expect
      .poll(async () => (await session.rest.get<T>(`/projects/drag/tickets/${t.id}`)).json.status)
      .toBe('in_progress');
    const history = await session.rest.get<{ items: { field: string; actor: string; new: string }[] }>(
      `/projects/drag/tickets/${t.id}/history`,
    );
    expect(history.json.items).toContainEqual(
      expect.objectContaining({ field: 'status', new: 'in_progress', actor: 'web-tester' }),
    );
    await page.close();
  });

  it('offers only legal targets, by drag and by keyboard', async () => {
    const { page } = await board('legal');
    const t = await create('legal', { title: 'Triage me', type: 'bug' });
    const source = card(page, t.id);
    await source.waitFor();

    // Keyboard: focus the card, press m; the menu lists the workflow's transitions from triage only.
    await source.locator('.card-title').focus();
    await page.keyboard.press('m');
    const menu = page.getByRole('dialog', { name: `Move ${t.id}` });
    await menu.waitFor();
    expect(await menu.locator('[data-target]').evaluateAll((b) => b.map((x) => x.getAttribute('data-target')))).toEqual(
      ['confirmed', 'wont_fix'],
    );
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });

    // Drag: mid-drag, the legal column is marked as a target and the illegal ones are not.
    const from = (await source.locator('.card-id').boundingBox())!;
    const illegal = column(page, 'bug', 'in_progress');
    const to = (await illegal.boundingBox())!;
    await page.mouse.move(from.x + 5, from.y + 5);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + 20, { steps: 8 });
    await expect.poll(() => column(page, 'bug', 'confirmed').getAttribute('data-drop')).toBe('ok');
    expect(await illegal.getAttribute('data-drop')).toBe('no');
    expect(await column(page, 'bug', 'resolved').getAttribute('data-drop')).toBe('no');
    expect(await column(page, 'bug', 'wont_fix').getAttribute('data-drop')).toBe('ok');
    expect(await column(page, 'bug', 'triage').getAttribute('data-drop')).toBe('home');
    await page.mouse.up();
    // Dropped on an illegal column: nothing is sent, the card stays.
    await expect.poll(() => illegal.getAttribute('data-drop')).toBeNull();
    expect(await column(page, 'bug', 'triage').locator(`[data-card="${t.id}"]`).count()).toBe(1);
    expect((await session.rest.get<T>(`/projects/legal/tickets/${t.id}`)).json).toMatchObject({
      status: 'triage',
      version: 1,
    });

    // The keyboard way moves it, and focus stays on the card in its new column.
    await source.locator('.card-title').focus();
    await page.keyboard.press('m');
    await menu.locator('[data-target="confirmed"]').click();
    await column(page, 'bug', 'confirmed').locator(`[data-card="${t.id}"]`).waitFor();
    await expect
      .poll(async () => (await session.rest.get<T>(`/projects/legal/tickets/${t.id}`)).json.status)
      .toBe('confirmed');
    await expect
      .poll(() => page.evaluate("document.activeElement?.closest('[data-card]')?.getAttribute('data-card')"))
      .toBe(t.id);
    await page.close();
  });

  it('refuses a stale move with the server’s message, puts the card back, and reconnects by itself', async () => {
    // The stream is cut from the start, so the board cannot hear about the other agent's edit.
    const { page } = await board('stale', async (p) => {
      await p.route('**/events', (r) => r.abort());
    });
    await page.locator('[data-live="offline"]').waitFor();
    const t = await create('stale', { title: 'Old title' });
    await page.reload();
    await card(page, t.id).waitFor();
    const edited = await session.rest.put<T>(`/projects/stale/tickets/${t.id}`, { title: 'Renamed by another agent' });
    expect(edited.status).toBe(200);

    await card(page, t.id)
      .locator('.card-id')
      .dragTo(column(page, 'task', 'in_progress'));
    const alert = page.getByRole('alert').filter({ hasText: `Could not move ${t.id}` });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/changed since you read it/);
    await column(page, 'task', 'backlog').locator(`[data-card="${t.id}"]`).waitFor();
    expect(await column(page, 'task', 'in_progress').locator(`[data-card="${t.id}"]`).count()).toBe(0);
    // The card is fetched again after the refusal: the next try starts from the server's version.
    await card(page, t.id).getByText('Renamed by another agent').waitFor();
    expect((await session.rest.get<T>(`/projects/stale/tickets/${t.id}`)).json).toMatchObject({
      status: 'backlog',
      version: 2,
    });

    // The stream is allowed again: the board reconnects without a reload and hears the next change.
    await page.unroute('**/events');
    await page.locator('[data-live="live"]').waitFor({ timeout: 15_000 });
    const later = await create('stale', { title: 'After the reconnect' });
    await card(page, later.id).waitFor();
    await page.close();
  });

  it('shows when the server is gone, comes back by itself and resumes with Last-Event-ID', async () => {
    const { page } = await board('resume');
    await page.locator('[data-live="live"]').waitFor();
    const first = await create('resume', { title: 'Seen live' });
    await card(page, first.id).waitFor();
    const resumedFrom: (string | undefined)[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/projects/resume/events')) resumedFrom.push(r.headers()['last-event-id']);
    });

    await session.server.stop();
    await page.locator('[data-live="offline"]').waitFor();
    // Written while no server runs: only a stream resumed from the last event seen can bring it.
    const docket = await openDocket(session.server.db);
    const missed = await docket
      .project('resume', { actor: 'night-shift' })
      .create({ title: 'Made while the server was down' });
    await docket.close();
    await session.restart();

    await page.locator('[data-live="live"]').waitFor({ timeout: 15_000 });
    await card(page, missed.id).waitFor();
    expect(resumedFrom.some((id) => id !== undefined && Number(id) > 0)).toBe(true);
    await page.close();
  });
});

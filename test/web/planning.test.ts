import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, boardSession, browserMissing, cli, screenshot, watchErrors } from './harness.js';

const missing = browserMissing();
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(missing !== null)(`planning on the board in Chromium${missing ? ` (skipped: ${missing})` : ''}`, () => {
  const session = boardSession();

  /** A release with three tickets (one overdue, one closed), a later one, and one undated ticket. */
  async function seed() {
    const lead = api(session.server.url, 'ada');
    const key = 'plan';
    expect((await lead.post('/projects', { key, name: 'Planning demo' })).status).toBe(201);
    expect(
      (await lead.post(`/projects/${key}/milestones`, { key: 'v1', name: 'Release 1', due: day(10) })).status,
    ).toBe(201);
    expect((await lead.post(`/projects/${key}/milestones`, { key: 'v2', name: 'Release 2' })).status).toBe(201);
    const add = async (body: Record<string, unknown>) => {
      const res = await lead.post<{ id: string }>(`/projects/${key}/tickets`, body);
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      return res.json.id;
    };
    const late = await add({ title: 'Fix the export of due dates', due: day(-2), estimate: 3, milestone: 'v1' });
    const soon = await add({ title: 'Burn-down chart', due: day(5), estimate: 5, milestone: 'v1', priority: 'high' });
    const done = await add({ title: 'Milestone list', estimate: 2, milestone: 'v1' });
    expect((await lead.post(`/projects/${key}/tickets/${done}/close`, {})).status).toBe(200);
    const later = await add({ title: 'Custom fields in search', estimate: 8, milestone: 'v2' });
    const loose = await add({ title: 'Tidy the README' });
    return { key, late, soon, done, later, loose };
  }

  it('shows due badges, overdue styling and the milestone filter; the summary draws progress, burn-down, flow and a live feed', async () => {
    const s = await seed();
    for (const scheme of ['light', 'dark'] as const) {
      const page = await session.browser.context.newPage();
      page.setDefaultTimeout(10_000);
      const errors = watchErrors(page);
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${session.server.url}/?project=${s.key}`);
      await page.locator(`[data-card="${s.late}"]`).waitFor();

      // Due badges on dated cards only; the past-due open one is marked overdue, in the danger colour.
      expect(await page.locator(`[data-card="${s.late}"] .due`).getAttribute('data-due')).toBe(day(-2));
      expect(await page.locator(`[data-card="${s.soon}"] .due`).getAttribute('data-due')).toBe(day(5));
      expect(await page.locator(`[data-card="${s.loose}"] .due`).count()).toBe(0);
      expect(
        await page.locator('.card.overdue').evaluateAll((cs) => cs.map((c) => c.getAttribute('data-card'))),
      ).toEqual([s.late]);
      const colour = (sel: string) =>
        page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(sel)})).color`);
      expect(await colour(`[data-card="${s.late}"] .due`)).not.toBe(await colour(`[data-card="${s.soon}"] .due`));
      expect(await page.locator(`[data-card="${s.late}"] .estimate`).textContent()).toBe('3 pts');
      expect(await page.locator(`[data-card="${s.later}"] .milestone`).textContent()).toContain('v2');
      await screenshot(page, `planning-board-${scheme}`);

      if (scheme === 'light') {
        // The milestone filter narrows the board and lives in the URL; None asks for no milestone.
        await page.locator('select[name="milestone"]').selectOption('v2');
        await page.waitForURL(/milestone=v2/);
        await page.locator(`[data-card="${s.late}"]`).waitFor({ state: 'detached' });
        expect(
          await page.locator('[data-card]').evaluateAll((cs) => cs.map((c) => c.getAttribute('data-card'))),
        ).toEqual([s.later]);
        await page.reload();
        await page.locator(`[data-card="${s.later}"]`).waitFor();
        expect(await page.locator('select[name="milestone"]').inputValue()).toBe('v2');
        await page.locator('select[name="milestone"]').selectOption('none');
        await page.locator(`[data-card="${s.loose}"]`).waitFor();
        expect(await page.locator('[data-card]').count()).toBe(1);
        await page.locator('select[name="milestone"]').selectOption('');
        await page.locator(`[data-card="${s.late}"]`).waitFor();

        // The detail lists the planning values.
        await page.locator(`[data-card="${s.late}"] .card-title`).click();
        const facts = page.locator('.facts');
        await facts.locator('.overdue').waitFor();
        expect(await facts.textContent()).toMatch(/Due.*\(overdue\).*Estimate3 pts.*MilestoneRelease 1/);
        await page.keyboard.press('Escape');
      }

      await page.keyboard.press('s');
      const v1 = page.locator('[data-milestone="v1"]');
      await v1.waitFor();
      // One of three tickets and 2 of 10 points are done.
      const bar = v1.getByRole('progressbar', { name: 'Release 1: tickets' });
      expect(await bar.getAttribute('aria-valuenow')).toBe('1');
      expect(await bar.getAttribute('aria-valuemax')).toBe('3');
      expect(await v1.getByRole('progressbar', { name: 'Release 1: estimate' }).getAttribute('aria-valuemax')).toBe(
        '10',
      );
      expect(await v1.locator('[data-burndown="v1"] polyline').count()).toBe(1);
      expect(await v1.locator('[data-burndown="v1"]').getAttribute('aria-label')).toMatch(/8 pts open/);
      expect(await page.locator('[data-milestone="v2"]').count()).toBe(1);
      expect(await page.locator('[data-flow]').getAttribute('aria-label')).toBe(
        'Over the last 30 days: 5 opened, 1 closed',
      );
      expect(await page.locator('[data-flow] rect.opened').count()).toBe(30);
      const feed = page.locator('.feed li');
      await feed.first().waitFor();
      // Newest first: the lead's last change, then (second pass) the agent's comment below.
      expect(await feed.first().textContent()).toMatch(scheme === 'light' ? /@ada/ : /@claude/);
      await screenshot(page, `planning-summary-${scheme}`);

      if (scheme === 'light') {
        // Live: another agent's change appears at the top of the feed without a reload.
        const agent = api(session.server.url, 'claude');
        expect((await agent.post(`/projects/${s.key}/tickets/${s.soon}/comments`, { body: 'On it' })).status).toBe(201);
        await page.locator('.feed li', { hasText: '@claude' }).first().waitFor();
        expect(await feed.first().textContent()).toMatch(new RegExp(`@claude ${s.soon} commented`));
      }
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('sets a due date, estimate and milestone in the form, and shows the API’s message beside a bad date', async () => {
    const page = await session.browser.context.newPage();
    page.setDefaultTimeout(10_000);
    const errors = watchErrors(page);
    await page.goto(`${session.server.url}/?project=plan`);
    await page.locator('[data-card]').first().waitFor();
    await page.keyboard.press('n');
    await page.locator('#f-title').fill('Planned from the board');
    await page.locator('#f-due').fill('2026-02-30');
    await page.locator('#f-estimate').fill('4');
    await page.locator('#f-milestone').selectOption('v2');
    await page.getByRole('button', { name: 'Create' }).click();
    const error = page.locator('#f-due-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/2026-02-30/);
    await page.locator('#f-due').fill(day(30));
    await page.getByRole('button', { name: 'Create' }).click();
    const card = page.locator('[data-card]', { hasText: 'Planned from the board' });
    await card.waitFor();
    expect(await card.locator('.due').getAttribute('data-due')).toBe(day(30));
    expect(await card.locator('.estimate').textContent()).toBe('4 pts');
    expect(await card.locator('.milestone').textContent()).toContain('v2');
    expect(errors.filter((e) => !/422/.test(e))).toEqual([]);
    await page.close();
  });

  it('offers the custom fields the schema file declares, shows a bad value’s message by its field, then saves', async () => {
    const file = join(session.server.dir, 'fields.toml');
    writeFileSync(
      file,
      '[fields.team]\ntype = "enum"\nvalues = ["ui", "api"]\n\n[fields.customer]\ntype = "string"\n\n[fields.size]\ntype = "number"\n',
    );
    cli(session.server.db, ['init', '--project', 'fx', file]);
    const page = await session.browser.context.newPage();
    page.setDefaultTimeout(10_000);
    const errors = watchErrors(page);
    await page.goto(`${session.server.url}/?project=fx`);
    await page.locator('.board, .empty, [data-column]').first().waitFor();
    await page.keyboard.press('n');
    await page.locator('#f-title').fill('Fields from the form');
    expect(await page.locator('#f-field-team option').allTextContents()).toEqual(['None', 'ui', 'api']);
    await page.locator('#f-field-team').selectOption('ui');
    await page.locator('#f-field-customer').fill('Globex');
    await page.locator('#f-field-size').fill('big');
    await page.getByRole('button', { name: 'Create' }).click();
    const error = page.locator('#f-field-size-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/'big' is not a number/);
    await page.locator('#f-field-size').fill('3');
    await page.getByRole('button', { name: 'Create' }).click();
    const card = page.locator('[data-card]', { hasText: 'Fields from the form' });
    await card.waitFor();
    await card.locator('.card-title').click();
    await page.locator('.facts [data-field="customer"]').waitFor();
    expect(await page.locator('.facts [data-field="customer"]').textContent()).toBe('Globex');
    expect(await page.locator('.facts [data-field="team"]').textContent()).toBe('ui');
    expect(await page.locator('.facts [data-field="size"]').textContent()).toBe('3');
    expect(errors.filter((e) => !/422/.test(e))).toEqual([]);
    await page.close();
  });
});

/**
 * The web board in Debian's Chromium against the built `docket serve`: how long until the columns
 * of a board with 2,000 open tickets are drawn (from navigation start to the board's
 * `docket:columns-drawn` mark, first with an empty cache, then warm), how long a ticket created
 * through the API takes to appear on an open board, and the gzip size of the bundle.
 * Targets (issue 7): under 1 s, and under 100 KB.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openDocket } from '../src/open.js';
import { api, CHROMIUM, launchBrowser, ROOT, startServer } from '../test/web/harness.js';
import { type BenchOptions, ms, type SectionResult } from './lib/report.js';
import { summarize } from './lib/stats.js';

const KEY = 'board';
const WARM_RUNS = 5;
const median = (xs: readonly number[]) => summarize(xs).median;
const LIVE_RUNS = 20;

/** Open tickets spread over the default workflows' open states, agents, labels and priorities. */
async function seed(db: string, open: number): Promise<void> {
  const docket = await openDocket(db);
  try {
    await docket.createProject({ key: KEY, prefix: 'B-' });
    const p = docket.project(KEY, { actor: 'bench' });
    const plan = [
      ['task', ['backlog', 'in_progress']],
      ['bug', ['triage', 'confirmed', 'in_progress']],
      ['feature', ['proposed', 'approved', 'in_progress']],
    ] as const;
    const agents = [null, 'claude', 'gpt-builder', 'gemini', 'ada', 'bob'];
    const priorities = ['urgent', 'high', 'medium', 'low', 'none'];
    const labels = ['api', 'web', 'auth', 'ci', 'docs', 'perf'];
    for (let i = 0; i < open; i++) {
      const [type, states] = plan[i % plan.length]!;
      const t = await p.create({
        type,
        title: `Ticket ${i + 1}: ${['fix', 'add', 'speed up', 'document', 'remove'][i % 5]} the ${labels[i % labels.length]} path`,
        priority: priorities[i % priorities.length]!,
        assignee: agents[i % agents.length] ?? null,
        labels: [labels[i % labels.length]!, labels[(i * 7) % labels.length]!].filter(
          (l, j, all) => all.indexOf(l) === j,
        ),
      });
      const state = states[i % states.length]!;
      // Walk the default workflow forward to the chosen open state.
      const walk: Record<string, string[]> = {
        in_progress:
          type === 'task'
            ? ['in_progress']
            : type === 'bug'
              ? ['confirmed', 'in_progress']
              : ['approved', 'in_progress'],
        confirmed: ['confirmed'],
        approved: ['approved'],
      };
      for (const step of walk[state] ?? []) await p.move(t.id, step);
    }
  } finally {
    await docket.close();
  }
}

/** Bytes of the built bundle (script and stylesheet) as gzip sends them. */
function bundleGzip(): { bytes: number; files: string[] } {
  const dir = join(ROOT, 'dist/web/assets');
  const files = readdirSync(dir).filter((f) => /\.(js|css)$/.test(f));
  return { bytes: files.reduce((n, f) => n + gzipSync(readFileSync(join(dir, f)), { level: 9 }).length, 0), files };
}

export async function run(opts: BenchOptions): Promise<SectionResult> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}; install it with apt-get install -y chromium`);
  const scales = opts.large ? [2000, 10_000] : [2000];
  const rows: (string | number)[][] = [];
  const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
  const ok = (v: number, limit: number) => (v < limit ? 'yes' : 'NO');
  for (const open of scales) {
    const dir = mkdtempSync(join(tmpdir(), 'docket-board-bench-'));
    const seeded = performance.now();
    await seed(join(dir, 'docket.db'), open);
    process.stderr.write(`board bench: ${open} open tickets seeded in ${ms(performance.now() - seeded)} ms\n`);
    const server = await startServer({ dir });
    const browser = await launchBrowser();
    try {
      const drawn = async () => {
        const page = await browser.context.newPage();
        await page.goto(`${server.url}/?project=${KEY}`);
        await page.locator('html[data-board="drawn"]').waitFor({ state: 'attached', timeout: 30_000 });
        const at = (await page.evaluate(
          "performance.getEntriesByName('docket:columns-drawn')[0]?.startTime ?? -1",
        )) as number;
        const cards = (await page.locator('[data-card]').count()) as number;
        return { page, at, cards };
      };
      const cold = await drawn();
      await cold.page.close();
      const warm: number[] = [];
      for (let i = 0; i < WARM_RUNS; i++) {
        const r = await drawn();
        warm.push(r.at);
        await r.page.close();
      }
      rows.push([
        `first render, ${open.toLocaleString('en')} open tickets, empty cache`,
        `${ms(cold.at)} ms`,
        '< 1000 ms',
        ok(cold.at, 1000),
      ]);
      rows.push([
        `first render, ${open.toLocaleString('en')} open tickets, warm (median of ${WARM_RUNS})`,
        `${ms(median(warm))} ms`,
        '< 1000 ms',
        ok(median(warm), 1000),
      ]);
      rows.push([
        `cards drawn at first (${open.toLocaleString('en')} loaded; 100 per column, more on demand)`,
        cold.cards,
        '',
        '',
      ]);

      if (open === scales[0]) {
        // Live: a ticket created through the API, until its card is in the page.
        const { page } = await drawn();
        await page.locator('[data-live="live"]').waitFor();
        const rest = api(server.url, 'bench-agent');
        const lags: number[] = [];
        for (let i = 0; i < LIVE_RUNS; i++) {
          const start = performance.now();
          const made = await rest.post<{ id: string }>(`/projects/${KEY}/tickets`, {
            title: `live ${i}`,
            priority: 'urgent',
          });
          await page.locator(`[data-card="${made.json.id}"]`).waitFor({ timeout: 10_000 });
          lags.push(performance.now() - start);
        }
        await page.close();
        rows.push([
          `live: API create → card drawn (median of ${LIVE_RUNS})`,
          `${ms(median(lags))} ms`,
          '< 1000 ms',
          ok(median(lags), 1000),
        ]);
        rows.push([
          `live: slowest of ${LIVE_RUNS}`,
          `${ms(Math.max(...lags))} ms`,
          '< 1000 ms',
          ok(Math.max(...lags), 1000),
        ]);
      }
    } finally {
      await browser.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const bundle = bundleGzip();
  rows.push(['bundle, gzip -9 (script + stylesheet)', kb(bundle.bytes), '< 100 KB', ok(bundle.bytes, 100 * 1024)]);
  return {
    title: 'Web board (Chromium, built docket serve)',
    columns: ['measure', 'value', 'target', 'met'],
    rows,
    notes: [
      'First render: navigation start to the first frame with every column and its cards (the board marks it docket:columns-drawn); it includes fetching the cards page by page (500 per request) and the live stream opening first.',
      `Bundle files: ${bundle.files.join(', ')}; the server sends them gzipped, cached for a year (names carry a content hash).`,
      'Live lag includes the REST create, the change feed, the SSE frame, the board fetching the ticket, and Playwright noticing the card.',
    ],
  };
}

/**
 * Webhooks (issue 16): what three active subscriptions cost ticket creation, and how long a change
 * takes from commit to a receiver. Two SQLite stores, each with a delivery worker running in the
 * same process as the writer (as inside `docket serve`): one with no subscriptions, one with three,
 * each to its own receiver on 127.0.0.1 (in another process). Rounds alternate between the stores so that both see the
 * same machine; the ratio compares medians measured in this one run. Target: creates within 1.1x.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Docket } from '../src/core/docket.js';
import type { WebhookWorker } from '../src/core/webhook-worker.js';
import { openDocket } from '../src/open.js';
import { tempDir } from '../test/support/temp.js';
import { type BenchOptions, ms, type SectionResult } from './lib/report.js';
import { summarize } from './lib/stats.js';

const ROUNDS = 7;
const PER_ROUND = 200;
const SUBSCRIPTIONS = 3;
const LAG_SAMPLES = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function store(path: string) {
  const docket = await openDocket(path, { create: true });
  await docket.createProject({ key: 'bench' });
  const project = docket.project('bench', { actor: 'bench' });
  await project.setConfig('webhook_allow_private', true);
  return { docket, project };
}

/** Creates per second over one round of `PER_ROUND` creates; records each create's commit time. */
async function round(p: Awaited<ReturnType<typeof store>>['project'], committed: Map<number, number>) {
  const started = performance.now();
  for (let i = 0; i < PER_ROUND; i++) {
    const t = await p.create({ title: `bench ticket ${i}`, labels: ['bench'] });
    committed.set(t.number, Date.now());
  }
  return (performance.now() - started) / PER_ROUND;
}

export async function run(_opts: BenchOptions): Promise<SectionResult> {
  const tmp = tempDir('docket-webhooks-bench-');
  const receivedAt = new Map<number, number>();
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('./lib/receivers.mjs', import.meta.url)), String(SUBSCRIPTIONS)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const urls = await new Promise<string[]>((resolve) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('[')) resolve(JSON.parse(line) as string[]);
      else {
        const [n, at] = line.split(' ').map(Number) as [number, number];
        receivedAt.set(n, at);
      }
    });
  });
  const workers: WebhookWorker[] = [];
  const dockets: Docket[] = [];
  try {
    const none = await store(join(tmp.dir, 'none.db'));
    const three = await store(join(tmp.dir, 'three.db'));
    dockets.push(none.docket, three.docket);
    for (const url of urls) await three.project.addWebhook({ url, events: ['created'] });
    for (const d of dockets) workers.push(d.webhookWorker().start());

    const committed = new Map<number, number>();
    const scratch = new Map<number, number>();
    await round(none.project, scratch); // warm-up, both stores
    await round(three.project, committed);
    const perCreate = { none: [] as number[], three: [] as number[] };
    // Alternating, and each store first in every other round, so neither gains from going first.
    for (let r = 0; r < ROUNDS; r++) {
      if (r % 2) perCreate.three.push(await round(three.project, committed));
      perCreate.none.push(await round(none.project, scratch));
      if (!(r % 2)) perCreate.three.push(await round(three.project, committed));
    }
    const total = (ROUNDS + 1) * PER_ROUND;
    const deadline = Date.now() + 60_000;
    while (receivedAt.size < total && Date.now() < deadline) await sleep(50);
    const burst = receivedAt.size;
    // The lag at a steady pace (one change every 25 ms), once the bursts above are delivered.
    const paced = new Map<number, number>();
    for (let i = 0; i < LAG_SAMPLES; i++) {
      const t = await three.project.create({ title: `paced ${i}` });
      paced.set(t.number, Date.now());
      await sleep(25);
    }
    while (receivedAt.size < total + LAG_SAMPLES && Date.now() < deadline + 30_000) await sleep(50);
    const lags = [...paced].filter(([n]) => receivedAt.has(n)).map(([n, at]) => receivedAt.get(n)! - at);
    const burstLags = [...committed].filter(([n]) => receivedAt.has(n)).map(([n, at]) => receivedAt.get(n)! - at);
    const a = summarize(perCreate.none);
    const b = summarize(perCreate.three);
    const lag = summarize(lags);
    const burstLag = summarize(burstLags);
    const ratio = b.median / a.median;
    return {
      title: 'Webhooks: create cost of 3 subscriptions, commit-to-receipt lag (SQLite, worker in process)',
      columns: ['measure', 'value', 'target', 'met'],
      rows: [
        ['ms per create, no subscriptions (median of rounds)', ms(a.median), '', ''],
        ['ms per create, 3 active subscriptions (median of rounds)', ms(b.median), '', ''],
        ['ratio 3 subscriptions / none', `${ratio.toFixed(2)}x`, '≤ 1.10x', ratio <= 1.1 ? 'yes' : 'NO'],
        ['lag commit → receipt, ms, p50 (one change per 25 ms)', ms(lag.median), '', ''],
        ['lag commit → receipt, ms, p99 (one change per 25 ms)', ms(lag.p99), '', ''],
        ['lag commit → receipt, ms, p50 / p99 in the bursts', `${ms(burstLag.median)} / ${ms(burstLag.p99)}`, '', ''],
        ['burst events delivered / created', `${burst} / ${total}`, 'all', burst === total ? 'yes' : 'NO'],
      ],
      notes: [
        `${ROUNDS} rounds (alternating which store goes first) of ${PER_ROUND} creates per store after a warm-up round; each create is one transaction.`,
        'The worker polls every 200 ms, so a paced change waits half that on average; each receiver answers 200 at once.',
        'During a burst, changes queue: each subscription sends one request at a time, in commit order.',
        'Figures on a shared 2-core machine are noisy: compare the ratio, measured in one run, not the absolute times.',
      ],
    };
  } finally {
    for (const w of workers) await w.stop();
    for (const d of dockets) await d.close();
    child.stdin!.end();
    tmp.cleanup();
  }
}

/** Timing for the benchmarks: Docket and its raw floor measured in alternating batches of the same run. */

export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly p99: number;
  readonly mean: number;
}

export function summarize(ms: readonly number[]): Summary {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { n: sorted.length, median, p99: at(0.99), mean: sorted.reduce((s, x) => s + x, 0) / sorted.length };
}

export interface Plan {
  /** Samples per side, at most. */
  readonly samples: number;
  /** Wall-clock budget for both sides together, in ms; at least `minSamples` are taken anyway. */
  readonly budgetMs: number;
  readonly warmup: number;
  /** Operations per side before switching to the other, so drift on a noisy machine hits both alike. */
  readonly batch: number;
}

const MIN_SAMPLES = 5;

/**
 * Runs `docket(i)` and `raw(i)` (i counting from 0 on each side) in alternating batches, the side
 * going first swapping every round, and returns both sides' timings in ms.
 */
export async function compare(
  docket: (i: number) => Promise<unknown>,
  raw: (i: number) => unknown,
  plan: Plan,
): Promise<{ docket: Summary; raw: Summary }> {
  let di = 0;
  let ri = 0;
  for (let w = 0; w < plan.warmup; w++) {
    await docket(di++);
    raw(ri++);
  }
  const d: number[] = [];
  const r: number[] = [];
  const runDocket = async () => {
    for (let k = 0; k < plan.batch && d.length < plan.samples; k++) {
      const t0 = performance.now();
      await docket(di++);
      d.push(performance.now() - t0);
    }
  };
  const runRaw = () => {
    for (let k = 0; k < plan.batch && r.length < plan.samples; k++) {
      const t0 = performance.now();
      raw(ri++);
      r.push(performance.now() - t0);
    }
  };
  const started = performance.now();
  for (let round = 0; d.length < plan.samples || r.length < plan.samples; round++) {
    if (performance.now() - started > plan.budgetMs && d.length >= MIN_SAMPLES && r.length >= MIN_SAMPLES) break;
    if (round % 2) {
      runRaw();
      await runDocket();
    } else {
      await runDocket();
      runRaw();
    }
  }
  return { docket: summarize(d), raw: summarize(r) };
}

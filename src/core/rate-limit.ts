/**
 * A token bucket per caller (a token's id, or the client address for local callers): `rate` requests
 * per second on average, bursts up to `burst`. In process: each server instance limits on its own.
 */
export interface RateLimitOptions {
  /** Requests per second per caller; 0 turns the limit off. */
  readonly rate: number;
  /** Requests a caller may make at once after being idle (default 4 × rate, at least 20). */
  readonly burst?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly burst: number;

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.burst = options.burst ?? Math.max(20, options.rate * 4);
  }

  /** Takes one request from `caller`'s bucket: 0 when allowed, else the seconds to wait. */
  take(caller: string): number {
    if (this.options.rate <= 0) return 0;
    const now = this.now();
    let b = this.buckets.get(caller);
    if (!b) {
      if (this.buckets.size > 10_000) this.sweep(now);
      b = { tokens: this.burst, at: now };
      this.buckets.set(caller, b);
    } else {
      b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.options.rate);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return (1 - b.tokens) / this.options.rate;
  }

  /** Drops buckets that have refilled completely, so many one-off callers cannot grow the map forever. */
  private sweep(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.options.rate >= this.burst) this.buckets.delete(key);
    }
  }
}
